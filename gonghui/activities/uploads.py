"""Checking and resizing uploads. The type is read from the content, never from the name or the browser."""

from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_MAX_BYTES = 10 * 1024 * 1024
FILE_MAX_BYTES = 20 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 480

# Leading bytes of the document types a ledger keeps: PDF, Office (zip or OLE), JPEG, PNG.
FILE_SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"PK\x03\x04": ("zip", "application/zip"),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": ("ole", "application/msword"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
}
OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class UploadError(ValueError):
    """A user-facing reason (Chinese) why an upload was refused."""


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def check_photo(upload) -> None:
    if upload.size > PHOTO_MAX_BYTES:
        raise UploadError(f"照片「{upload.name}」超过 {_megabytes(PHOTO_MAX_BYTES)} 的大小限制。")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()  # verify() does not decode: a truncated photo fails here, not while resizing
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise UploadError(f"「{upload.name}」不是有效的图片，请上传 JPG、PNG 或 WEBP 照片。")
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise UploadError(f"「{upload.name}」的图片格式 {kind} 不支持，请上传 JPG、PNG 或 WEBP 照片。")


def resized_jpeg(upload, longest_side: int) -> bytes:
    """A JPEG whose longest side is at most `longest_side`, turned upright by its EXIF orientation."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        image.thumbnail((longest_side, longest_side))
        out = BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True)
    upload.seek(0)
    return out.getvalue()


def check_file(upload) -> str:
    """The content type of an acceptable document, or UploadError naming the limit or the allowed types."""
    if upload.size > FILE_MAX_BYTES:
        raise UploadError(f"文件「{upload.name}」超过 {_megabytes(FILE_MAX_BYTES)} 的大小限制。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, (kind, content_type) in FILE_SIGNATURES.items():
        if head.startswith(signature):
            if kind == "zip":
                suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
                if suffix not in OFFICE_TYPES:
                    break
                return OFFICE_TYPES[suffix]
            return content_type
    raise UploadError(f"「{upload.name}」的文件类型不支持，请上传 PDF、Word、Excel 或图片。")
