"""Guide pages and the index, as HTML strings: the web server and the static site render the same pages.

Stable addresses: ``/`` and ``/g/<id>/`` in Vietnamese, ``/en/`` and ``/en/g/<id>/`` in English. Links inside a
page are relative, so the static copy works from any folder of any host.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bot.core.config import WebConfig
from bot.residents.guides import Guide, GuideSet
from bot.web.text import T

STYLE = "static/style.css"


@dataclass(frozen=True)
class Reach:
    """Where residents find the assistant: shown on pages, printed as QR codes."""

    public_url: str | None = None
    zalo_oa_url: str | None = None
    zalo_bot_url: str | None = None
    telegram_bot: str | None = None

    @classmethod
    def of(cls, config: WebConfig) -> Reach:
        return cls(config.public_url, config.zalo_oa_url, config.zalo_bot_url, config.telegram_bot)

    def telegram(self, payload: str = "") -> str | None:
        """``https://t.me/<bot>?start=<payload>``: the payload (a guide code) reaches the bot as /start CODE."""
        if not self.telegram_bot:
            return None
        return f"https://t.me/{self.telegram_bot}" + (f"?start={payload}" if payload else "")

    def page_url(self, path: str) -> str | None:
        return f"{self.public_url}/{path}" if self.public_url else None


def index_path(locale: str) -> str:
    return "" if locale == "vi" else "en/"


def guide_path(guide_id: str, locale: str) -> str:
    return f"{index_path(locale)}g/{guide_id}/"


def relative(here: str, target: str) -> str:
    """TARGET (a site path) as seen from the page at HERE (``g/x/`` is two folders deep)."""
    depth = len(PurePosixPath(here).parts) if here else 0
    return "../" * depth + target or "./"


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("bot.web", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def render(template: str, here: str, locale: str, **values: Any) -> str:
    """A template with what every page needs: text in LOCALE, links relative to HERE."""
    def t(key: str, **fmt: object) -> str:
        return T(locale, key, **fmt)

    def link(target: str) -> str:
        return relative(here, target)

    return environment().get_template(template).render(
        t=t, link=link, locale=locale, style=link(STYLE), **values
    )


def guide_page(guides: GuideSet, guide: Guide, locale: str, reach: Reach) -> str:
    here = guide_path(guide.id, locale)
    other = "en" if locale == "vi" else "vi"
    category = next((c for c in guides.categories if c.id == guide.category), None)
    prerequisites = [g for pid in guide.prerequisites if (g := guides.guides.get(pid))]
    return render(
        "guide.html", here, locale, guide=guide, category=category, prerequisites=prerequisites,
        guide_path=guide_path, index=index_path(locale), other_path=guide_path(guide.id, other),
        other_locale=other, reach=reach, telegram=reach.telegram(guide.code or f"g_{guide.id}"),
    )


def index_page(guides: GuideSet, locale: str, reach: Reach) -> str:
    here = index_path(locale)
    other = "en" if locale == "vi" else "vi"
    sections = [(c, guides.in_category(c.id)) for c in guides.categories]
    return render(
        "index.html", here, locale, sections=[(c, g) for c, g in sections if g], guide_path=guide_path,
        other_path=index_path(other), other_locale=other, reach=reach, telegram=reach.telegram(),
    )
