"""Guide search for what residents type: tone-free, typo-tolerant, aware of aliases.

Each alias, title and keyword of a guide is a small document of words and word pairs (Vietnamese words
are often two syllables: "mật khẩu", "lái xe"). A query is compared with every document by the share of
the query's information the document explains and the share of the document found in the query, weighted
by how rare each term is across guides; their harmonic mean is the match. A guide's score mixes its best
document with how much of the query its whole vocabulary explains. Unknown words count against the query,
so off-topic questions score low and the bot says it has no guide rather than guess. When the resident
typed tones, a syllable whose tones differ from every form in the guides ("bạn" vs "bán") counts less.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz, process

from bot.core.normalize import toned_tokens
from bot.residents.guides import Guide

# Words that carry no topic: question scaffolding, kinship terms and politeness ("bà hỏi cháu với ạ").
STOPWORDS = frozenset(
    "a ah ak ai anh ba bac bi bo cach can chau chi cho co con cua cac da de di dang day duoc em gi giup "
    "ha hay hoi huong dan khi khong kieu la lam lai len ma me minh muon nao nay neu nhe nhu nhung no o oi ong "
    "phai roi sao se thi the thu toi tren trong tu u va vao vay ve voi vs xin nua dau nhieu qua rat "
    "ca cai nha moi gium dum".split()
)
TYPO_CUTOFF = 84  # rapidfuzz ratio for an unknown word to count as a misspelling of a known one
UNKNOWN_WEIGHT = 0.8  # an unknown word weighs this share of the rarest known word
KEYWORD_DISCOUNT = 0.85  # a bare keyword is weaker evidence than a whole alias
MATCH_THRESHOLD = 0.49  # below this the bot says it has no guide rather than guess
CLOSE_MARGIN = 0.1  # runners-up this close to the best are offered as a choice
TONE_MISMATCH = 0.35  # credit for a syllable typed with tones no guide uses for it
BETA2 = 0.5  # below 1: an alias found whole in the query counts more than one explaining all of it
MIX = 0.5  # weight of the guide's whole vocabulary against its single best document


@dataclass(frozen=True)
class Hit:
    guide_id: str
    score: float


@dataclass(frozen=True)
class _Doc:
    guide_id: str
    terms: frozenset[str]
    weight: float
    mass: float = 0.0  # sum of the terms' weights, filled in once the weights are known


def _marks(typed: str) -> str:
    """The tone and vowel marks of a syllable, wherever they were placed ("hoá" = "hóa")."""
    return "".join(sorted(ch for ch in unicodedata.normalize("NFD", typed) if unicodedata.combining(ch))) + (
        "đ" if "đ" in typed else ""
    )


def _terms(words: list[str]) -> set[str]:
    """Content words plus adjacent pairs (a pair of two stopwords says nothing)."""
    terms = {w for w in words if w not in STOPWORDS}
    for a, b in pairwise(words):
        if a not in STOPWORDS or b not in STOPWORDS:
            terms.add(f"{a}_{b}")
    return terms


class GuideIndex:
    """An in-memory index over guide titles, aliases and keywords."""

    def __init__(self, guides: dict[str, Guide]) -> None:
        self._docs: list[_Doc] = []
        self._marks: dict[str, set[str]] = {}
        self._glued: dict[str, tuple[str, ...]] = {}
        for guide in guides.values():
            texts = [(t, 1.0) for t in (guide.title.vi, guide.title.en or "", *guide.aliases)]
            texts += [(k, KEYWORD_DISCOUNT) for k in guide.keywords]
            for text, weight in texts:
                pairs = toned_tokens(text)
                words = [w for w, _ in pairs]
                for word, typed in pairs:
                    if typed:
                        self._marks.setdefault(word, set()).add(_marks(typed))
                for size in (2, 3):  # words typed glued together: "dichvucong", "chplay"
                    for i in range(len(words) - size + 1):
                        self._glued.setdefault("".join(words[i:i + size]), tuple(words[i:i + size]))
                terms = _terms(words)
                if any(t for t in terms if "_" not in t):
                    self._docs.append(_Doc(guide.id, frozenset(terms), weight))
        guide_terms: dict[str, set[str]] = {}
        for doc in self._docs:
            guide_terms.setdefault(doc.guide_id, set()).update(doc.terms)
        self._guide_terms = {g: frozenset(t) for g, t in guide_terms.items()}
        frequency = Counter(t for terms in guide_terms.values() for t in terms)
        count = max(len(guides), 1)
        self._idf = {t: math.log(1 + count / df) for t, df in frequency.items()}
        self._unknown = UNKNOWN_WEIGHT * math.log(1 + count)
        self._docs = [
            _Doc(d.guide_id, d.terms, d.weight, sum(self._idf[t] for t in d.terms)) for d in self._docs
        ]
        self._by_term: dict[str, list[int]] = {}
        for index, doc in enumerate(self._docs):
            for term in doc.terms:
                self._by_term.setdefault(term, []).append(index)
        self._vocabulary = [t for t in self._idf if "_" not in t]

    def _canonical(self, word: str) -> tuple[str, ...]:
        """The known word(s) this one stands for: itself, a glued run, or a misspelling's fix."""
        if word in self._idf or word in STOPWORDS:
            return (word,)
        if word in self._glued:
            return self._glued[word]
        if len(word) < 4:
            return ()
        found = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return (found[0],) if found else ()

    def _query(self, query: str) -> tuple[dict[str, float], float]:
        """Known query terms with their credit (1, or less for a tone mismatch) and the query's mass."""
        words: list[str] = []
        credit: dict[str, float] = {}
        unknown = 0
        for word, typed in toned_tokens(query):
            canon = self._canonical(word)
            if not canon:
                unknown += 1
                words.append("\x00")  # breaks word pairs across the unknown word
                continue
            for known in canon:
                words.append(known)
                seen = self._marks.get(known)
                ok = typed is None or len(canon) > 1 or not seen or _marks(typed) in seen
                credit[known] = max(credit.get(known, 0.0), 1.0 if ok else TONE_MISMATCH)
        terms = {t for t in _terms(words) if t in self._idf}
        for term in terms:
            if "_" in term:
                a, b = term.split("_", 1)
                credit[term] = min(credit.get(a, 1.0), credit.get(b, 1.0))
        known_terms = {t: credit.get(t, 1.0) for t in terms}
        mass = sum(self._idf[t] for t in known_terms) + unknown * self._unknown
        return known_terms, mass

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        """Guides ranked best first, scores in 0..1."""
        terms, mass = self._query(query)
        if not any("_" not in t for t in terms) or mass == 0:
            return []
        best: dict[str, float] = {}
        for index in {i for t in terms for i in self._by_term.get(t, ())}:
            doc = self._docs[index]
            shared = sum(self._idf[t] * c for t, c in terms.items() if t in doc.terms)
            recall = shared / mass
            precision = shared / doc.mass
            score = doc.weight * (1 + BETA2) * recall * precision / (BETA2 * precision + recall) if shared else 0.0
            best[doc.guide_id] = max(best.get(doc.guide_id, 0.0), score)
        hits = []
        for guide_id, doc_score in best.items():
            vocabulary = self._guide_terms[guide_id]
            coverage = sum(self._idf[t] * c for t, c in terms.items() if t in vocabulary) / mass
            hits.append(Hit(guide_id, round(MIX * coverage + (1 - MIX) * doc_score, 4)))
        hits.sort(key=lambda h: (-h.score, h.guide_id))
        return hits[:limit]
