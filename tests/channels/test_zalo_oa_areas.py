"""Two communes' OAs on one deployment: each OA's people belong to its commune, and stay apart."""

from __future__ import annotations

import asyncio
from pathlib import Path

import oa_events
import pytest
from broadcast_world import AN_BINH, PHU_LOC, TAY, wait_until
from fake_zalo_oa import Delivered, FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, OA_B, OaBot, texts, titles

from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing
from storage import people, teams

GUIDES = Path(__file__).resolve().parents[2] / "guides"
ADMIN, COORD, LAN, HUNG, MAI, TUAN = "9000000000000001", "7000000000000001", "5000000000000001", \
    "5000000000000002", "6000000000000001", "6000000000000002"


@pytest.fixture
def oa_admins() -> tuple[str, ...]:
    return (f"zalo_oa:{OA_A}:{ADMIN}",)


async def person_area(oa_bot: OaBot, oa_id: str, user: str) -> str | None:
    found = await people.find_person(oa_bot.db, "zalo_oa", f"{oa_id}:{user}")
    assert found is not None
    return found.village_code


async def test_writing_to_a_communes_oa_makes_you_its_resident_and_the_village_is_asked_within_it(
    oa_bot: OaBot, fake_oa: FakeZaloOa,
) -> None:
    await oa_bot.say(OA_A, LAN, "xin chào")
    await oa_bot.say(OA_B, MAI, "xin chào")
    assert await person_area(oa_bot, OA_A, LAN) == AN_BINH
    assert await person_area(oa_bot, OA_B, MAI) == PHU_LOC
    asked = await oa_bot.say(OA_A, LAN, "/thon")
    assert "Xã An Bình" in texts(asked) and {"Thôn Đông", "Thôn Tây"} <= set(titles(asked))
    assert "Thôn Bắc" not in titles(asked)  # Phú Lộc's village is not offered on An Bình's OA
    saved = await oa_bot.press(OA_A, LAN, "Thôn Tây", asked)
    assert "Thôn Tây" in texts(saved) and await person_area(oa_bot, OA_A, LAN) == TAY
    # Typing a name looks inside the commune first.
    await oa_bot.say(OA_A, HUNG, "xin chào")
    typed = await oa_bot.say(OA_A, HUNG, "/thon tây")
    assert "Thôn Tây" in texts(typed) and await person_area(oa_bot, OA_A, HUNG) == TAY


async def test_the_same_person_on_two_oas_is_two_people_with_two_places(oa_bot: OaBot) -> None:
    # Zalo gives one human a different id per OA; even an equal id on two OAs must not merge two people.
    await oa_bot.say(OA_A, LAN, "xin chào")
    await oa_bot.say(OA_B, LAN, "xin chào")
    assert await person_area(oa_bot, OA_A, LAN) == AN_BINH and await person_area(oa_bot, OA_B, LAN) == PHU_LOC


async def test_an_oa_admin_grants_a_coordinator_who_broadcasts_to_their_commune_only(
    oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock,
) -> None:
    for oa_id, user in ((OA_A, ADMIN), (OA_A, COORD), (OA_A, LAN), (OA_A, HUNG), (OA_B, MAI), (OA_B, TUAN)):
        await oa_bot.say(oa_id, user, "xin chào")
    own_id = await oa_bot.say(OA_A, COORD, "/id")
    assert f"zalo_oa:{OA_A}:{COORD}" in texts(own_id)  # what the coordinator gives the admin
    refused = await oa_bot.say(OA_A, ADMIN, f"/grant zalo_oa:{COORD} {AN_BINH}")  # the OA part forgotten
    assert "không phải mã người dùng" in texts(refused) and "zalo_oa:<mã OA>:<mã người dùng>" in texts(refused)
    granted = await oa_bot.say(OA_A, ADMIN, f"/grant zalo_oa:{OA_A}:{COORD} {AN_BINH}")
    assert "Xã An Bình" in texts(granted)
    assert "cán bộ điều phối" in texts(fake_oa.to(OA_A, COORD)[-1:])  # the notice reached them on the OA
    shown = await oa_bot.say(OA_A, COORD, "/thongbao")
    shown = await oa_bot.press(OA_A, COORD, "Người dân", shown)
    shown = await oa_bot.press(OA_A, COORD, "Toàn bộ", shown)
    await oa_bot.say(OA_A, COORD, "Chủ nhật này xã mở điểm hỗ trợ cài VNeID tại nhà văn hóa.")
    preview = await oa_bot.press(OA_A, COORD, "Không kèm ảnh", fake_oa.to(OA_A, COORD)[-1:])
    # Lan, Hưng and the admin wrote to An Bình's OA; Mai and Tuấn (Phú Lộc's) are not counted.
    assert "Số người nhận: 3 — Zalo OA 3" in texts(preview)
    assert "UBND xã An Bình: 3 người trong khung trả lời miễn phí, 0 người dùng hạn mức" in texts(preview)
    assert "Tin dùng hạn mức" not in texts(preview)  # nothing to pay, nobody missed: no note
    await oa_bot.press(OA_A, COORD, "Gửi ngay", preview)
    worker = BroadcastWorker(oa_bot.services, oa_bot.engine, Pacing(poll=0.01, per_chat=0.0))
    task = asyncio.create_task(worker.run())
    try:
        await wait_until(lambda: _got(fake_oa, OA_A, HUNG, "nhà văn hóa"))
        await wait_until(lambda: _got(fake_oa, OA_A, COORD, "đã gửi xong"))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert await _got(fake_oa, OA_A, LAN, "nhà văn hóa")
    assert not [d for d in fake_oa.delivered if d.oa_id == OA_B and "nhà văn hóa" in d.text]  # Phú Lộc: nothing
    assert not [d for d in fake_oa.delivered if "nhà văn hóa" in d.text and d.paid]  # all inside the free window


async def _got(fake_oa: FakeZaloOa, oa_id: str, user: str, fragment: str) -> bool:
    return any(fragment in d.text for d in fake_oa.to(oa_id, user))


async def test_a_help_request_on_one_oa_reaches_that_communes_team_only(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    fake_oa.names.update({MAI: "Bà Mai", TUAN: "Trần Văn Tuấn", HUNG: "Lê Hưng"})
    an_binh = await teams.create_team(oa_bot.db, "Tổ CNS xã An Bình", AN_BINH)
    phu_loc = await teams.create_team(oa_bot.db, "Tổ CNS xã Phú Lộc", PHU_LOC)
    for oa_id, user, team in ((OA_A, HUNG, an_binh), (OA_B, TUAN, phu_loc)):
        await oa_bot.say(oa_id, user, "xin chào")
        member = await people.find_person(oa_bot.db, "zalo_oa", f"{oa_id}:{user}")
        assert member is not None
        await teams.join_team(oa_bot.db, team.id, member.id)
    await oa_bot.say(OA_B, MAI, "xin chào")
    shown = await oa_bot.say(OA_B, MAI, "cài vneid")
    shown = await oa_bot.press(OA_B, MAI, "Bắt đầu", shown)
    shown = await oa_bot.press(OA_B, MAI, "kẹt", shown)
    asked = await oa_bot.press(OA_B, MAI, "tổ công nghệ số", shown + fake_oa.to(OA_B, MAI)[-2:])
    assert "đã ghi lại yêu cầu số 1" in texts(asked)
    assert "📍 Chọn thôn" in titles(asked)  # known only by the commune of the OA: asked the village
    alert: list[Delivered] = [d for d in fake_oa.to(OA_B, TUAN) if "Yêu cầu hỗ trợ" in d.text]
    assert alert and "🙋 Nhận việc" in titles(alert)
    assert not [d for d in fake_oa.to(OA_A, HUNG) if "Yêu cầu hỗ trợ" in d.text]  # An Bình's team is not bothered
    assert "Bà Mai" in alert[0].text  # the name comes from Zalo's profile: webhook events carry none
    mark = len(fake_oa.to(OA_B, MAI))
    taken = await oa_bot.press(OA_B, TUAN, "Nhận việc", alert)
    assert "Bạn đã nhận yêu cầu #1" in texts(taken) and "Bà Mai" in texts(taken)
    assert "Tuấn ở tổ công nghệ số đã nhận yêu cầu #1" in texts(fake_oa.to(OA_B, MAI)[mark:])
    # While the request is taken, what she sends reaches him: a photo as a photo, a voice note as its link.
    mark = len(fake_oa.to(OA_B, TUAN))
    photo = fake_oa.message(OA_B, MAI, None, "user_send_image",
                            [oa_events.attachment("image", url="https://photo.zdn.vn/loi.jpg")])
    await oa_bot.deliver(photo)
    voice = fake_oa.message(OA_B, MAI, None, "user_send_audio",
                            [oa_events.attachment("audio", url="https://voice.zdn.vn/mai.m4a")])
    await oa_bot.deliver(voice)
    got = fake_oa.to(OA_B, TUAN)[mark:]
    elements = [d.message["attachment"]["payload"].get("elements") for d in got if "attachment" in d.message]
    assert [{"media_type": "image", "url": "https://photo.zdn.vn/loi.jpg"}] in elements
    assert "https://voice.zdn.vn/mai.m4a" in texts(got) and "Bà Mai" in texts(got)
    picked = await oa_bot.press(OA_B, MAI, "Chọn thôn", asked)
    assert "Thôn Bắc" in titles(picked)
