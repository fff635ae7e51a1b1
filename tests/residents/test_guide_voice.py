"""Guide texts speak in the reader's pronoun pair: placeholders in the files, filled safely, validated."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pronouns import bare_pronouns
from pydantic import ValidationError

from bot.core.i18n import Voice, address
from bot.residents.guides import GuideSet, LocalText, load_guides

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parents[1] / "fixtures" / "guides_broken"


@pytest.fixture(scope="module")
def shipped() -> GuideSet:
    return load_guides(ROOT / "guides")


def resident_texts(shipped: GuideSet) -> Iterator[tuple[str, LocalText]]:
    """Every text a resident reads from the guide files, with where it is."""
    for guide_id, guide in shipped.guides.items():
        yield f"{guide_id}.title", guide.title
        yield f"{guide_id}.summary", guide.summary
        yield from ((f"{guide_id}.needs[{i}]", t) for i, t in enumerate(guide.needs))
        yield from ((f"{guide_id}.warnings[{i}]", t) for i, t in enumerate(guide.warnings))
        for i, step in enumerate(guide.steps):
            yield f"{guide_id}.steps[{i}].text", step.text
            if step.warning:
                yield f"{guide_id}.steps[{i}].warning", step.warning
        for i, trouble in enumerate(guide.troubleshooting):
            yield f"{guide_id}.troubleshooting[{i}].problem", trouble.problem
            yield f"{guide_id}.troubleshooting[{i}].answer", trouble.answer
        if guide.urgent:
            yield f"{guide_id}.urgent", guide.urgent.text
    for referral in shipped.referrals:
        yield f"referrals.{referral.id}.title", referral.title
        yield f"referrals.{referral.id}.answer", referral.answer
    for category in shipped.categories:
        yield f"categories.{category.id}", category.title


def test_no_guide_text_calls_a_resident_ban_or_the_bot_minh(shipped: GuideSet) -> None:
    left = [f"{where}: {found}" for where, text in resident_texts(shipped) if (found := bare_pronouns(text.vi))]
    assert left == []
    assert sum(text.vi.count("{you}") + text.vi.count("{You}") for _, text in resident_texts(shipped)) > 200


def test_the_check_itself_tells_a_pronoun_from_a_label_or_a_friend() -> None:
    assert bare_pronouns("Mã OTP chỉ để bạn tự gõ vào ứng dụng của mình.") == ["bạn", "mình"]
    assert bare_pronouns('Chạm dòng "Bạn đang có thông tin chờ xác nhận", mở danh sách bạn bè, chạm «Kết bạn».') == []
    assert bare_pronouns("Bán hàng, bản sao, bàn phím, minh bạch") == []  # the letters alone are not the word
    assert bare_pronouns('Máy báo "Tài khoản của bạn đã…\nNếu bạn cần') == ["bạn"]  # a label cut short on a button


def test_titles_carry_no_pronoun_because_reports_and_member_lists_show_them(shipped: GuideSet) -> None:
    titles = [(w, t) for w, t in resident_texts(shipped) if w.endswith(".title") or w.startswith("categories.")]
    assert [w for w, t in titles if "{" in t.vi or "{" in (t.en or "")] == []


def test_a_guide_text_is_filled_for_each_pronoun_pair() -> None:
    text = LocalText(vi="{You} mở ứng dụng của {you}; {me} chờ {you} nhé. {Me} ở đây.", en="Open your app.")
    assert text.get(Voice.of("vi", "bac")) == "Bác mở ứng dụng của bác; cháu chờ bác nhé. Cháu ở đây."
    assert text.get(Voice.of("vi", "ban")) == "Bạn mở ứng dụng của bạn; mình chờ bạn nhé. Mình ở đây."
    assert text.get("vi") == "Anh/chị mở ứng dụng của anh/chị; em chờ anh/chị nhé. Em ở đây."
    assert text.get(Voice.of("en", "bac")) == "Open your app."


def test_vietnamese_shown_to_an_english_reader_keeps_vietnamese_pronouns() -> None:
    only_vi = LocalText(vi="{You} gõ mã.")
    assert only_vi.get(Voice.of("en", "chu")) == "Chú gõ mã."
    assert only_vi.get("en") == "Anh/chị gõ mã."


def test_other_braces_are_left_as_written() -> None:
    voice = Voice.of("vi", "co")
    assert address("Gõ { hoặc } rồi {a, b} và {{you}} — {You} xong", voice) == "Gõ { hoặc } rồi {a, b} và {cô} — Cô xong"
    assert LocalText(vi="Mở {a, b} cho {you}").get(voice) == "Mở {a, b} cho cô"


@pytest.mark.parametrize("written", ["{ban}", "{bạn}", "{ You }", "{}", "{name}", "{YOU}"])
def test_an_unknown_placeholder_is_rejected_by_name(written: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(f"unknown placeholder {written}")):
        LocalText(vi=f"Chào {written}, {{me}} giúp nhé.")
    with pytest.raises(ValidationError, match="unknown placeholder"):
        LocalText(vi="Chào.", en=f"Hello {written}")


def test_guides_check_names_the_file_and_the_path_of_an_unknown_placeholder(tmp_path: Path) -> None:
    for name in ("categories.yaml", "good.yaml"):
        shutil.copy(BROKEN / name, tmp_path / name)
    good = (tmp_path / "good.yaml").read_text(encoding="utf-8")
    (tmp_path / "good.yaml").write_text(
        good.replace('answer: {vi: "Hỏi tổ công nghệ số."}', 'answer: {vi: "Hỏi tổ, {ban} nhé."}'), encoding="utf-8")
    problems = load_guides(tmp_path).problems
    assert problems == [f"{tmp_path.name}/good.yaml: troubleshooting[0].answer.vi: unknown placeholder {{ban}} "
                        "(only {you}, {me}, {You}, {Me})"]
