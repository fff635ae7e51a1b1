"""The resident's experience, as transcripts through the console adapter on a real SQLite file."""

from __future__ import annotations

from bot.app import build_engine
from bot.channels.console import ConsoleChannel
from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind
from storage.dialect import table_names


def guide_steps(services: Services, guide_id: str) -> int:
    guide = services.library.get(guide_id)
    assert guide is not None
    return len(guide.steps)


async def count(services: Services, sql: str, *params: object) -> int:
    row = await services.db.fetchone(sql, params)
    assert row is not None
    return int(row[0])


async def test_first_contact_says_it_is_automated_and_shows_the_menu(console: ConsoleChannel) -> None:
    out = await console.say("xin chào", name="Bà Lan")
    assert "trợ lý tự động của Tổ công nghệ số cộng đồng" in out
    assert "Xin chào Bà Lan!" in out
    assert "1. 🪪 VNeID và giấy tờ điện tử" in out
    assert [c.action for c in console.choices()][:6] == ["c:vneid", "c:dvc", "c:payment", "c:safety", "c:phone",
                                                        "c:shopping"]


async def test_a_first_message_that_is_not_a_question_is_still_greeted(console: ConsoleChannel) -> None:
    out = await console.say("482913", user="new-1")
    assert out.index("trợ lý tự động") < out.index("giống một mã OTP")
    out = await console.say("/menu", user="new-2")
    assert "trợ lý tự động" in out and "cần hướng dẫn về việc gì?" in out
    out = await console.say("/start", user="new-3")
    assert out.count("trợ lý tự động") == 1
    assert "trợ lý tự động" not in await console.say("/menu", user="new-2")


async def test_menu_category_guide_and_steps_with_progress(console: ConsoleChannel, services: Services) -> None:
    await console.say("/start")
    out = await console.say("1")  # VNeID category
    assert "VNeID và giấy tờ điện tử" in out and "chọn một hướng dẫn" in out
    install = next(c for c in console.choices() if c.action == "g:vneid-install:0")
    number = console.choices().index(install) + 1
    out = await console.say(str(number))
    total = guide_steps(services, "vneid-install")
    assert "Cần chuẩn bị gì" in out and f"Hướng dẫn có {total} bước." in out
    out = await console.say("1")  # Start
    assert f"Bước 1/{total}" in out
    out = await console.say("tiếp")
    assert f"Bước 2/{total}" in out
    out = await console.say("quay lai")
    assert f"Bước 1/{total}" in out
    assert await count(services, "SELECT count(*) FROM guide_events WHERE event = 'started'") == 1
    assert await count(services, "SELECT count(*) FROM guide_events WHERE event = 'step'") == 3


async def test_finishing_a_guide_asks_for_feedback_and_stores_it(console: ConsoleChannel, services: Services) -> None:
    total = guide_steps(services, "vneid-install")
    out = await console.press(f"g:vneid-install:{total}")
    assert f"Bước {total}/{total}" in out and "✅ Xong" in out
    out = await console.press(f"g:vneid-install:{total + 1}")
    assert "Hướng dẫn này có giúp được anh/chị không?" in out
    out = await console.press("f:vneid-install:1")
    assert "Cảm ơn anh/chị" in out
    assert await count(services, "SELECT count(*) FROM feedback WHERE guide_id = 'vneid-install' AND helpful = 1") == 1
    assert await count(services, "SELECT count(*) FROM guide_events WHERE event = 'finished'") == 1


async def test_stuck_shows_troubleshooting_and_stores_a_help_request(
    console: ConsoleChannel, services: Services
) -> None:
    await console.press("g:vneid-install:2")
    out = await console.say("3")  # 🆘 Tôi bị kẹt (Next, Back, Stuck, Team, Menu)
    guide = services.library.get("vneid-install")
    assert guide is not None
    assert guide.troubleshooting[0].problem.vi in out and "🙋 Nhờ tổ công nghệ số" in out
    team = next(i for i, c in enumerate(console.choices(), 1) if c.action.startswith("h:"))
    out = await console.say(str(team))  # ask the team
    assert "Em đã ghi lại yêu cầu số 1" in out
    row = await services.db.fetchone("SELECT guide_id, step, status FROM help_requests")
    assert row is not None and tuple(row) == ("vneid-install", 2, "open")
    # Asking twice does not open a second request.
    await console.press("h:vneid-install:2")
    assert await count(services, "SELECT count(*) FROM help_requests") == 1
    assert await count(services, "SELECT count(*) FROM guide_events WHERE event = 'stuck'") == 1


async def test_questions_without_diacritics_reach_the_guide(console: ConsoleChannel) -> None:
    await console.say("/start")
    out = await console.say("lam sao cai dat vneid")
    assert "Em tìm thấy hướng dẫn phù hợp" in out
    assert console.choices()[0].action == "g:vneid-install:1"


async def test_out_of_scope_question_says_so_kindly_and_shows_the_menu(console: ConsoleChannel) -> None:
    await console.say("/start")
    out = await console.say("kết quả xổ số hôm nay")
    assert "em chưa có hướng dẫn cho câu hỏi này" in out
    assert console.choices()[0].action == "c:vneid"


async def test_progress_survives_a_restart_and_old_buttons_still_work(
    console: ConsoleChannel, services: Services
) -> None:
    await console.say("/start")
    await console.press("g:vneid-install:3")
    total = guide_steps(services, "vneid-install")
    restarted = ConsoleChannel(build_engine(services))  # a new engine: nothing kept in memory
    out = await restarted.say("/start")
    assert "Lần trước anh/chị đang xem «" in out and f"Bước 3/{total}" in out
    out = await restarted.press("g:vneid-install:3")  # a button from a message sent before the restart
    assert f"Bước 4/{total}" not in out and f"Bước 3/{total}" in out
    out = await restarted.say("tiếp")
    assert f"Bước 4/{total}" in out


async def test_secrets_are_warned_about_and_never_stored(console: ConsoleChannel, services: Services) -> None:
    await console.say("/start")
    for text, warning in [
        ("mã otp của tôi là 482913", "giống một mã OTP"),
        ("001099012345", "số căn cước"),
        ("mật khẩu là Lan@1950", "chứa mật khẩu"),
    ]:
        out = await console.say(text)
        assert warning in out
    dump = "\n".join(str(tuple(r)) for r in await services.db.fetchall("SELECT * FROM conversation_state"))
    for secret in ("482913", "001099012345", "Lan@1950"):
        assert secret not in dump
    for table in await table_names(services.db):
        for row in await services.db.fetchall(f"SELECT * FROM {table}"):
            assert not any(isinstance(v, str) and "482913" in v for v in tuple(row))


async def test_bad_input_gets_a_polite_answer_and_others_are_still_served(
    console: ConsoleChannel, engine: Engine
) -> None:
    out = await console.say("a" * 4000)
    assert "Tin nhắn dài quá" in out
    sticker = Incoming("console", "u2", "u2", kind=Kind.STICKER, message_id="st-1", numbered_choices=True)
    replies = await engine.handle(sticker)
    assert "trợ lý tự động" in replies[0].text  # a first contact is greeted whatever it sends
    assert "Em chỉ đọc được chữ" in replies[1].text
    out = await console.press("zz:nonsense:123")
    assert "Nút này đã cũ" in out
    out = await console.press("g:no-such-guide:2")
    assert "Hướng dẫn này hiện không còn" in out
    out = await console.say("/frobnicate")
    assert "Em chưa hiểu lệnh /frobnicate" in out
    out = await console.say("cai vneid", user="someone-else")
    assert "Cài VNeID" in out or "VNeID" in out


async def test_redelivered_message_is_ignored(engine: Engine, services: Services) -> None:
    message = Incoming("console", "u1", "u1", text="/start", message_id="same-id")
    assert await engine.handle(message)
    assert await engine.handle(message) == []
    assert await count(services, "SELECT count(*) FROM people") == 1


async def test_numbers_map_to_the_latest_list_only(console: ConsoleChannel) -> None:
    await console.say("/start")
    await console.say("5")  # phone category: a shorter list replaces the main menu
    phone_choices = console.choices()
    out = await console.say("9")
    assert "Số 9 không có trong danh sách" in out
    out = await console.say("0")
    assert "cần hướng dẫn về việc gì?" in out
    assert phone_choices != console.choices()


async def test_language_switch_to_english(console: ConsoleChannel, services: Services) -> None:
    await console.say("/start")
    out = await console.say("/lang en")
    assert "Switched to English." in out and "What do you need help with?" in out
    out = await console.press("g:vneid-install:1")
    total = guide_steps(services, "vneid-install")
    assert f"Step 1/{total}" in out
    assert "1. Next ▶️" in out
    out = await console.press("l:vi")
    assert "Đã chuyển sang tiếng Việt." in out


async def test_group_chats_answer_only_commands(console: ConsoleChannel) -> None:
    assert await console.say("cai vneid", private=False) == ""
    assert "cần hướng dẫn về việc gì?" in await console.say("/menu", private=False)


async def test_new_guides_are_reached_the_way_residents_type(console: ConsoleChannel, services: Services) -> None:
    guide = services.library.get("vneid-social-security")
    assert guide is not None
    await console.say("/start")
    out = await console.say("lien ket tk an sinh xa hoi voi ngan hang")  # no diacritics, texting abbreviation
    assert guide.title.vi in out and console.choices()[0].action == "g:vneid-social-security:1"
    out = await console.say("1")
    assert f"Bước 1/{len(guide.steps)}" in out
    # Stuck on a screen, the resident pastes the error instead of pressing "Tôi bị kẹt": the guide's own entry.
    out = await console.say("Kết nối tới hệ thống thất bại")
    entry = next(t for t in guide.troubleshooting if "Kết nối tới hệ thống thất bại" in t.problem.vi)
    assert entry.answer.vi in out and console.choices()[0].action == "g:vneid-social-security:1"  # back to step 1
    await console.say("/lang en")
    fine = services.library.get("traffic-fine")
    assert fine is not None and fine.title.en
    assert fine.title.en in await console.say("how do I pay a traffic camera fine")
