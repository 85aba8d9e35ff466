"""What care accepts as uploads: photos of a visit, and a case's documents (checked by core.uploads)."""

from gonghui.core import uploads

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = uploads.IMAGES - {"gif"}
DOCUMENT_TYPES = PHOTO_TYPES | {"pdf"}


def accept_photo(upload) -> uploads.StoredFile:
    return uploads.accept_upload(upload, allowed=PHOTO_TYPES, max_bytes=MAX_PHOTO_BYTES, what="照片")


def accept_document(upload) -> uploads.StoredFile:
    return uploads.accept_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=MAX_DOCUMENT_BYTES)
