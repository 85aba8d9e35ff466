"""Every uploaded file goes in and out through here.

In: the type is read from the content (never from the name or the browser), checked against the
name's extension and the types the form allows, images are decoded and re-encoded with Pillow
(a GIF that is also valid JavaScript, or a JPEG carrying an HTML payload or GPS EXIF, comes out as
plain pixels), and the file is stored under our own name: a random id with the extension of the
detected type. Out: the type is read from the stored content again and served with that type only
(never HTML or JavaScript), `nosniff`, and as an attachment unless it is an image.
"""

from __future__ import annotations

import codecs
import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.http import FileResponse, Http404
from PIL import Image, ImageOps, UnidentifiedImageError


@dataclass(frozen=True)
class Kind:
    label: str  # as the user knows it
    extension: str  # of the stored file
    content_type: str
    extensions: frozenset[str]  # the names a user may give such a file


def _kind(label, extension, content_type, *others) -> Kind:
    return Kind(label, extension, content_type, frozenset({extension, *others}))


KINDS = {
    "jpeg": _kind("JPG 图片", "jpg", "image/jpeg", "jpeg", "jpe", "jfif"),
    "png": _kind("PNG 图片", "png", "image/png"),
    "webp": _kind("WebP 图片", "webp", "image/webp"),
    "gif": _kind("GIF 图片", "gif", "image/gif"),
    "pdf": _kind("PDF", "pdf", "application/pdf"),
    "docx": _kind(
        "Word 文档", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xlsx": _kind(
        "Excel 表格", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsm"
    ),
    "pptx": _kind(
        "PowerPoint 演示文稿",
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "ods": _kind("ODS 表格", "ods", "application/vnd.oasis.opendocument.spreadsheet"),
    "doc": _kind("旧版 Word 文档", "doc", "application/msword"),
    "xls": _kind("旧版 Excel 表格", "xls", "application/vnd.ms-excel"),
    "csv": _kind("文本文件（CSV）", "csv", "text/csv; charset=utf-8", "txt"),
}
IMAGES = frozenset({"jpeg", "png", "webp", "gif"})
PHOTOS = IMAGES
DOCUMENTS = IMAGES | {"pdf", "docx", "xlsx", "pptx", "doc", "xls"}
SHEETS = frozenset({"xlsx", "xls", "ods", "csv"})

MB = 1024 * 1024
# A photo of 50 megapixels is already more than any phone takes; more is a decompression bomb.
MAX_PIXELS = 50_000_000
HEAD_BYTES = 64 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The part of an Office file that says what it is.
ZIP_MARKERS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
# What Pillow writes for each image it accepts (a GIF becomes a still PNG: its first frame).
REENCODE = {
    "JPEG": ("jpeg", "JPEG"),
    "MPO": ("jpeg", "JPEG"),
    "PNG": ("png", "PNG"),
    "WEBP": ("webp", "WEBP"),
}
REENCODE["GIF"] = ("png", "PNG")


class UploadRefused(ValidationError):
    """Why an upload was refused, in Chinese, saying what to upload instead."""


@dataclass
class StoredFile:
    """An accepted upload, ready for `FieldFile.save(stored.name, stored.content)`."""

    name: str  # ours: a random id and the extension of the detected type
    content: File
    kind: str
    original_name: str  # what the uploader called it, for display only

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type

    @property
    def size(self) -> int:
        return self.content.size

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGES

    def as_file(self) -> ContentFile:
        """For assigning to a model's FileField: saved under our name with the row."""
        return File(self.content, name=self.name)

    def display_name(self) -> str:
        """The uploader's name with the extension of what the file really is."""
        stem = PurePath(self.original_name).stem[:150] or "文件"
        return f"{stem}.{KINDS[self.kind].extension}"


def labels(kinds) -> str:
    return "、".join(dict.fromkeys(KINDS[k].label for k in sorted(kinds)))


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


# ---- detecting the type from the content


def detect(head: bytes, opener=None, *, name: str = "") -> str | None:
    """The kind the bytes say the file is, or None. `opener()` gives the whole file for zip types."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(opener) if opener else None
    if head.startswith(OLE):
        # Word and Excel 97-2003 share the container; the name tells which, the content that it is one.
        return extension_of(name) if extension_of(name) in ("doc", "xls") else None
    return "csv" if _is_text(head) else None


def _zip_kind(opener) -> str | None:
    try:
        with opener() as handle, zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == KINDS["ods"].content_type.encode():
                return "ods"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for marker, kind in ZIP_MARKERS.items() if marker in names), None)


def _is_text(head: bytes) -> bool:
    """Text in UTF-8 or GB18030 (GBK) without control bytes: what a CSV from Excel or WPS is."""
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(head)  # not final: the head may end inside a character
        except UnicodeDecodeError:
            continue
        return not any(ord(ch) < 32 and ch not in "\t\r\n\x0c" for ch in text)
    return False


# ---- in


def accept_upload(upload, *, allowed, max_bytes: int, what: str = "文件") -> StoredFile:
    """The upload as we store it, or UploadRefused with the reason and what to upload instead."""
    name = PurePath(upload.name or "").name
    kind = check_upload(upload, allowed=allowed, max_bytes=max_bytes, what=what)
    if kind in IMAGES:
        kind, data = _reencoded(upload, name, what)
        content = ContentFile(data)
    else:
        upload.seek(0)
        content = File(upload)  # streamed to storage from the upload's own temporary file
    return StoredFile(
        name=f"{uuid.uuid4().hex}.{KINDS[kind].extension}", content=content, kind=kind, original_name=name
    )


def check_upload(upload, *, allowed, max_bytes: int, what: str = "文件") -> str:
    """The kind of an acceptable upload, read from its content and checked against its name."""
    name = PurePath(upload.name or "").name
    if not upload.size:
        raise UploadRefused(f"{what}「{name}」是空的，请重新选择文件。")
    if upload.size > max_bytes:
        raise UploadRefused(f"{what}「{name}」超过 {max_bytes // MB} MB 的大小限制，请压缩或拆分后再上传。")
    kind = _detected(upload, name)
    declared = extension_of(name)
    if kind not in allowed:
        raise UploadRefused(_not_allowed(what, name, kind, allowed))
    if declared and not _declared_fits(declared, kind):
        raise UploadRefused(
            f"{what}「{name}」的内容是{KINDS[kind].label}，与扩展名 .{declared} 不符："
            f"请上传真正的 .{declared} 文件，或把扩展名改为 .{KINDS[kind].extension} 后再上传。"
        )
    if kind in ("xlsx", "ods") and allowed <= SHEETS:  # a sheet to import: no zip bomb at the door
        upload.seek(0)
        check_archive(_Unclosed(upload), error=UploadRefused)
        upload.seek(0)
    return kind


def _not_allowed(what: str, name: str, kind: str | None, allowed) -> str:
    if allowed <= IMAGES:
        return f"{what}「{name}」不是有效的图片（文件类型不支持），请上传 {labels(allowed)}。"
    found = f"是{KINDS[kind].label}" if kind else "的内容无法识别"
    return f"{what}「{name}」{found}，文件类型不支持：这里只能上传 {labels(allowed)}。"


def _detected(upload, name: str) -> str | None:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)

    def opener():
        upload.seek(0)
        return _Unclosed(upload)

    return detect(head, opener, name=name)


class _Unclosed(io.BufferedIOBase):
    """The upload for zipfile, which closes what it was given: the form still needs it open."""

    def __init__(self, raw):
        self.raw = raw

    def readable(self):
        return True

    def seekable(self):
        return True

    def read(self, size=-1):
        return self.raw.read(size)

    def seek(self, offset, whence=0):
        return self.raw.seek(offset, whence)

    def tell(self):
        return self.raw.tell()


def _declared_fits(declared: str, kind: str) -> bool:
    if kind in IMAGES:  # phones and chat apps mislabel photos all the time; we re-encode them anyway
        return any(declared in KINDS[k].extensions for k in IMAGES)
    return declared in KINDS[kind].extensions


def _reencoded(upload, name: str, what: str) -> tuple[str, bytes]:
    """Pixels only: decoded and written anew, upright, with no EXIF and nothing after the image."""
    refused = UploadRefused(
        f"{what}「{name}」不是有效的图片（文件不完整或已损坏），请重新拍摄或导出后再上传。"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UploadRefused(f"{what}「{name}」的像素过多，请缩小到 5000 万像素以内再上传。")
            kind, pillow_format = REENCODE.get(image.format, (None, None))
            if kind is None:
                raise refused
            image.load()
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            _save(_for_format(upright, pillow_format), out, pillow_format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, EOFError):
        raise refused from None
    finally:
        upload.seek(0)
    return kind, out.getvalue()


def _for_format(image: Image.Image, pillow_format: str) -> Image.Image:
    if pillow_format == "JPEG" and image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    if pillow_format in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA"):
        return image.convert("RGBA")
    return image


def _save(image: Image.Image, out, pillow_format: str) -> None:
    options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {"optimize": False}}
    image.info.clear()  # no EXIF, ICC comments or text chunks carried over
    image.save(out, pillow_format, **options[pillow_format])


# ---- limits of an import
#
# A spreadsheet is a zip: 4 MB on the wire may unpack to gigabytes of XML and millions of rows.
# The readers check both, against settings, before and while they read.


# Real rosters and payment lists (distinct names and ID numbers) pack 5 to 20 times; the audit's
# bomb packed 1 GB of XML 256 times. Above the floor, a ratio like that is refused outright.
BOMB_RATIO = 100
BOMB_FLOOR = 50 * MB


def check_archive(path, *, error=ValueError) -> None:
    """Refuse (raise `error`) a zip whose content unpacks beyond GONGHUI_IMPORT_MAX_UNCOMPRESSED_MB."""
    limit = settings.GONGHUI_IMPORT_MAX_UNCOMPRESSED_MB
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
            packed = sum(item.compress_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip (CSV, old .xls): the reader says what is wrong with it
    if unpacked > BOMB_FLOOR and unpacked > BOMB_RATIO * max(packed, 1):
        raise error(
            f"表格压缩得异常小（解压后约 {unpacked // MB} MB，是文件的 {unpacked // max(packed, 1)} 倍），"
            "里面多半是大量重复或空白的内容：请把数据复制到新表格中另存后再导入。"
        )
    if unpacked > limit * MB:
        raise error(
            f"表格解压后超过 {limit} MB（约 {unpacked // MB} MB），可能含有大量空白或隐藏内容："
            "请把数据复制到新表格中另存，或拆分成几个文件后分批导入。"
        )


def capped_rows(rows, *, error=ValueError):
    """The rows, raising `error` past GONGHUI_IMPORT_MAX_ROWS instead of reading on for hours."""
    limit = settings.GONGHUI_IMPORT_MAX_ROWS
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise error(f"表格超过 {limit:,} 行，请拆分成几个文件后分批导入。")
        yield row


# ---- out


def stored_kind(field_file) -> str | None:
    """The kind of a stored file, read from its content (older files kept the uploader's name)."""
    with field_file.storage.open(field_file.name, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    return detect(head, lambda: field_file.storage.open(field_file.name, "rb"), name=field_file.name)


def serve_upload(field_file, *, download_name: str | None = None) -> FileResponse:
    """The stored file with the type its content shows: images inline, all else as an attachment.

    A type we do not know is sent as bytes to save, never as text, HTML or script; `nosniff` stops
    the browser from guessing otherwise, and the sandbox CSP keeps a file opened directly inert.
    """
    try:
        kind = stored_kind(field_file)
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404("文件不存在。") from None
    inline = kind in IMAGES and download_name is None
    content_type = "application/octet-stream" if kind in (None, "csv") else KINDS[kind].content_type
    name = _named_for(download_name or PurePath(field_file.name).name, kind)
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _named_for(name: str, kind: str | None) -> str:
    """The download's name ends with the extension of what the file is."""
    if kind is None or name.rpartition(".")[2].lower() in KINDS[kind].extensions:
        return name
    return f"{name}.{KINDS[kind].extension}"
