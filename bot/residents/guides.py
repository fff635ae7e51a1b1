"""Guides are data: YAML files validated by schema first, then cross-references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.residents.codes import check_code, code_key, suggest_code
from bot.residents.freshness import guide_warnings

CATEGORIES_FILE = "categories.yaml"
REFERRALS_FILE = "referrals.yaml"
SkillGroup = Literal[
    "identity", "public_services", "online_shopping", "online_payment", "online_safety", "other_platform"
]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Ids go into Telegram callback data (≤ 64 bytes with a prefix and a step), so keep them short.
GuideId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=24)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Model):
    """Text per language; Vietnamese is required, English falls back to it."""

    vi: NonEmpty
    en: NonEmpty | None = None

    def get(self, locale: str) -> str:
        return self.en if locale == "en" and self.en else self.vi


class Step(_Model):
    text: LocalText
    warning: LocalText | None = None
    image: str | None = None


class Trouble(_Model):
    problem: LocalText
    answer: LocalText


class Urgent(_Model):
    """Shown before anything else when the question says it already happened ("lỡ đọc mã")."""

    when: list[NonEmpty] = Field(min_length=1)  # phrases residents type, with or without tones
    text: LocalText  # the first line is the action: whom to call, what to lock


class Source(_Model):
    title: NonEmpty
    url: str | None = None
    checked: date


# The keyword code printed under a guide's QR code ("Nhắn VNEID2"); typing it in any channel opens the guide.
Code = Annotated[str, AfterValidator(check_code)]


class Guide(_Model):
    id: GuideId
    code: Code | None = None
    category: NonEmpty
    skill_group: SkillGroup
    title: LocalText
    summary: LocalText
    needs: list[LocalText] = []
    warnings: list[LocalText] = []
    prerequisites: list[GuideId] = []
    aliases: list[NonEmpty] = Field(min_length=1)
    keywords: list[NonEmpty] = []
    steps: list[Step] = Field(min_length=1, max_length=12)
    troubleshooting: list[Trouble] = Field(min_length=1)
    urgent: Urgent | None = None
    sources: list[Source] = Field(min_length=1)
    reviewed: date | None = None  # when the whole guide was last read against its sources


class Category(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$", max_length=16)]
    icon: str = ""
    title: LocalText


class _Categories(_Model):
    categories: list[Category] = Field(min_length=1)


class Referral(_Model):
    """A common question no guide answers (pensions, land…): which office or hotline handles it."""

    id: GuideId
    title: LocalText
    answer: LocalText
    aliases: list[NonEmpty] = Field(min_length=1)
    keywords: list[NonEmpty] = []


class _Referrals(_Model):
    referrals: list[Referral] = Field(min_length=1)


_MESSAGES = {
    "missing": "required",
    "extra_forbidden": "unknown key",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "must be lower-case letters, digits and dashes",
    "too_short": "needs at least one item",
    "model_type": "must be a mapping of keys",
    "dict_type": "must be a mapping of keys",
    "list_type": "must be a list",
    "string_type": "must be text",
}


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _schema_problems(label: str, error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        kind = item["type"]
        message = _MESSAGES.get(kind, item["msg"].replace("Input should be", "must be"))
        if kind.startswith("date"):
            message = "must be a date like 2026-11-23"
        elif kind == "too_long":
            message = item["msg"].lower()
        problems.append(f"{label}: {_path(tuple(item['loc']))}: {message}")
    return problems


def _read_yaml(file: Path, label: str) -> tuple[object, list[str]]:
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8")), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        return None, [f"{label}: {where}: not valid YAML ({getattr(exc, 'problem', exc)})"]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{label}: (file): cannot be read ({exc})"]


@dataclass
class GuideSet:
    """The guides that loaded, their categories, and every problem found on the way."""

    guides: dict[str, Guide] = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # guide id → file label
    referrals: list[Referral] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # code_key(code) → guide id
    warnings: list[str] = field(default_factory=list)  # served anyway, but worth a look (freshness.py)

    def in_category(self, category_id: str) -> list[Guide]:
        return [g for g in self.guides.values() if g.category == category_id]


def load_guides(directory: str | Path, today: date | None = None) -> GuideSet:
    """Load every ``*.yaml`` guide in DIRECTORY; a broken file is reported and skipped, stale sources warned of."""
    root = Path(directory)
    result = GuideSet()
    if not root.is_dir():
        result.problems.append(f"{root}: (directory): not found")
        return result
    cat_label = f"{root.name}/{CATEGORIES_FILE}"
    raw, problems = _read_yaml(root / CATEGORIES_FILE, cat_label)
    if not (root / CATEGORIES_FILE).is_file():
        problems = [f"{cat_label}: (file): not found"]
    result.problems += problems
    if not problems:
        try:
            result.categories = _Categories.model_validate(raw).categories
        except ValidationError as exc:
            result.problems += _schema_problems(cat_label, exc)
    known_categories = {c.id for c in result.categories}
    result.referrals = _load_referrals(root, result.problems)

    for file in sorted(root.glob("*.yaml")):
        if file.name in (CATEGORIES_FILE, REFERRALS_FILE):
            continue
        label = f"{root.name}/{file.name}"
        raw, problems = _read_yaml(file, label)
        if problems:
            result.problems += problems
            continue
        try:
            guide = Guide.model_validate(raw)
        except ValidationError as exc:
            result.problems += _schema_problems(label, exc)
            continue
        problems = []
        if guide.id != file.stem:
            problems.append(f"{label}: id: '{guide.id}' does not match the file name '{file.stem}'")
        if guide.id in result.guides:
            problems.append(f"{label}: id: '{guide.id}' is already used by {result.files[guide.id]}")
        if known_categories and guide.category not in known_categories:
            problems.append(f"{label}: category: unknown category '{guide.category}'")
        for index, step in enumerate(guide.steps):
            if step.image and not (root / step.image).is_file():
                problems.append(f"{label}: steps[{index}].image: file '{step.image}' not found")
        if problems:
            result.problems += problems
            continue
        result.guides[guide.id] = guide
        result.files[guide.id] = label
        result.warnings += guide_warnings(label, guide, today or date.today())

    for guide in result.guides.values():
        for index, prerequisite in enumerate(guide.prerequisites):
            if prerequisite == guide.id:
                result.problems.append(f"{result.files[guide.id]}: prerequisites[{index}]: a guide cannot require itself")
            elif prerequisite not in result.guides:
                result.problems.append(
                    f"{result.files[guide.id]}: prerequisites[{index}]: unknown guide '{prerequisite}'"
                )
    _check_codes(result)
    return result


def _load_referrals(root: Path, problems: list[str]) -> list[Referral]:
    """referrals.yaml beside the guides (optional), validated like them; duplicate ids reported."""
    file = root / REFERRALS_FILE
    if not file.is_file():
        return []
    label = f"{root.name}/{REFERRALS_FILE}"
    raw, found = _read_yaml(file, label)
    if found:
        problems += found
        return []
    try:
        referrals = _Referrals.model_validate(raw).referrals
    except ValidationError as exc:
        problems += _schema_problems(label, exc)
        return []
    seen: set[str] = set()
    for index, referral in enumerate(referrals):
        if referral.id in seen:
            problems.append(f"{label}: referrals[{index}].id: '{referral.id}' is used twice")
        seen.add(referral.id)
    return referrals


def _check_codes(result: GuideSet) -> None:
    """Codes are unique whatever the case or spacing. A guide without one, or with a taken one, still serves
    (its code is not mapped), but `guides check` fails until it is fixed: printed codes must never move."""
    missing = []
    for guide in result.guides.values():
        label = result.files[guide.id]
        if guide.code is None:
            missing.append(guide)
            continue
        key = code_key(guide.code)
        holder = result.codes.get(key)
        if holder is not None:
            result.problems.append(f"{label}: code: '{guide.code}' is already used by {result.files[holder]}")
            continue
        result.codes[key] = guide.id
    taken = set(result.codes)
    for guide in missing:
        free = suggest_code(guide.id, taken)
        taken.add(free)
        result.problems.append(
            f"{result.files[guide.id]}: code: required — a short keyword code residents type to open the guide "
            f"(printed under its QR code); '{free}' is free, e.g. add the line: code: {free}"
        )


_STEM = re.compile(r"^(?:[^/]+/)?([^/:]+)\.yaml:")


def merge_reload(previous: GuideSet, fresh: GuideSet) -> GuideSet:
    """A reload keeps the last good version of any guide whose file is now broken."""
    if not fresh.guides and previous.guides:
        return GuideSet(previous.guides, previous.categories, fresh.problems, previous.files,
                        referrals=previous.referrals, codes=previous.codes, warnings=previous.warnings)
    broken = {m.group(1) for p in fresh.problems if (m := _STEM.match(p))}
    for guide_id in broken:
        if guide_id in previous.guides and guide_id not in fresh.guides:
            fresh.guides[guide_id] = previous.guides[guide_id]
            fresh.files[guide_id] = previous.files[guide_id]
    if not fresh.categories:
        fresh.categories = previous.categories
    if not fresh.referrals and any(p.startswith(f"{REFERRALS_FILE}") or f"/{REFERRALS_FILE}:" in p
                                   for p in fresh.problems):
        fresh.referrals = previous.referrals
    for guide_id in broken:
        kept = fresh.guides.get(guide_id)
        if kept is not None and kept.code and code_key(kept.code) not in fresh.codes:
            fresh.codes[code_key(kept.code)] = guide_id  # a kept guide keeps answering to its printed code
    return fresh
