"""The guides being served and their search index, reloadable without a restart."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.residents.codes import candidates
from bot.residents.guides import Guide, GuideSet, Referral, load_guides, merge_reload
from bot.residents.search import MATCH_THRESHOLD, GuideIndex, Hit

log = logging.getLogger(__name__)
PAYLOAD_PREFIX = "g_"  # t.me/<bot>?start=g_vneid-install opens a guide that has no code yet


class GuideLibrary:
    """Holds the last good GuideSet; a failed reload keeps serving it."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.current = GuideSet()
        self.index = GuideIndex({})
        self.reload()

    def reload(self) -> list[str]:
        """Load the directory again and return the problems found."""
        fresh = merge_reload(self.current, load_guides(self.directory))
        for problem in fresh.problems:
            log.warning("guide problem: %s", problem)
        if fresh.warnings:
            log.info("%d guide warning(s), such as stale sources; see python -m bot guides check", len(fresh.warnings))
        self.current = fresh
        self.index = GuideIndex(fresh.guides, fresh.referrals)
        return fresh.problems

    def get(self, guide_id: str) -> Guide | None:
        return self.current.guides.get(guide_id)

    def by_code(self, text: str) -> Guide | None:
        """The guide whose keyword code TEXT is (or holds, in a message of a few words)."""
        codes = self.current.codes
        found = next((codes[key] for key in candidates(text) if key in codes), None)
        return self.get(found) if found else None

    def by_payload(self, payload: str) -> Guide | None:
        """The guide a deep-link payload names (``t.me/<bot>?start=VNEID2``): a code, ``g_<id>`` or an id."""
        payload = payload.strip()
        if not payload:
            return None
        return self.by_code(payload) or self.get(payload.removeprefix(PAYLOAD_PREFIX).lower())

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        """Guides only (members logging an assist, the guide a flow falls back to)."""
        return self.index.search(query, limit)

    def find(self, query: str, limit: int = 3) -> list[Hit]:
        """What a resident's question leads to: guides, troubleshooting entries and referrals."""
        return self.index.search(query, limit, referrals=True)

    def referral(self, referral_id: str) -> Referral | None:
        return next((r for r in self.current.referrals if r.id == referral_id), None)

    def answers(self, query: str) -> bool:
        """Whether some guide answers QUERY well enough to open it."""
        return any(hit.score >= MATCH_THRESHOLD for hit in self.search(query))
