"""Residents off the script, as conversations: the exchanges quoted in the issue that asked for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from bot.core.i18n import Catalog, Voice
from bot.residents import screens
from bot.residents.guides import load_guides
from storage import people

ROOT = Path(__file__).resolve().parents[2]
LAN = {"user": "lan", "name": "Bà Lan"}


async def test_greetings_and_thanks_get_a_short_human_answer(console: ConsoleChannel) -> None:
    await console.say("/start", **LAN)
    for hello in ("xin chao", "chao chau", "alo", "bạn ơi", "chau oi"):  # calling someone is a greeting too
        out = await console.say(hello, **LAN)
        assert out.startswith("Dạ, em chào anh/chị!") and "lừa đảo qua mạng" not in out
    assert (await console.say("cam on chau", **LAN)).startswith("Dạ không có gì ạ")
    for who in ("bạn là ai", "chau ten gi vay"):
        assert (await console.say(who, **LAN)).startswith("Dạ, em là trợ lý tự động")


async def test_the_first_greeting_is_short_and_its_own_message(console: ConsoleChannel) -> None:
    await console.say("cài vneid", **LAN)
    greeting, *rest = console.last_replies
    assert "trợ lý tự động" in greeting.text and len(greeting.text) <= 300 and not greeting.choices
    assert rest and "VNeID" in rest[0].text


async def test_residents_say_how_to_be_called_and_every_answer_follows(console: ConsoleChannel,
                                                                       services: Services) -> None:
    await console.say("/start", **LAN)
    out = await console.say("goi toi la bac nhe", **LAN)
    assert "từ giờ cháu xin gọi là bác" in out
    person = await people.find_person(services.db, "console", "lan")
    assert person is not None and person.address_as == "bac"
    out = await console.say("chao chau", **LAN)
    assert out.startswith("Dạ, cháu chào bác! Bác cần cháu")
    out = await console.say("/xungho", **LAN)
    assert "Chú" in out and "Chị" in out
    out = await console.press("x:chi", **LAN)
    assert "từ giờ em xin gọi là chị" in out and "Chị cần em" in out


def test_a_pronoun_pair_fills_one_text_for_everyone() -> None:
    texts = Catalog({"k": {"vi": "{You} cần {me} giúp gì?", "en": "What can I do?"}})
    assert texts(Voice.of("vi"), "k") == "Anh/chị cần em giúp gì?"
    assert texts(Voice.of("vi", "bac"), "k") == "Bác cần cháu giúp gì?"
    assert texts(Voice.of("vi", "em"), "k") == "Em cần mình giúp gì?"
    assert texts("en", "k") == "What can I do?"


async def test_free_text_inside_a_guide_is_read_in_that_guide_first(console: ConsoleChannel) -> None:
    await console.press("g:vneid-install:4", **LAN)
    out = await console.say("ko dc chau oi, no bao sai ma otp", **LAN)
    assert "❓ Không nhận được mã OTP" in out and "◀️ Về bước 4" in out
    out = await console.say("1", **LAN)  # back to step 4: nothing was lost
    assert "Bước 4/" in out


async def test_calling_out_inside_a_guide_keeps_the_step(console: ConsoleChannel) -> None:
    await console.press("g:vneid-install:4", **LAN)
    out = await console.say("chau oi", **LAN)  # the question comes in the next message
    assert out.startswith("Dạ, em chào anh/chị!") and "◀️ Về bước 4" in out
    out = await console.say("no bao sai ma otp", **LAN)
    assert "❓ Không nhận được mã OTP" in out and "◀️ Về bước 4" in out


async def test_a_new_question_inside_a_guide_keeps_the_way_back(console: ConsoleChannel) -> None:
    await console.press("g:vneid-install:3", **LAN)
    out = await console.say("tăng cỡ chữ điện thoại", **LAN)
    assert "Tăng cỡ chữ" in out or "cỡ chữ" in out
    back = next(c for c in console.choices() if c.action == "g:vneid-install:3")
    assert back.label == "◀️ Về bước 3"


async def test_asking_for_a_person_is_always_a_help_request(console: ConsoleChannel, services: Services) -> None:
    await console.press("g:text-size:2", **LAN)
    out = await console.say("nho to giup", **LAN)
    assert "Em đã ghi lại yêu cầu số 1" in out and "cỡ chữ" not in out.lower().split("yêu cầu")[0]
    row = await services.db.fetchone("SELECT guide_id, step FROM help_requests")
    assert row is not None and tuple(row) == ("text-size", 2)
    out = await console.say("gọi người giúp với", user="hoa", name="Chị Hoa")
    assert "Em đã ghi lại yêu cầu số 2" in out


async def test_urgent_cases_put_the_action_first(console: ConsoleChannel) -> None:
    out = await console.say("toi lo doc ma roi gio phai lam sao", **LAN)
    first = console.last_replies[1] if "trợ lý tự động" in console.last_replies[0].text else console.last_replies[0]
    assert first.text.startswith("🚨 KHÔNG đọc mã OTP") and "tổng đài ngân hàng" in first.text
    assert "Nhận biết và báo cáo lừa đảo" in out
    await console.say("/menu", **LAN)
    out = await console.say("có đọc không", **LAN)
    assert out.startswith("🚨 KHÔNG") and out.index("KHÔNG") < 10
    out = await console.say("mat dien thoai roi", **LAN)
    assert out.startswith("🚨 Mất điện thoại: gọi ngay 1900.0368")


async def test_symptoms_lead_to_the_matching_problem(console: ConsoleChannel) -> None:
    await console.say("/start", **LAN)
    out = await console.say("Cho tôi hỏi không nhận được mã OTP khi kích hoạt ạ, mong được giải đáp", **LAN)
    assert "Không nhận được mã OTP" in out
    out = await console.say("máy cũ đã reset nên không vào được VNeID", **LAN)
    assert "Quên mật khẩu, passcode VNeID" in out


async def test_out_of_scope_topics_are_referred_with_a_person_in_reach(console: ConsoleChannel) -> None:
    await console.say("/start", **LAN)
    out = await console.say("lương hưu của tôi được tính thế nào", **LAN)
    assert "Bảo hiểm xã hội" in out and "1900 9068" in out and "🙋 Nhờ tổ công nghệ số" in out
    out = await console.say("thu tuc dang ky ket hon", **LAN)
    assert "Ủy ban nhân dân xã" in out
    out = await console.say("sổ hồng với sổ đỏ khác nhau thế nào", **LAN)  # next to the VNeID land guide
    assert "Văn phòng đăng ký đất đai" in out and "🙋 Nhờ tổ công nghệ số" in out
    out = await console.say("điện thoại rơi xuống nước không lên nguồn", **LAN)  # next to the text-size guide
    assert "cửa hàng sửa chữa" in out and "📘" not in out
    out = await console.say("kể chuyện cười đi", **LAN)
    assert "chưa có hướng dẫn" in out and "🙋 Nhờ tổ công nghệ số" in out


async def test_numbered_lists_say_type_a_number_once_and_the_menu_has_no_zero(console: ConsoleChannel) -> None:
    out = await console.say("/menu", **LAN)
    assert out.count("Gõ số để chọn") == 1 and "\n1. 🪪 VNeID" in out and "\n0." not in out
    out = await console.press("g:vneid-install:1", **LAN)
    assert out.count("Gõ số để chọn") == 1 and "\n0." not in out  # the step lists the menu itself


async def test_the_stuck_screen_is_a_pick_list(console: ConsoleChannel, services: Services) -> None:
    await console.say("/start", **LAN)  # so the first-contact greeting is not counted as part of the screen
    out = await console.press("s:vneid-install:2", **LAN)
    guide = services.library.get("vneid-install")
    assert guide is not None and len(out) < 700
    assert all(t.problem.vi[:40] in out for t in guide.troubleshooting)
    out = await console.say("2", **LAN)
    assert f"👉 {guide.troubleshooting[1].answer.vi}" in out and "◀️ Về bước 2" in out


@pytest.mark.parametrize("limit", [500])
async def test_every_guide_screen_fits_a_phone(console: ConsoleChannel, services: Services, limit: int) -> None:
    """Intro ≤ 500 characters; every other screen ≤ 1,000, whatever guide is added later."""
    from bot.channels.numbered import render

    await console.say("/start", **LAN)
    turn_person = await people.find_person(services.db, "console", "lan")
    assert turn_person is not None
    from bot.core.engine import Turn
    from bot.core.messages import Incoming

    turn = Turn(services, Incoming("console", "lan", "lan"), turn_person, {})
    longest = {}
    for guide in load_guides(ROOT / "guides").guides.values():
        intro = render(screens.intro(turn, guide), "vi")
        assert len(intro) <= limit, f"{guide.id}: intro has {len(intro)} characters"
        others = [render(r, "vi") for r in screens.screens(turn, guide)]
        longest[guide.id] = max(len(t) for t in others)
        assert longest[guide.id] <= 1000, f"{guide.id}: a screen has {longest[guide.id]} characters"
        if guide.urgent:
            assert len(guide.urgent.text.vi) <= 300, f"{guide.id}: urgent block too long"
