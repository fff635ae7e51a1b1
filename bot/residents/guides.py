"""Guides are data: YAML files validated by schema first (guide_schema.py), then cross-references; a broken
file can serve an earlier text of itself."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.residents.codes import code_key, suggest_code
from bot.residents.freshness import guide_warnings
from bot.residents.guide_schema import (
    Categories,
    Category,
    Guide,
    LocalText,
    Referral,
    Referrals,
    Step,
    Trouble,
    Urgent,
    schema_problems,
)

__all__ = ["CATEGORIES_FILE", "REFERRALS_FILE", "Category", "Guide", "GuideSet", "LocalText", "Referral", "Step",
           "Trouble", "Urgent", "load_guides", "merge_reload"]

CATEGORIES_FILE = "categories.yaml"
LAST_GOOD_NOTE = "serving the last good version of this file"
REFERRALS_FILE = "referrals.yaml"
def _read(file: Path, label: str) -> tuple[str | None, list[str]]:
    try:
        return file.read_text(encoding="utf-8"), []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{label}: (file): cannot be read ({exc})"]


def _parse_yaml(text: str, label: str) -> tuple[object, list[str]]:
    try:
        return yaml.safe_load(text), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        return None, [f"{label}: {where}: not valid YAML ({getattr(exc, 'problem', exc)})"]


@dataclass
class GuideSet:
    """The guides that loaded, their categories, and every problem found on the way."""

    guides: dict[str, Guide] = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # guide id → file label
    sources: dict[str, str] = field(default_factory=dict)  # file name → its text, for files that loaded cleanly
    referrals: list[Referral] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # code_key(code) → guide id
    warnings: list[str] = field(default_factory=list)  # served anyway, but worth a look (freshness.py)

    def in_category(self, category_id: str) -> list[Guide]:
        return [g for g in self.guides.values() if g.category == category_id]


def _categories(text: str, label: str) -> tuple[list[Category], list[str]]:
    raw, problems = _parse_yaml(text, label)
    if problems:
        return [], problems
    try:
        return Categories.model_validate(raw).categories, []
    except ValidationError as exc:
        return [], schema_problems(label, exc)


def _guide(text: str, label: str, stem: str, root: Path, result: GuideSet) -> tuple[Guide | None, list[str]]:
    """The guide in TEXT (the file STEM.yaml) if it is valid and fits RESULT's categories and ids."""
    raw, problems = _parse_yaml(text, label)
    if problems:
        return None, problems
    try:
        guide = Guide.model_validate(raw)
    except ValidationError as exc:
        return None, schema_problems(label, exc)
    if guide.id != stem:
        problems.append(f"{label}: id: '{guide.id}' does not match the file name '{stem}'")
    if guide.id in result.guides:
        problems.append(f"{label}: id: '{guide.id}' is already used by {result.files[guide.id]}")
    known_categories = {c.id for c in result.categories}
    if known_categories and guide.category not in known_categories:
        problems.append(f"{label}: category: unknown category '{guide.category}'")
    for index, step in enumerate(guide.steps):
        if step.image and not (root / step.image).is_file():
            problems.append(f"{label}: steps[{index}].image: file '{step.image}' not found")
    return (None, problems) if problems else (guide, [])


def load_guides(directory: str | Path, last_good: Mapping[str, str] | None = None, today: date | None = None
                ) -> GuideSet:
    """Load every ``*.yaml`` guide in DIRECTORY; a broken file is reported and skipped, or, when LAST_GOOD
    holds an earlier text of it (file name → text) that is still valid, that version serves instead; stale
    sources are warned of."""
    root = Path(directory)
    result = GuideSet()
    if not root.is_dir():
        result.problems.append(f"{root}: (directory): not found")
        return result
    earlier = last_good or {}
    cat_label = f"{root.name}/{CATEGORIES_FILE}"
    if (root / CATEGORIES_FILE).is_file():
        text, problems = _read(root / CATEGORIES_FILE, cat_label)
        if text is not None:
            result.categories, problems = _categories(text, cat_label)
            if not problems:
                result.sources[CATEGORIES_FILE] = text
    else:
        problems = [f"{cat_label}: (file): not found"]
    if problems and CATEGORIES_FILE in earlier:
        result.categories, older = _categories(earlier[CATEGORIES_FILE], cat_label)
        problems += [] if older else [f"{cat_label}: {LAST_GOOD_NOTE}"]
    result.problems += problems
    _load_referrals(root, result, earlier)

    for file in sorted(root.glob("*.yaml")):
        if file.name in (CATEGORIES_FILE, REFERRALS_FILE):
            continue
        label = f"{root.name}/{file.name}"
        text, problems = _read(file, label)
        guide, problems = _guide(text, label, file.stem, root, result) if text is not None else (None, problems)
        if guide is not None and text is not None:
            result.sources[file.name] = text
        elif file.name in earlier:
            guide, older = _guide(earlier[file.name], label, file.stem, root, result)
            problems += [] if older or guide is None else [f"{label}: {LAST_GOOD_NOTE}"]
        result.problems += problems
        if guide is not None:
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


def _referrals(text: str, label: str) -> tuple[list[Referral], list[str]]:
    raw, problems = _parse_yaml(text, label)
    if problems:
        return [], problems
    try:
        referrals = Referrals.model_validate(raw).referrals
    except ValidationError as exc:
        return [], schema_problems(label, exc)
    seen: set[str] = set()
    for index, referral in enumerate(referrals):
        if referral.id in seen:
            problems.append(f"{label}: referrals[{index}].id: '{referral.id}' is used twice")
        seen.add(referral.id)
    return referrals, problems


def _load_referrals(root: Path, result: GuideSet, earlier: Mapping[str, str]) -> None:
    """referrals.yaml beside the guides (optional), validated like them; duplicate ids reported."""
    file = root / REFERRALS_FILE
    if not file.is_file():
        return
    label = f"{root.name}/{REFERRALS_FILE}"
    text, problems = _read(file, label)
    referrals: list[Referral] = []
    if text is not None:
        referrals, problems = _referrals(text, label)
        if not problems:
            result.sources[REFERRALS_FILE] = text
    if problems and REFERRALS_FILE in earlier:
        older_referrals, older = _referrals(earlier[REFERRALS_FILE], label)
        if not older:
            referrals, problems = older_referrals, [*problems, f"{label}: {LAST_GOOD_NOTE}"]
    result.referrals = referrals
    result.problems += problems


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
