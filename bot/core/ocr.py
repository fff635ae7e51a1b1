"""Reading the text on a photo of a phone screen, offline, with tesseract and its Vietnamese data.

Residents photograph or screenshot the error their phone shows rather than type it. Without tesseract or
its Vietnamese data the feature is off and photos go to a person as before.
"""

from __future__ import annotations

import asyncio
import io
import logging
import shutil
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # channels cap photos well below this; anything larger is not a screenshot
MAX_PIXELS = 4000 * 4000  # refuse decompression bombs before decoding
TIMEOUT = 15.0


class OcrError(Exception):
    """The picture could not be read; the caller offers a person instead."""


class TextReader(Protocol):
    def available(self) -> bool: ...

    async def read(self, image: bytes) -> str: ...


@dataclass
class TesseractReader:
    """tesseract through pytesseract; the picture is cleaned up first (grey, upright, large enough)."""

    languages: str = "vie+eng"

    def available(self) -> bool:
        if shutil.which("tesseract") is None:
            return False
        try:
            import pytesseract

            installed = set(pytesseract.get_languages(config=""))
        except Exception:  # the wrapper missing or tesseract failing: the feature is simply off
            return False
        return all(lang in installed for lang in self.languages.split("+"))

    async def read(self, image: bytes) -> str:
        if len(image) > MAX_BYTES:
            raise OcrError("picture too large")
        try:
            return await asyncio.wait_for(asyncio.to_thread(self._read, image), TIMEOUT)
        except TimeoutError as exc:
            raise OcrError("reading took too long") from exc

    def _read(self, image: bytes) -> str:
        import pytesseract
        from PIL import Image, ImageOps, UnidentifiedImageError

        try:
            opened = Image.open(io.BytesIO(image))
            if opened.width * opened.height > MAX_PIXELS:
                raise OcrError("picture has too many pixels")
            picture: Image.Image = ImageOps.exif_transpose(opened).convert("L")
        except (UnidentifiedImageError, OSError) as exc:
            raise OcrError("not a picture") from exc
        if picture.width < 900:  # small screenshots read better enlarged
            scale = 900 / picture.width
            picture = picture.resize((900, int(picture.height * scale)))
        try:
            text: str = pytesseract.image_to_string(picture, lang=self.languages, timeout=TIMEOUT)
        except (RuntimeError, pytesseract.TesseractError) as exc:
            raise OcrError(str(exc)[:200]) from exc
        return text
