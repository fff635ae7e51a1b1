"""Conversations: a resident is addressed as they asked on every screen — guides, problems, warnings, errors."""

from __future__ import annotations

from pathlib import Path

from pronouns import bare_pronouns

from bot.channels.console import ConsoleChannel
from bot.channels.numbered import render
from bot.core.engine import Services, Turn
from bot.core.messages import Incoming
from bot.residents import screens
from bot.residents.guides import load_guides
from storage import people

ROOT = Path(__file__).resolve().parents[2]
TU = {"user": "tu", "name": "Ông Tư"}
GUIDE = "vneid-install"  # its steps, needs and problems all speak to the reader


def polite(screen: str, you: str, me: str) -> None:
    """SCREEN names nobody "bạn"/"mình", shows no raw placeholder, and no neutral form once a pair is chosen.

    (Other pairs' words are not searched for: "chú ý", "bác sĩ" and "con cháu" are ordinary words.)"""
    assert bare_pronouns(screen) == [], screen
    assert "{you}" not in screen.lower() and "{me}" not in screen.lower(), screen
    if (you, me) != ("anh/chị", "em"):
        assert "anh/chị" not in screen.lower(), screen


async def walk_the_guide(console: ConsoleChannel, who: dict[str, str]) -> list[str]:
    """What a resident sees opening the guide by a question, reading it through, getting stuck, leaking an OTP."""
    guide = load_guides(ROOT / "guides").guides[GUIDE]
    seen = [await console.say("cài vneid thế nào", **who), await console.press(f"n:{GUIDE}", **who)]
    seen += [await console.press(f"g:{GUIDE}:{n}", **who) for n in range(1, len(guide.steps) + 1)]
    seen.append(await console.press(f"s:{GUIDE}:3", **who))
    seen += [await console.press(f"t:{GUIDE}:3:{i}", **who) for i in range(len(guide.troubleshooting))]
    seen.append(await console.say("mã otp của tôi là 482913", **who))
    seen.append(await console.say("mật khẩu của tôi là Lan@1234", **who))
    seen.append(await console.say("x" * 5000, **who))
    seen.append(await console.say("lương hưu tính thế nào", **who))
    seen.append(await console.say("lỡ đọc mã otp cho người lạ rồi", **who))
    return seen


async def test_an_elder_called_bac_hears_bac_and_chau_on_every_screen(console: ConsoleChannel) -> None:
    await console.say("/start", **TU)
    assert "từ giờ cháu xin gọi là bác" in await console.say("gọi tôi là bác", **TU)
    seen = await walk_the_guide(console, TU)
    for screen in seen:
        polite(screen, "bác", "cháu")
    everything = "\n".join(seen)
    assert "Thẻ căn cước / CCCD gắn chip của bác." in everything  # what to prepare
    assert "Nhập số điện thoại đứng tên bác." in everything  # a step
    assert "Tin nhắn của bác giống một mã OTP" in everything and "Cháu không lưu tin nhắn này." in everything
    assert "bác hãy đổi mật khẩu ngay" in everything
    assert "Tin nhắn dài quá nên cháu chưa đọc được. Bác hỏi ngắn gọn" in everything
    assert "Quá trình đóng bảo hiểm của bác thì xem được" in everything  # a referral
    assert everything.count("Bác") + everything.count(" bác") >= 15


async def test_until_they_say_the_bot_speaks_the_neutral_anh_chi_em(console: ConsoleChannel) -> None:
    await console.say("/start", **TU)
    for screen in await walk_the_guide(console, TU):
        polite(screen, "anh/chị", "em")
    out = await console.press(f"n:{GUIDE}", **TU)
    assert "Thẻ căn cước / CCCD gắn chip của anh/chị." in out
    assert "Tin nhắn của anh/chị giống một mã OTP" in await console.say("otp 482913", **TU)


async def test_someone_who_chooses_ban_gets_ban_and_minh(console: ConsoleChannel) -> None:
    await console.say("/start", **TU)
    await console.say("/xungho", **TU)
    assert "từ giờ mình xin gọi là bạn" in await console.press("x:ban", **TU)
    assert "Nhập số điện thoại đứng tên bạn." in await console.press(f"g:{GUIDE}:5", **TU)
    out = await console.say("mã otp của tôi là 482913", **TU)
    assert "Tin nhắn của bạn giống một mã OTP" in out and "Mình không lưu tin nhắn này." in out
    assert "anh/chị" not in out


async def test_changing_the_address_mid_guide_keeps_the_step(console: ConsoleChannel) -> None:
    await console.say("/start", **TU)
    await console.press(f"g:{GUIDE}:5", **TU)
    out = await console.say("cứ gọi tôi là chú nhé", **TU)
    assert "từ giờ cháu xin gọi là chú" in out
    assert [c.action for c in console.last_replies[-1].choices] == [f"g:{GUIDE}:5", "m"]
    out = await console.say("1", **TU)  # the first choice, typed: back to step 5, now in the new pair
    assert "Bước 5/" in out and "Nhập số điện thoại đứng tên chú." in out
    out = await console.say("tiếp", **TU)
    assert "Bước 6/" in out
    polite(out, "chú", "cháu")


async def test_typed_without_diacritics_goi_toi_la_ba_means_ba(console: ConsoleChannel, services: Services) -> None:
    await console.say("/start", **TU)
    out = await console.say("goi toi la ba", **TU)
    assert "từ giờ cháu xin gọi là bà" in out and "Bà cần cháu giúp việc gì?" in out
    person = await people.find_person(services.db, "console", "tu")
    assert person is not None and person.address_as == "ba"
    out = await console.press(f"n:{GUIDE}", **TU)
    assert "Thẻ căn cước / CCCD gắn chip của bà." in out


async def test_every_screen_of_every_guide_follows_the_pair(console: ConsoleChannel, services: Services) -> None:
    """Beyond one walk: intro, needs, steps, problems, answers and urgent blocks of all guides, for bác."""
    await console.say("/start", **TU)
    await console.say("gọi tôi là bác", **TU)
    person = await people.find_person(services.db, "console", "tu")
    assert person is not None
    turn = Turn(services, Incoming("console", "tu", "tu"), person, {})
    for guide in load_guides(ROOT / "guides").guides.values():
        for reply in screens.screens(turn, guide):
            polite(render(reply, "vi"), "bác", "cháu")
