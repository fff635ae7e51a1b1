"""Message catalogs: Vietnamese first, English second; each feature module owns its own."""

from __future__ import annotations

LOCALES = ("vi", "en")


class Catalog:
    """``T(locale, key, **values)``: the text in that locale, falling back to Vietnamese."""

    def __init__(self, entries: dict[str, dict[str, str]]) -> None:
        for key, texts in entries.items():
            if "vi" not in texts:
                raise ValueError(f"catalog entry {key!r} has no Vietnamese text")
        self._entries = entries

    def __call__(self, locale: str, key: str, **values: object) -> str:
        texts = self._entries[key]
        text = texts.get(locale) or texts["vi"]
        return text.format(**values) if values else text

    def keys(self) -> list[str]:
        return list(self._entries)
