"""Freshness warnings: a guide whose sources nobody re-checked for a year still loads, and says so."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.residents.freshness import months_before
from bot.residents.guides import load_guides

BROKEN = Path(__file__).parents[1] / "fixtures" / "guides_broken"
GUIDE = """id: {id}
code: {code}
category: phone
skill_group: other_platform
title: {{vi: "Hướng dẫn {id}"}}
summary: {{vi: "Một hướng dẫn để kiểm tra."}}
aliases: ["huong dan {id}"]
steps:
  - text: {{vi: "Bước một."}}
troubleshooting:
  - problem: {{vi: "Không được"}}
    answer: {{vi: "Hỏi tổ công nghệ số."}}
sources:
{sources}
{reviewed}
"""


def write_guide(folder: Path, guide_id: str, checked: list[str], *, url: bool = True,
                reviewed: str | None = "2026-11-30") -> None:
    sources = "\n".join(
        f"  - title: 'Nguồn {n}'\n" + (f"    url: 'https://example.vn/{n}'\n" if url else "") + f"    checked: {day}"
        for n, day in enumerate(checked)
    )
    (folder / f"{guide_id}.yaml").write_text(
        GUIDE.format(id=guide_id, code=guide_id.replace("-", "").upper()[:10] + "1", sources=sources,
                     reviewed=f"reviewed: {reviewed}" if reviewed else ""),
        encoding="utf-8",
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(BROKEN / "categories.yaml", tmp_path / "categories.yaml")
    return tmp_path


def test_months_before_keeps_the_day_or_falls_back_to_the_month_end() -> None:
    assert months_before(date(2026, 12, 1), 12) == date(2025, 12, 1)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_a_guide_whose_newest_source_is_over_a_year_old_loads_with_a_warning(folder: Path) -> None:
    write_guide(folder, "old", ["2024-05-01", "2025-11-30"])
    result = load_guides(folder, today=date(2026, 12, 1))
    assert result.problems == []
    assert set(result.guides) == {"old"}
    assert result.warnings == [
        f"{folder.name}/old.yaml: sources: newest source was checked on 2025-11-30, more than 12 months before "
        "2026-12-01; check the guide against current pages"
    ]


def test_one_recent_source_is_enough_and_the_boundary_day_still_counts(folder: Path) -> None:
    write_guide(folder, "fresh", ["2020-01-01", "2025-12-01"])
    assert load_guides(folder, today=date(2026, 12, 1)).warnings == []
    assert load_guides(folder, today=date(2026, 12, 2)).warnings != []


def test_missing_addresses_and_review_dates_and_future_dates_are_named_by_path(folder: Path) -> None:
    write_guide(folder, "vague", ["2026-11-30"], url=False, reviewed=None)
    write_guide(folder, "ahead", ["2027-01-01"], reviewed="2027-01-02")
    warnings = load_guides(folder, today=date(2026, 12, 1)).warnings
    label = folder.name
    assert warnings == [
        f"{label}/ahead.yaml: sources[0].checked: 2027-01-01 is in the future",
        f"{label}/ahead.yaml: reviewed: 2027-01-02 is in the future",
        f"{label}/vague.yaml: sources[0].url: no address; add the page the facts come from",
        f"{label}/vague.yaml: reviewed: missing; add the date the guide was last read against its sources",
    ]


def test_a_broken_guide_is_an_error_and_never_only_a_warning(folder: Path) -> None:
    write_guide(folder, "old", ["2020-01-01"])
    (folder / "broken.yaml").write_text("id: broken\nsources: [", encoding="utf-8")
    result = load_guides(folder, today=date(2026, 12, 1))
    assert [p.split(":")[0] for p in result.problems] == [f"{folder.name}/broken.yaml"]
    assert [w.split(":")[0] for w in result.warnings] == [f"{folder.name}/old.yaml"]
