"""Guides: schema first, then cross-references; one broken fixture per defect, exact error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.residents.guides import load_guides
from bot.residents.library import GuideLibrary

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parents[1] / "fixtures" / "guides_broken"
REQUIRED_IDS = {
    "vneid-install", "vneid-level2", "vneid-passcode", "vneid-documents", "vneid-health-book", "dvc-login",
    "dvc-submit", "qr-pay", "qr-receive", "mobile-money", "vssid", "scam-alert", "wifi-connect", "text-size",
    "install-app", "zalo-video-call", "online-shop", "bill-pay",
}


def test_shipped_guides_are_all_valid() -> None:
    result = load_guides(ROOT / "guides")
    assert result.problems == []
    assert set(result.guides) >= REQUIRED_IDS


def test_shipped_guides_have_english_where_required() -> None:
    guides = load_guides(ROOT / "guides").guides
    for guide_id in REQUIRED_IDS:
        if guide_id.startswith(("vneid", "dvc", "qr")):
            guide = guides[guide_id]
            assert guide.title.en and guide.summary.en, guide_id
            assert all(step.text.en for step in guide.steps), guide_id


@pytest.mark.parametrize(
    ("file", "error"),
    [
        ("step-missing-vi.yaml", "guides_broken/step-missing-vi.yaml: steps[1].text.vi: required"),
        ("bad-yaml.yaml", "guides_broken/bad-yaml.yaml: line 3: not valid YAML (expected ',' or '}', but got '<scalar>')"),
        ("name-mismatch.yaml",
         "guides_broken/name-mismatch.yaml: id: 'wrong-name' does not match the file name 'name-mismatch'"),
        ("unknown-prereq.yaml", "guides_broken/unknown-prereq.yaml: prerequisites[1]: unknown guide 'no-such-guide'"),
        ("unknown-category.yaml", "guides_broken/unknown-category.yaml: category: unknown category 'cooking'"),
        ("extra-key.yaml", "guides_broken/extra-key.yaml: colour: unknown key"),
        ("bad-group.yaml", "guides_broken/bad-group.yaml: skill_group: must be 'identity', 'public_services', "
                           "'online_shopping', 'online_payment', 'online_safety' or 'other_platform'"),
        ("no-aliases.yaml", "guides_broken/no-aliases.yaml: aliases: needs at least one item"),
        ("bad-date.yaml", "guides_broken/bad-date.yaml: sources[0].checked: must be a date like 2026-11-23"),
        ("missing-image.yaml", "guides_broken/missing-image.yaml: steps[0].image: file 'images/nope.png' not found"),
        ("not-a-mapping.yaml", "guides_broken/not-a-mapping.yaml: (top level): must be a mapping of keys"),
    ],
)
def test_each_defect_is_reported_exactly(file: str, error: str) -> None:
    assert (BROKEN / file).is_file()
    assert error in load_guides(BROKEN).problems


def test_broken_files_do_not_take_the_others_down() -> None:
    result = load_guides(BROKEN)
    # good.yaml is valid; unknown-prereq.yaml is served with the problem reported (its link is dropped).
    assert set(result.guides) == {"good", "unknown-prereq"}
    assert len(result.problems) == 11  # one per broken fixture file


def test_missing_categories_file_is_reported(tmp_path: Path) -> None:
    shutil.copy(BROKEN / "good.yaml", tmp_path / "good.yaml")
    result = load_guides(tmp_path)
    assert f"{tmp_path.name}/categories.yaml: (file): not found" in result.problems


def test_reload_keeps_the_last_good_version_of_a_file_that_broke(tmp_path: Path) -> None:
    for name in ("categories.yaml", "good.yaml"):
        shutil.copy(BROKEN / name, tmp_path / name)
    library = GuideLibrary(tmp_path)
    assert library.get("good") is not None
    (tmp_path / "good.yaml").write_text("id: good\ntitle: [", encoding="utf-8")
    problems = library.reload()
    assert problems and problems[0].startswith(f"{tmp_path.name}/good.yaml: line")
    guide = library.get("good")
    assert guide is not None and guide.title.vi == "Hướng dẫn mẫu"
    assert library.search("huong dan mau")[0].guide_id == "good"


def test_reload_with_everything_broken_keeps_serving(tmp_path: Path) -> None:
    for name in ("categories.yaml", "good.yaml"):
        shutil.copy(BROKEN / name, tmp_path / name)
    library = GuideLibrary(tmp_path)
    shutil.rmtree(tmp_path)
    assert library.reload() == [f"{tmp_path}: (directory): not found"]
    assert library.get("good") is not None
    assert [c.id for c in library.current.categories] == ["phone"]
