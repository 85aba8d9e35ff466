"""Uploads in and out: the stored-XSS attack of the security audit (issue 12, item 1) and
content-against-extension checks (issue 11, item 12)."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gonghui.activities.models import ActivityFile, ActivityPhoto
from gonghui.activities.tests.factories import ActivityFactory
from gonghui.core import uploads

PAYLOAD = b"*/=alert(document.domain);//"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def polyglot_gif() -> bytes:
    """A GIF that is also JavaScript: 10799 pixels wide writes the width as the bytes "/*", so the
    image is one JS comment, closed after the GIF's end, followed by the script."""
    out = io.BytesIO()
    Image.new("P", (10799, 1), 0).save(out, "GIF")
    data = out.getvalue()
    assert data[:8] in (b"GIF87a/*", b"GIF89a/*") and b"*/" not in data
    return data + PAYLOAD


def image_bytes(kind="PNG", size=(8, 8), **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, kind, **options)
    return out.getvalue()


def office(marker: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(marker, "<x/>")
    return out.getvalue()


def test_the_polyglot_is_really_a_gif_and_javascript():
    data = polyglot_gif()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "GIF" and image.size == (10799, 1)
    assert data.endswith(PAYLOAD)


def test_a_gif_javascript_polyglot_and_an_html_page_cannot_run(login, world):
    """The attack: the polyglot uploaded as evil.js, then page.html with <script src=evil.js>."""
    activity = ActivityFactory(org=world.union_a)
    client = login(world.chair_a)
    photos = reverse("activities:upload_photos", args=[activity.pk])
    files = reverse("activities:upload_file", args=[activity.pk])

    body = client.post(photos, {"photos": SimpleUploadedFile("evil.js", polyglot_gif())}, follow=True)
    assert "不符" in body.content.decode() and not activity.photos.exists()

    client.post(photos, {"photos": SimpleUploadedFile("evil.gif", polyglot_gif())})
    photo = activity.photos.get()
    assert photo.image.name.endswith(".png") and "evil" not in photo.image.name
    for size in ("full", "thumb", ""):
        shown = client.get(reverse("activities:photo", args=[photo.pk]) + f"?size={size}")
        content = b"".join(shown.streaming_content)
        assert shown["Content-Type"] in ("image/png", "image/jpeg")
        assert shown["X-Content-Type-Options"] == "nosniff"
        assert b"alert" not in content  # re-encoded: the script is gone

    page = b'<html><script src="/activities/photos/x/"></script></html>'
    body = client.post(files, {"file": SimpleUploadedFile("page.html", page)}, follow=True)
    assert "文件类型不支持" in body.content.decode() and not activity.files.exists()


def test_files_stored_before_the_fix_are_served_inert(login, world):
    """Rows from before: the uploader's name and raw bytes on disk. The type comes from the content."""
    activity = ActivityFactory(org=world.union_a)
    photo = ActivityPhoto(activity=activity, org=activity.org)
    photo.image.save("evil.js", ContentFile(polyglot_gif()), save=True)
    page = ActivityFile(activity=activity, org=activity.org, name="page.html")
    page.file.save("page.html", ContentFile(b"<html><script>alert(1)</script></html>"), save=True)
    client = login(world.chair_a)

    shown = client.get(reverse("activities:photo", args=[photo.pk]) + "?size=full")
    assert shown["Content-Type"] == "image/gif" and shown["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in shown.get("Content-Disposition", "")
    assert "sandbox" in shown["Content-Security-Policy"]

    served = client.get(reverse("activities:file", args=[page.pk]))
    assert served["Content-Type"] == "application/octet-stream"
    assert served["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("name", "data", "allowed", "reason"),
    [
        ("通知.docx", image_bytes(), uploads.DOCUMENTS, "与扩展名 .docx 不符"),  # issue 11: PNG as .docx
        ("名单.xlsx", office("word/document.xml"), uploads.DOCUMENTS, "与扩展名 .xlsx 不符"),
        ("报告.pdf", b"<html>not a pdf</html>", uploads.DOCUMENTS, "文件类型不支持"),
        ("照片.jpg", b"MZ\x90\x00 an exe", uploads.PHOTOS, "不是有效的图片"),
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, uploads.PHOTOS, "不是有效的图片"),
        ("a.zip", office("other.xml"), uploads.DOCUMENTS, "文件类型不支持"),
        ("空.pdf", b"", uploads.DOCUMENTS, "是空的"),
        ("名册.csv", bytes(range(256)) * 10, uploads.SHEETS, "文件类型不支持"),
    ],
)
def test_content_must_match_the_name_and_the_allowed_types(name, data, allowed, reason):
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.accept_upload(SimpleUploadedFile(name, data), allowed=allowed, max_bytes=uploads.MB)
    assert reason in refused.value.messages[0]


@pytest.mark.parametrize(
    ("name", "data", "kind", "stored_as"),
    [
        ("通知.docx", office("word/document.xml"), "docx", ".docx"),
        ("名单.XLSX", office("xl/workbook.xml"), "xlsx", ".xlsx"),
        ("报告.pdf", b"%PDF-1.4\n%test\n", "pdf", ".pdf"),
        ("合影.jpg", image_bytes("PNG"), "png", ".png"),  # a mislabelled photo is stored as what it is
        ("动图.gif", image_bytes("GIF"), "png", ".png"),
        ("名册.csv", "姓名,身份证号\n张三,1\n".encode("gbk"), "csv", ".csv"),
    ],
)
def test_accepted_files_get_our_name_and_the_detected_extension(name, data, kind, stored_as):
    stored = uploads.accept_upload(
        SimpleUploadedFile(name, data), allowed=uploads.DOCUMENTS | uploads.SHEETS, max_bytes=uploads.MB
    )
    assert stored.kind == kind and stored.name.endswith(stored_as)
    assert name.rsplit(".", 1)[0] not in stored.name


def test_photos_lose_their_exif_and_what_follows_the_image():
    exif = Image.Exif()
    exif[0x010F] = "Camera maker with GPS"
    data = image_bytes("JPEG", exif=exif.tobytes()) + b"<script>alert(1)</script>"
    stored = uploads.accept_upload(
        SimpleUploadedFile("a.jpg", data), allowed=uploads.PHOTOS, max_bytes=uploads.MB
    )
    content = stored.content.read()
    assert b"Camera maker" not in content and b"<script>" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    data = image_bytes("PNG", size=(10000, 6000))  # one colour: a small file, 60 megapixels
    assert len(data) < uploads.MB
    with pytest.raises(uploads.UploadRefused, match="像素过多"):
        uploads.accept_upload(
            SimpleUploadedFile("big.png", data), allowed=uploads.PHOTOS, max_bytes=uploads.MB
        )


def test_care_and_plan_uploads_are_served_with_the_detected_type(login, world):
    from gonghui.care.tests.factories import HardshipCaseFactory
    from gonghui.members.tests.factories import MemberFactory

    member = MemberFactory(org=world.union_a)
    case = HardshipCaseFactory(org=world.union_a, member=member)
    client = login(world.chair_a)
    response = client.post(
        reverse("care:document_add", args=[case.pk]),
        {"title": "证明", "file": SimpleUploadedFile("证明.pdf", image_bytes("PNG"))},
    )
    assert response.status_code == 422 and "不符" in response.content.decode()
    client.post(
        reverse("care:document_add", args=[case.pk]),
        {"title": "证明", "file": SimpleUploadedFile("证明.png", image_bytes("PNG"))},
    )
    document = case.documents.get()
    download = client.get(reverse("care:document", args=[document.pk]))
    assert download["Content-Type"] == "image/png" and download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
