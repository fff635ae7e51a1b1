"""Guide search for what residents type: tone-free, typo-tolerant, aware of aliases."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.guides import Guide
from bot.normalize import normal, tokens

# Words that carry no topic: question scaffolding and politeness ("làm sao", "giúp tôi với ạ").
STOPWORDS = frozenset(
    "a ah ak ai anh ban bac cach can cho chi chu co cua cac cai_dat_x da de di dang duoc em gi giup "
    "hay hoi huong dan khong la lam lai len ma minh muon nao nay neu nhe nhu nhung o oi on roi "
    "sao se thi the thu toi tren trong tu va vao ve voi vs xin day kieu nhu_the_nao bi duoc "
    "ko k j nua phai the_nao the sao vay ak a u uh ha".split()
)
# How much a match in each field counts.
FIELD_WEIGHTS = {"alias": 1.0, "title": 1.0, "keyword": 0.8, "summary": 0.35}
TYPO_CUTOFF = 84  # rapidfuzz ratio for a word to count as a misspelling of a known word


@dataclass(frozen=True)
class Hit:
    guide_id: str
    score: float


class GuideIndex:
    """An in-memory index over guide titles, aliases, keywords and summaries."""

    def __init__(self, guides: dict[str, Guide]) -> None:
        self._field_words: dict[str, dict[str, float]] = {}
        self._phrases: list[tuple[str, str]] = []  # (normalised alias or title, guide id)
        for guide in guides.values():
            weights: dict[str, float] = {}
            texts = [("title", guide.title.vi), ("title", guide.title.en or "")]
            texts += [("alias", alias) for alias in guide.aliases]
            texts += [("keyword", word) for word in guide.keywords]
            texts += [("summary", guide.summary.vi)]
            for field_name, text in texts:
                for word in tokens(text):
                    if word not in STOPWORDS:
                        weights[word] = max(weights.get(word, 0.0), FIELD_WEIGHTS[field_name])
                if field_name in ("alias", "title") and text:
                    self._phrases.append((normal(text), guide.id))
            self._field_words[guide.id] = weights
        document_frequency = Counter(w for words in self._field_words.values() for w in words)
        count = max(len(guides), 1)
        self._idf = {w: math.log(1 + count / df) for w, df in document_frequency.items()}
        self._vocabulary = list(self._idf)
        self._phrase_texts = [p for p, _ in self._phrases]
        self._max_idf = math.log(1 + count)

    def _canonical(self, word: str) -> str | None:
        """The known word this one is, allowing a typo in words of four letters or more."""
        if word in self._idf:
            return word
        if len(word) < 4:
            return None
        found = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return found[0] if found else None

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        """Guides ranked by how much of the query they explain, best first, scores in 0..1."""
        words = [w for w in tokens(query) if w not in STOPWORDS]
        if not words:
            return []
        canon = [self._canonical(w) for w in words]
        # Unknown words still weigh on coverage, so off-topic questions score low.
        total = sum(self._idf[c] if c else self._max_idf for c in canon)
        query_text = " ".join(words)
        phrase_best: dict[str, float] = {}
        for text, score, index in process.extract(
            query_text, self._phrase_texts, scorer=fuzz.token_set_ratio, limit=40, score_cutoff=60
        ):
            guide_id = self._phrases[index][1]
            phrase_best[guide_id] = max(phrase_best.get(guide_id, 0.0), score / 100)
        hits = []
        for guide_id, field_words in self._field_words.items():
            covered = sum(self._idf[c] * field_words[c] for c in canon if c and c in field_words)
            coverage = covered / total if total else 0.0
            if coverage == 0.0:
                continue
            score = 0.7 * coverage + 0.3 * phrase_best.get(guide_id, 0.0) * min(1.0, coverage * 2)
            hits.append(Hit(guide_id, round(score, 4)))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]
