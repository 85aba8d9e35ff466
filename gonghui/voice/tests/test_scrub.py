"""An anonymous letter's attachments are stored without what names their writer: PDF Info and XMP,
Office document properties and reviewers, photo EXIF/GPS, and the file's own name. Each test
reads the stored file back."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from gonghui.voice import services
from gonghui.voice.models import Channel

pytestmark = pytest.mark.django_db
WRITER = "张三"
ARTIST = "Zhang San"  # EXIF text is ASCII


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata(
        {"/Author": WRITER, "/Creator": "WPS 张三的电脑", "/Producer": "WPS PDF", "/Title": "张三的投诉"}
    )
    xmp = DecodedStreamObject()
    xmp.set_data(
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{WRITER}</dc:creator></x:xmpmeta>'.encode()
    )
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    out = io.BytesIO()
    writer.write(out)
    assert WRITER.encode("utf-16-be") in out.getvalue() or WRITER.encode() in out.getvalue()
    return out.getvalue()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("食堂后厨卫生很差，请工会督促。")
    props = document.core_properties
    props.author, props.last_modified_by, props.title = WRITER, WRITER, "张三的信"
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source:  # add a company, as Word does
        app = source.read("docProps/app.xml").replace(
            b"</Properties>", "<Company>某某厂设备科</Company></Properties>".encode()
        )
        parts = {i.filename: source.read(i) for i in source.infolist()}
    parts["docProps/app.xml"] = app
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return rebuilt.getvalue()


def _photo() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x013B] = ARTIST
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _send(world, name, data, *, anonymous=True):
    upload = services.accept_attachment(SimpleUploadedFile(name, data))
    letter = services.submit_suggestion(
        by=world.member_a,
        channel=Channel.MAILBOX,
        title="食堂卫生",
        body="后厨卫生差。",
        anonymous=anonymous,
        attachments=[upload],
    )
    stored = letter.attachments.get()
    with stored.file.open("rb") as handle:
        return stored, handle.read()


def test_pdf_info_and_xmp_are_gone(world):
    stored, data = _send(world, "张三的投诉.pdf", _pdf())
    reader = PdfReader(io.BytesIO(data))
    assert not reader.metadata  # no Info dictionary: no Author, Creator, Producer, Title
    assert "/Metadata" not in reader.trailer["/Root"]
    assert WRITER.encode() not in data and WRITER.encode("utf-16-be") not in data and b"WPS" not in data
    assert len(reader.pages) == 1
    assert stored.name == "附件1.pdf"


def test_docx_core_and_app_properties_are_gone(world):
    stored, data = _send(world, "张三的信.docx", _docx())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core, app = archive.read("docProps/core.xml"), archive.read("docProps/app.xml")
    assert WRITER.encode() not in core and b"creator" not in core and b"lastModifiedBy" not in core
    assert "某某厂".encode() not in app and b"Company" not in app
    assert "食堂后厨" in docx.Document(io.BytesIO(data)).paragraphs[0].text  # still a Word file
    assert docx.Document(io.BytesIO(data)).core_properties.author == ""
    assert stored.name == "附件1.docx"


def test_word_reviewers_are_blanked():
    from gonghui.voice import scrub

    part = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + f'<w:body><w:ins w:id="1" w:author="{WRITER}"><w:r><w:rFonts w:name="宋体"/></w:r></w:ins></w:body>'.encode()
        + b"</w:document>"
    )
    out = scrub._without_people(part)
    assert WRITER.encode() not in out and "宋体".encode() in out


def test_photo_exif_and_gps_are_gone(world):
    original = Image.open(io.BytesIO(_photo()))
    assert original.getexif().get(0x013B) == ARTIST  # the fixture does carry them
    assert original.getexif().get_ifd(0x8825)
    stored, data = _send(world, "IMG_0001.jpg", _photo())
    image = Image.open(io.BytesIO(data))
    assert not image.getexif() and "exif" not in image.info
    assert ARTIST.encode() not in data
    assert stored.name == "附件1.jpg"


def test_a_signed_letter_keeps_its_file_name(world):
    stored, _ = _send(world, "设备科意见.docx", _docx(), anonymous=False)
    assert stored.name == "设备科意见.docx"


def test_an_old_word_file_is_refused_for_an_anonymous_letter(world):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ValidationError) as refused:
        _send(world, "信.doc", ole)
    assert "另存为" in str(refused.value)
