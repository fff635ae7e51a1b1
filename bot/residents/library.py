"""The guides being served and their search index, reloadable without a restart."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from bot.residents.guides import Guide, GuideSet, load_guides, merge_reload
from bot.residents.search import MATCH_THRESHOLD, GuideIndex, Hit

log = logging.getLogger(__name__)


class GuideLibrary:
    """Holds the last good GuideSet; a failed reload keeps serving it."""

    def __init__(self, directory: str | Path, guides: GuideSet | None = None) -> None:
        self.directory = Path(directory)
        self.current = GuideSet()
        self.index = GuideIndex({})
        if guides is None:
            self.reload()
        else:
            self.install(guides)

    def reload(self, last_good: Mapping[str, str] | None = None) -> list[str]:
        """Load the directory again (LAST_GOOD: earlier texts of files, by name) and return the problems."""
        fresh = merge_reload(self.current, load_guides(self.directory, last_good))
        self.install(fresh)
        return fresh.problems

    def install(self, guides: GuideSet) -> None:
        for problem in guides.problems:
            log.warning("guide problem: %s", problem)
        self.current = guides
        self.index = GuideIndex(guides.guides)

    def get(self, guide_id: str) -> Guide | None:
        return self.current.guides.get(guide_id)

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        return self.index.search(query, limit)

    def answers(self, query: str) -> bool:
        """Whether some guide answers QUERY well enough to open it."""
        return any(hit.score >= MATCH_THRESHOLD for hit in self.search(query))
