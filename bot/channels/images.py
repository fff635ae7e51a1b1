"""Guide pictures for channels: found safely inside the guides folder, shrunk to what a platform accepts."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

_KEPT = {"JPEG": "image/jpeg", "PNG": "image/png"}


def find_image(guides_dir: Path, image: str | None) -> Path | None:
    """The image file of a step, only if it exists inside the guides directory."""
    if not image:
        return None
    root = guides_dir.resolve()
    path = (root / image).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        log.warning("image %r not found under %s; sending text only", image, root)
        return None
    return path


@dataclass(frozen=True)
class Picture:
    content: bytes
    mime: str
    name: str


def fit_image(content: bytes, name: str, limit: int) -> Picture | None:
    """CONTENT as a JPEG or PNG of at most LIMIT bytes: unchanged when it already is, else re-encoded as
    JPEG and scaled down step by step. None when it is not a picture Pillow can read."""
    try:
        with Image.open(io.BytesIO(content)) as probe:
            kind = probe.format or ""
            image = probe.convert("RGB") if kind not in _KEPT or len(content) > limit else None
    except (UnidentifiedImageError, OSError):
        log.warning("%s is not a readable picture; sent as text only", name)
        return None
    if image is None:
        return Picture(content, _KEPT[kind], name)
    stem = Path(name).stem or "image"
    quality, scale = 85, 1.0
    for _ in range(12):
        size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
        buffer = io.BytesIO()
        (image if scale == 1.0 else image.resize(size, Image.Resampling.LANCZOS)).save(
            buffer, "JPEG", quality=quality, optimize=True
        )
        if buffer.tell() <= limit:
            return Picture(buffer.getvalue(), "image/jpeg", f"{stem}.jpg")
        quality, scale = max(quality - 10, 55), scale * 0.8
    log.warning("%s could not be made small enough (%d bytes allowed); sent as text only", name, limit)
    return None
