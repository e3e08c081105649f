"""Activity photos: judged by their content, decoded within limits, re-encoded without metadata.

Functions on bytes, touching neither database nor storage. What is stored is never the uploaded file: it
is the decoded picture turned upright (EXIF orientation applied) and saved again as JPEG with no EXIF, XMP
or ICC data, so no GPS position or device detail leaves the uploader's phone (PIPL Art. 28: whereabouts are
sensitive personal information).
"""

import io
import logging
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from partners.exceptions import CorruptImage, ImageTooLarge, TooManyPixels, UnsupportedImage

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
THUMBNAIL_EDGE = 480
JPEG_QUALITY = 85
_BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def process_photo(data: bytes, *, max_bytes: int, max_pixels: int) -> ProcessedPhoto:
    """The stored JPEG and its thumbnail (longest edge ≤ 480 px), or a refusal saying what is wrong."""
    if len(data) > max_bytes:
        raise ImageTooLarge(field="image")
    picture = _flatten(ImageOps.exif_transpose(_decode(data, max_pixels=max_pixels)))
    thumbnail = picture.copy()
    thumbnail.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        image=encode_jpeg(picture), thumbnail=encode_jpeg(thumbnail), width=picture.width, height=picture.height
    )


def encode_jpeg(picture: Image.Image) -> bytes:
    """JPEG bytes with no metadata: no EXIF, no ICC profile, no XMP, no comment (Pillow would copy the source's)."""
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY, exif=b"", comment=b"")
    return buffer.getvalue()


def _decode(data: bytes, *, max_pixels: int) -> Image.Image:
    # Pillow's own bomb check only warns between 1x and 2x its MAX_IMAGE_PIXELS: the warning is an error here.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        except _BOMB as bomb:
            logger.warning("Photo refused as a decompression bomb: %s", bomb)
            raise TooManyPixels(field="image") from None
        except UnidentifiedImageError:  # not an image, or a format outside the allow-list (GIF, TIFF, SVG, …)
            raise UnsupportedImage(field="image") from None
        if probe.width * probe.height > max_pixels:  # judged from the header, before anything is decoded
            logger.warning(
                "Photo refused: %d x %d pixels is over the limit of %d", probe.width, probe.height, max_pixels
            )
            raise TooManyPixels(field="image")
        try:
            probe.verify()
            picture = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)  # verify() leaves the image unusable
            picture.load()
        except _BOMB as bomb:
            logger.warning("Photo refused as a decompression bomb: %s", bomb)
            raise TooManyPixels(field="image") from None
        except Exception:  # Pillow's decoders raise OSError, SyntaxError, ValueError, EOFError, struct.error, …
            raise CorruptImage(field="image") from None
    return picture


def _flatten(picture: Image.Image) -> Image.Image:
    """An RGB picture: transparency laid on white, other modes (CMYK, 16-bit, palette) converted."""
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")
