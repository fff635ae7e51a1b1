"""Keyword codes: unique and checked in the YAML, typed in any way in any channel, and /start deep links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from bot.residents.codes import check_code, code_key
from bot.residents.guides import load_guides
from bot.residents.library import GuideLibrary

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parents[1] / "fixtures" / "guides_broken"


def _copy(tmp_path: Path, *names: str) -> Path:
    for name in ("categories.yaml", *names):
        shutil.copy(BROKEN / name, tmp_path / name)
    return tmp_path


def _write_guide(folder: Path, guide_id: str, code_line: str) -> None:
    text = (BROKEN / "good.yaml").read_text(encoding="utf-8").replace("id: good\ncode: GOOD1\n",
                                                                     f"id: {guide_id}\n{code_line}")
    (folder / f"{guide_id}.yaml").write_text(text, encoding="utf-8")


def test_every_shipped_guide_has_its_own_code() -> None:
    guides = load_guides(ROOT / "guides")
    codes = [g.code for g in guides.guides.values()]
    assert None not in codes and len({code_key(c or "") for c in codes}) == len(codes)
    assert guides.guides["vneid-level2"].code == "VNEID2"


def test_a_guide_without_a_code_still_serves_but_check_fails_with_a_free_suggestion(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "good.yaml")
    _write_guide(folder, "vneid-new", "")
    _write_guide(folder, "vneid-other", "code: VNEID1\n")
    result = load_guides(folder)
    assert "vneid-new" in result.guides  # residents keep getting it while the code is added
    [problem] = result.problems
    assert problem.startswith(f"{folder.name}/vneid-new.yaml: code: required")
    assert "'VNEID2' is free" in problem and "code: VNEID2" in problem  # VNEID1 is taken


def test_duplicate_codes_name_both_files_and_the_first_keeps_it(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "good.yaml")
    _write_guide(folder, "zz-copy", "code: GOOD1\n")
    result = load_guides(folder)
    assert result.problems == [f"{folder.name}/zz-copy.yaml: code: 'GOOD1' is already used by {folder.name}/good.yaml"]
    assert result.codes == {"GOOD1": "good"}


@pytest.mark.parametrize("bad", ["vneid2", "VNEID", "2VNEID", "VN", "VNEID-2", "VNEIDVNEIDVN2", "VNÉID2"])
def test_badly_formed_codes_are_explained(bad: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="capital letters and digits"):
        check_code(bad)
    folder = _copy(tmp_path)
    _write_guide(folder, "bad-code", f"code: '{bad}'\n")
    [problem] = load_guides(folder).problems
    assert problem.startswith(f"{folder.name}/bad-code.yaml: code: ")
    assert "capital letters and digits" in problem


def test_a_reload_that_breaks_a_file_keeps_its_code_working(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "good.yaml")
    library = GuideLibrary(folder)
    (folder / "good.yaml").write_text("id: good\ntitle: [", encoding="utf-8")
    library.reload()
    found = library.by_code("good1")
    assert found is not None and found.id == "good"


@pytest.mark.parametrize("typed", ["VNEID2", "vneid2", "vneid 2", "VNEID-2", "  Vneid2. ", "mã VNEID2", "ma vneid2"])
async def test_typing_a_code_any_way_opens_its_guide(console: ConsoleChannel, typed: str) -> None:
    out = await console.say(typed)
    assert "📘 Định danh mức 2 và kích hoạt tài khoản VNeID" in out
    assert "g:vneid-level2:1" in [c.action for c in console.choices()]


async def test_words_and_unknown_codes_still_go_to_the_search(console: ConsoleChannel) -> None:
    def opened(guide_id: str) -> bool:
        return f"g:{guide_id}:1" in [c.action for c in console.choices()]

    await console.say("cai vneid", user="a")  # a question, not a code
    assert opened("vneid-install")
    for typed, user in (("VNEID99", "b"), ("tôi đã nhắn VNEID2 mà không thấy gì", "c")):
        out = await console.say(typed, user=user)  # an unknown code, a sentence around a code: questions
        assert not opened("vneid-level2") and "📘 Định danh mức 2" not in out, typed


async def test_a_code_typed_in_the_middle_of_another_guide_switches_to_it(console: ConsoleChannel,
                                                                           services: Services) -> None:
    await console.press("g:qr-pay:2")
    assert "📘 Dùng ứng dụng VssID" in await console.say("VSSID1")
    assert "Bước 1/" in await console.say("tiếp")  # "next" now moves through the guide the code opened
    assert "📘 Dùng ứng dụng VssID" in await console.say("tiếp")


async def test_numbers_still_pick_from_the_menu_after_a_code(console: ConsoleChannel) -> None:
    await console.say("QR1")
    assert "Bước 1/" in await console.say("1")  # "1" is the start button, not a code


async def test_start_with_a_payload_opens_the_guide_and_greets_newcomers(console: ConsoleChannel,
                                                                        services: Services) -> None:
    out = await console.say("/start VNEID2", user="moi")
    assert "trợ lý tự động" in out and "📘 Định danh mức 2" in out
    assert "📘 Cài ứng dụng an toàn" in await console.say("/start g_install-app", user="moi")
    assert "📘 Trả tiền bằng cách quét mã QR" in await console.say("/start qr-pay", user="moi")
    fallback = await console.say("/start khong-co-gi-ca", user="moi")  # unknown payload: the usual start
    assert "c:vneid" in [c.action for c in console.choices()] and "📘" not in fallback  # the main menu
    row = await services.db.fetchone(
        "SELECT count(*) FROM guide_events e JOIN people p ON p.id = e.person_id WHERE p.user_id = 'moi' "
        "AND e.event = 'started'")
    assert row is not None and row[0] == 3
