"""Upload checks for care files: the type is read from the file's first bytes, never from its name."""

from django.core.exceptions import ValidationError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

SIGNATURES = {
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "pdf": (b"%PDF-",),
    "webp": (),  # RIFF....WEBP, checked below
}
PHOTO_TYPES = {"jpg", "png", "webp"}
DOCUMENT_TYPES = {"jpg", "png", "webp", "pdf"}
TYPE_LABELS = {"jpg": "JPEG", "png": "PNG", "webp": "WebP", "pdf": "PDF"}


def sniff(head: bytes) -> str | None:
    """The file type its content says it is, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    for kind, prefixes in SIGNATURES.items():
        if any(head.startswith(p) for p in prefixes):
            return kind
    return None


def _check(upload, allowed, max_bytes):
    if upload.size > max_bytes:
        raise ValidationError(f"文件过大：不能超过 {max_bytes // (1024 * 1024)} MB。")
    if upload.size == 0:
        raise ValidationError("文件是空的。")
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind not in allowed:
        names = "、".join(TYPE_LABELS[k] for k in sorted(allowed))
        raise ValidationError(f"文件类型不支持：只能上传 {names}（按文件内容判断，不看扩展名）。")
    return kind


def validate_photo(upload):
    return _check(upload, PHOTO_TYPES, MAX_PHOTO_BYTES)


def validate_document(upload):
    return _check(upload, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
