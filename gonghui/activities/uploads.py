"""Sizes of activity uploads and the resized copies pages show; checking is core.uploads' job."""

from io import BytesIO

from PIL import Image, ImageOps

PHOTO_MAX_BYTES = 10 * 1024 * 1024
FILE_MAX_BYTES = 20 * 1024 * 1024
DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 480


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
