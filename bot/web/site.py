"""``guides site``: the guide pages as static files, to host anywhere (the same HTML the web server sends)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.residents.guides import GuideSet
from bot.web.pages import Reach, guide_page, guide_path, index_page, index_path
from bot.web.server import IMAGE_SUFFIXES, STATIC

LOCALES = ("vi", "en")


def write_site(guides: GuideSet, guides_dir: Path, out: Path, reach: Reach) -> int:
    """Write index and guide pages in both languages, the style sheet and the guides' pictures; returns the
    number of pages."""
    pages = 0
    for locale in LOCALES:
        _write(out / index_path(locale) / "index.html", index_page(guides, locale, reach))
        pages += 1
        for guide in guides.guides.values():
            _write(out / guide_path(guide.id, locale) / "index.html", guide_page(guides, guide, locale, reach))
            pages += 1
    shutil.copytree(STATIC, out / "static", dirs_exist_ok=True)
    pictures = {step.image for guide in guides.guides.values() for step in guide.steps if step.image}
    for picture in sorted(pictures):
        source = guides_dir / picture
        if source.suffix.lower() in IMAGE_SUFFIXES and source.is_file():
            target = out / "static" / "guides" / picture
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return pages


def _write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
