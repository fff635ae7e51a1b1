"""Guide search for what residents type: tone-free, typo-tolerant, aware of aliases.

Each alias, title, keyword and troubleshooting problem of a guide is a small document of words and word pairs (Vietnamese words
are often two syllables: "mật khẩu", "lái xe"). A query is compared with every document by the share of
the query's information the document explains and the share of the document found in the query, weighted
by how rare each term is across guides; their harmonic mean is the match. Rarity is the share of
guides using a term, capped at SPECIFIC_SHARE, so weights and MATCH_THRESHOLD keep their meaning as
guides are added. A guide's score mixes its best
document with how much of the query its whole vocabulary explains. Unknown words count against the query,
so off-topic questions score low and the bot says it has no guide rather than guess. When the resident
typed tones, a syllable whose tones differ from every form in a guide ("bán" asked, "bàn" written) counts less there.

A troubleshooting problem ("Không nhận được mã OTP") is a document of its guide that also names the entry,
so a symptom leads straight to its answer. Referrals (pensions, land…) are indexed beside the guides under
``@id`` and compete with them, so an out-of-scope question finds its office instead of a guide that does
not fit. Polite frames ("cho tôi hỏi", "mong được giải đáp", "ạ") are dropped before anything is scored.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.core.normalize import tokens as tokens_of
from bot.residents.guides import Guide, Referral
from bot.residents.search_words import STOPWORDS, clause_tokens, strip_frames, word_terms

_PLACEHOLDER = re.compile(r"\{\w+\}")
REFERRAL = "@"  # referral ids in the index: "@pension"
PROBLEM_WORDS = 0.5  # a guide's problem words explain a query half as well as its own words
TROUBLE_WEIGHT = 0.95  # a symptom is almost as good as an alias, but a whole guide alias wins a tie
TYPO_CREDIT = 0.7  # a misspelling's fix is a guess: it explains a query less than the word typed right
LONG_MASS = 15.0  # the information of a short question ("quên mật khẩu vneid"); longer ones tell a story…
LONG_EXP = 0.5  # …whose scores are raised by the square root of how much longer it is
TOPIC_MISS = 0.5  # a guide that does not know the words naming an out-of-scope topic in the question
TYPO_CUTOFF = 80  # rapidfuzz ratio for an unknown word to count as a misspelling: one wrong letter in five
UNKNOWN_WEIGHT = 0.8  # an unknown word weighs this share of the rarest known word
KEYWORD_DISCOUNT = 0.85  # a bare keyword is weaker evidence than a whole alias
MATCH_THRESHOLD = 0.49  # below this the bot says it has no guide rather than guess
CLOSE_MARGIN = 0.07  # runners-up this close to the best are offered as a choice
REFERRAL_MARGIN = 0.08  # a referral this close behind the best guide answers instead: the matter is the office's
TONE_MISMATCH = 0.35  # credit for a syllable typed with tones this guide never uses for it ("bán" vs "bàn")
BETA2 = 0.5  # below 1: an alias found whole in the query counts more than one explaining all of it
MIX = 0.5  # weight of the guide's whole vocabulary against its single best document
OTHER_APP = 0.85  # a guide about another app than the one the question names ("vssid" asked, a VNeID guide)
APPS = frozenset({"vneid", "vssid", "zalo", "momo"})  # the apps a guide can be about, named in its title
MEMO_SIZE = 50_000  # (word, tones) pairs remembered: every spelling in the guides many times over, a few MB
SPECIFIC_SHARE = 1 / 24  # the share of one guide in 18 guides and 6 referrals, where the threshold was tuned


@dataclass(frozen=True)
class Hit:
    guide_id: str  # a guide id, or "@id" for a referral
    score: float
    entry: int | None = None  # the troubleshooting entry whose problem matched best, if one did
    rival: bool = True  # it knows every word of the question the best hit knows, so it may be offered beside it

    @property
    def referral(self) -> str | None:
        return self.guide_id[len(REFERRAL):] if self.guide_id.startswith(REFERRAL) else None


@dataclass(frozen=True)
class _Doc:
    guide_id: str
    terms: frozenset[str]
    weight: float
    mass: float = 0.0  # sum of the terms' weights, filled in once the weights are known
    entry: int | None = None


def _texts(guide: Guide) -> list[tuple[str, float, int | None]]:
    texts: list[tuple[str, float, int | None]] = [(t, 1.0, None) for t in (guide.title.vi, guide.title.en or "",
                                                                          *guide.aliases)]
    texts += [(k, KEYWORD_DISCOUNT, None) for k in guide.keywords]
    texts += [(t.problem.vi, TROUBLE_WEIGHT, i) for i, t in enumerate(guide.troubleshooting)]
    return texts


def _referral_texts(referral: Referral) -> list[tuple[str, float, int | None]]:
    texts: list[tuple[str, float, int | None]] = [(t, 1.0, None) for t in (referral.title.vi, *referral.aliases)]
    return texts + [(k, KEYWORD_DISCOUNT, None) for k in referral.keywords]


@functools.lru_cache(maxsize=20_000)  # a few thousand syllables, each typed many times
def _marks(typed: str) -> str:
    """The tone and vowel marks of a syllable, wherever they were placed ("hoá" = "hóa")."""
    return "".join(sorted(ch for ch in unicodedata.normalize("NFD", typed) if unicodedata.combining(ch))) + (
        "đ" if "đ" in typed else ""
    )


def _weight(share: float) -> float:
    """How telling a term found in SHARE of the guides is, the same however many guides there are."""
    return math.log(1 + 1 / max(share, SPECIFIC_SHARE))


class GuideIndex:
    """An in-memory index over guide titles, aliases and keywords."""

    def __init__(self, guides: dict[str, Guide], referrals: list[Referral] | None = None) -> None:
        self._docs: list[_Doc] = []
        self._apps = {g.id: APPS & set(tokens_of(g.title.vi)) for g in guides.values()}  # the app a guide is about
        self._topics: list[frozenset[str]] = []  # referral titles and keywords: words that name an out-of-scope topic
        self._marks: dict[str, dict[str, set[str]]] = {}  # word → guide → the tones it is written with there
        self._glued: dict[str, tuple[str, ...]] = {}
        self._unlike_memo: dict[tuple[str, str], frozenset[str]] = {}
        self._fix_memo: dict[str, tuple[str, ...]] = {}  # unknown word → its misspelling's fix, or () for none
        targets = [(g.id, _texts(g)) for g in guides.values()]
        targets += [(REFERRAL + r.id, _referral_texts(r)) for r in referrals or ()]
        for target, texts in targets:
            for text, weight, entry in texts:
                pairs = clause_tokens(_PLACEHOLDER.sub(" ", text))  # "{you}" is filled in per resident, no topic
                words = [w for w, _ in pairs]
                for word, typed in pairs:
                    if typed and not (entry is not None and word == "ban"):
                        self._marks.setdefault(word, {}).setdefault(target, set()).add(_marks(typed))
                for size in (2, 3):  # words typed glued together: "dichvucong", "chplay"
                    for i in range(len(words) - size + 1):
                        self._glued.setdefault("".join(words[i:i + size]), tuple(words[i:i + size]))
                if entry is not None:  # problems speak to the reader ("Bạn vẫn nhớ…"): "bạn" says nothing there
                    words = [w for w in words if w != "ban"]
                terms = word_terms(strip_frames(words))
                if any(t for t in terms if "_" not in t):
                    self._docs.append(_Doc(target, frozenset(terms), weight, entry=entry))
                    if target.startswith(REFERRAL) and len(words) <= 3:  # a name, not a sentence
                        self._topics.append(frozenset(terms))
        guide_terms: dict[str, set[str]] = {}
        own_terms: dict[str, set[str]] = {}  # titles, aliases, keywords: a problem's words count half
        for doc in self._docs:
            guide_terms.setdefault(doc.guide_id, set()).update(doc.terms)
            own_terms.setdefault(doc.guide_id, set()).update(doc.terms if doc.entry is None else ())
        self._guide_terms = {g: frozenset(t) for g, t in guide_terms.items()}
        self._own_terms = {g: frozenset(t) for g, t in own_terms.items()}
        frequency = Counter(t for terms in guide_terms.values() for t in terms)
        count = max(len(targets), 1)
        self._idf = {t: _weight(df / count) for t, df in frequency.items()}
        self._unknown = UNKNOWN_WEIGHT * _weight(0.0)
        self._docs = [
            _Doc(d.guide_id, d.terms, d.weight, sum(self._idf[t] for t in d.terms), d.entry) for d in self._docs
        ]
        self._owners = tuple(d.guide_id for d in self._docs)
        by_term: dict[str, list[int]] = {}
        for index, doc in enumerate(self._docs):
            for term in doc.terms:
                by_term.setdefault(term, []).append(index)
        self._by_term = {t: tuple(docs) for t, docs in by_term.items()}
        # Per term, the targets that know it and how much it counts in their whole vocabulary (problem words half).
        knowers: dict[str, list[tuple[str, float]]] = {}
        for g in sorted(guide_terms):
            for t in guide_terms[g]:
                knowers.setdefault(t, []).append((g, 1.0 if t in self._own_terms[g] else PROBLEM_WORDS))
        self._knowers = {t: tuple(targets) for t, targets in knowers.items()}
        # Sorted: a misspelling equally close to two words gets the same fix in every process (set order varies).
        self._vocabulary = sorted(t for t in self._idf if "_" not in t)

    def _canonical(self, word: str) -> tuple[str, ...]:
        """The known word(s) this one stands for: itself, a glued run, or a misspelling's fix."""
        if word in self._idf or word in STOPWORDS:
            return (word,)
        if word in self._glued:
            return self._glued[word]
        if len(word) < 4:
            return ()
        fix = self._fix_memo.get(word)
        if fix is None:  # the closest known word is looked up once per unknown word, then remembered
            found = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            fix = (found[0],) if found else ()
            if len(self._fix_memo) < MEMO_SIZE:
                self._fix_memo[word] = fix
        return fix

    def _query(self, query: str) -> tuple[dict[str, float], dict[str, str], float]:
        """Known query terms with their credit (1, or less for a misspelling), the tones of the words typed with
        tones, and the query's mass."""
        words: list[str] = []
        credit: dict[str, float] = {}
        toned: dict[str, str] = {}
        unknown = 0
        pairs = clause_tokens(query)
        kept = strip_frames([w for w, _ in pairs])
        typed_of = iter(pairs)
        for word in kept:
            if word == "\x00":
                words.append(word)
                continue
            typed = next(t for w, t in typed_of if w == word)
            canon = self._canonical(word)
            if not canon:
                unknown += 1
                words.append("\x00")  # breaks word pairs across the unknown word
                continue
            guessed = canon != (word,) and word not in self._glued  # a misspelling's fix is a guess
            for known in canon:
                words.append(known)
                if typed is not None and len(canon) == 1 and not guessed:
                    toned[known] = _marks(typed)
                credit[known] = max(credit.get(known, 0.0), TYPO_CREDIT if guessed else 1.0)
        terms = sorted(t for t in word_terms(words) if t in self._idf)  # one order: the same sums in every process
        for term in terms:
            if "_" in term:
                a, b = term.split("_", 1)
                credit[term] = min(credit.get(a, 1.0), credit.get(b, 1.0))
        known_terms = {t: credit.get(t, 1.0) for t in terms}
        mass = sum(self._idf[t] for t in known_terms) + unknown * self._unknown
        return known_terms, toned, mass

    def _unlike(self, word: str, typed: str) -> frozenset[str]:
        """The guides that never write WORD with the marks TYPED; remembered, as residents reuse their words."""
        key = (word, typed)
        found = self._unlike_memo.get(key)
        if found is None:
            found = frozenset(g for g, marks in self._marks.get(word, {}).items() if typed not in marks)
            if len(self._unlike_memo) < MEMO_SIZE:
                self._unlike_memo[key] = found
        return found

    def _mistoned(self, terms: dict[str, float], toned: dict[str, str]) -> dict[str, frozenset[str]]:
        """Per term with a word typed with tones: the guides that never write that word with those tones."""
        wrong = {word: self._unlike(word, typed) for word, typed in toned.items()}
        return {t: frozenset().union(*(wrong.get(w, frozenset()) for w in t.split("_"))) for t in terms
                if any(w in wrong for w in t.split("_"))}

    def search(self, query: str, limit: int = 3, referrals: bool = False) -> list[Hit]:
        """Guides (and referrals when asked) ranked best first, scores in 0..1."""
        terms, toned, mass = self._query(query)
        if not any("_" not in t for t in terms) or mass == 0:
            return []
        mistoned = self._mistoned(terms, toned)

        best: dict[str, float] = {}
        entries: dict[str, int | None] = {}
        docs, owners = self._docs, self._owners
        found = [0.0] * len(docs)  # document → weight of the query terms it shares (a list: long questions touch
        count: Counter[int] = Counter()  # thousands of postings) and how many terms it shares
        known: dict[str, float] = {}  # target → weight of the query terms its whole vocabulary knows
        for term, credit in terms.items():  # walking the postings: only documents sharing a term are touched
            weight, wrong = self._idf[term] * credit, mistoned.get(term)
            postings = self._by_term[term]
            count.update(postings)
            if wrong:
                for index in postings:
                    found[index] += weight * TONE_MISMATCH if owners[index] in wrong else weight
            else:
                for index in postings:
                    found[index] += weight
            for target, share in self._knowers[term]:
                known[target] = known.get(target, 0.0) + share * (
                    weight * TONE_MISMATCH if wrong and target in wrong else weight)
        spread = BETA2 * mass
        for index, shares in count.items():
            doc = docs[index]
            if shares < 2 and doc.entry is not None:
                continue  # a problem is a sentence: one shared word ("tên") is chance, not a symptom
            # The F-beta of recall (shared / mass) and precision (shared / doc.mass), in one division.
            score = doc.weight * (1 + BETA2) * found[index] / (spread + doc.mass)
            if score > best.get(doc.guide_id, 0.0):
                best[doc.guide_id], entries[doc.guide_id] = score, doc.entry
        story = max(1.0, mass / LONG_MASS) ** LONG_EXP
        asked_apps = APPS & terms.keys()
        in_app = {g for g, apps in self._apps.items() if apps & asked_apps}  # guides about an app the question names
        named = [{t for t in topic if "_" in t} or topic for topic in self._topics if topic <= terms.keys()]
        hits = []
        for guide_id, doc_score in best.items():
            if not referrals and guide_id.startswith(REFERRAL):
                continue
            vocabulary = self._guide_terms[guide_id]
            coverage = known[guide_id] / mass
            score = (MIX * coverage + (1 - MIX) * doc_score) ** (1 / story)
            if (not guide_id.startswith(REFERRAL) and guide_id not in in_app
                    and any(not topic & vocabulary for topic in named)):
                # The question names a topic no guide covers ("thuế") and this guide does not know it; a guide about
                # the app the question names is asked about that topic in the app ("bảo hiểm thất nghiệp trên VssID").
                score *= TOPIC_MISS
            if asked_apps and self._apps.get(guide_id) and guide_id not in in_app:
                score *= OTHER_APP
            hits.append(Hit(guide_id, round(score, 4), entries.get(guide_id)))
        hits.sort(key=lambda h: (-h.score, h.guide_id))
        lead = next((h for h in hits if h.referral and h.score >= hits[0].score - REFERRAL_MARGIN), None)
        if lead is not None and lead is not hits[0]:  # "sổ hồng là gì": the land office, not the VNeID land form
            hits = [replace(lead, score=hits[0].score)] + [h for h in hits if h is not lead]
        if hits:  # "tải app vneid": the app-store guide does not know "vneid", so it is no near tie for the VNeID one
            words = {t for t in terms if "_" not in t and t in self._guide_terms[hits[0].guide_id]}
            hits = [hits[0]] + [replace(h, rival=words <= self._own_terms.get(h.guide_id, frozenset()))
                                for h in hits[1:limit]]
        return hits[:limit]


def near_ties(hits: list[Hit]) -> list[Hit]:
    """The guides a resident is shown for HITS (already above the threshold): the best alone, or up to three near
    ties to choose from. A guide named by the question is not put beside another guide's problem."""
    if not hits or hits[0].referral:
        return []
    best = hits[0]
    close = [h for h in hits if best.score - h.score <= CLOSE_MARGIN and not h.referral and h.rival
             and (h.entry is None or best.entry is not None)][:3]
    return close if len(close) > 1 else [best]
