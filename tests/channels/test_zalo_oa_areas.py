"""Two communes' OAs on one deployment: each OA's people belong to its commune, and stay apart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from broadcast_world import AN_BINH, PHU_LOC, TAY, wait_until
from fake_zalo_oa import Delivered, FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, OA_B, SECRET_A, SECRET_B, START, OaBot, oa_config, texts, titles

from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing
from bot.residents.library import GuideLibrary
from storage import people, teams

GUIDES = Path(__file__).resolve().parents[2] / "guides"
ADMIN, COORD, LAN, HUNG, MAI, TUAN = "9000000000000001", "7000000000000001", "5000000000000001", \
    "5000000000000002", "6000000000000001", "6000000000000002"


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
async def fake(clock: Clock) -> AsyncIterator[FakeZaloOa]:
    async with FakeZaloOa(clock) as fake:
        fake.add_oa(OA_A, SECRET_A)
        fake.add_oa(OA_B, SECRET_B)
        yield fake


@pytest.fixture
async def bot(fake: FakeZaloOa, clock: Clock, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[OaBot]:
    config = oa_config(fake, tmp_path / "bot.db", GUIDES, admins=(f"zalo_oa:{OA_A}:{ADMIN}",))
    async with OaBot(fake, config, clock, guide_library) as bot:
        yield bot


async def person_area(bot: OaBot, oa_id: str, user: str) -> str | None:
    found = await people.find_person(bot.db, "zalo_oa", f"{oa_id}:{user}")
    assert found is not None
    return found.village_code


async def test_writing_to_a_communes_oa_makes_you_its_resident_and_the_village_is_asked_within_it(
    bot: OaBot, fake: FakeZaloOa,
) -> None:
    await bot.say(OA_A, LAN, "xin chào")
    await bot.say(OA_B, MAI, "xin chào")
    assert await person_area(bot, OA_A, LAN) == AN_BINH
    assert await person_area(bot, OA_B, MAI) == PHU_LOC
    asked = await bot.say(OA_A, LAN, "/thon")
    assert "Xã An Bình" in texts(asked) and {"Thôn Đông", "Thôn Tây"} <= set(titles(asked))
    assert "Thôn Bắc" not in titles(asked)  # Phú Lộc's village is not offered on An Bình's OA
    saved = await bot.press(OA_A, LAN, "Thôn Tây", asked)
    assert "Thôn Tây" in texts(saved) and await person_area(bot, OA_A, LAN) == TAY
    # Typing a name looks inside the commune first.
    await bot.say(OA_A, HUNG, "xin chào")
    typed = await bot.say(OA_A, HUNG, "/thon tây")
    assert "Thôn Tây" in texts(typed) and await person_area(bot, OA_A, HUNG) == TAY


async def test_the_same_person_on_two_oas_is_two_people_with_two_places(bot: OaBot) -> None:
    # Zalo gives one human a different id per OA; even an equal id on two OAs must not merge two people.
    await bot.say(OA_A, LAN, "xin chào")
    await bot.say(OA_B, LAN, "xin chào")
    assert await person_area(bot, OA_A, LAN) == AN_BINH and await person_area(bot, OA_B, LAN) == PHU_LOC


async def test_an_oa_admin_grants_a_coordinator_who_broadcasts_to_their_commune_only(
    bot: OaBot, fake: FakeZaloOa, clock: Clock,
) -> None:
    for oa_id, user in ((OA_A, ADMIN), (OA_A, COORD), (OA_A, LAN), (OA_A, HUNG), (OA_B, MAI), (OA_B, TUAN)):
        await bot.say(oa_id, user, "xin chào")
    own_id = await bot.say(OA_A, COORD, "/id")
    assert f"zalo_oa:{OA_A}:{COORD}" in texts(own_id)  # what the coordinator gives the admin
    refused = await bot.say(OA_A, ADMIN, f"/grant zalo_oa:{COORD} {AN_BINH}")  # the OA part forgotten
    assert "không phải mã người dùng" in texts(refused) and "zalo_oa:<mã OA>:<mã người dùng>" in texts(refused)
    granted = await bot.say(OA_A, ADMIN, f"/grant zalo_oa:{OA_A}:{COORD} {AN_BINH}")
    assert "Xã An Bình" in texts(granted)
    assert "cán bộ điều phối" in texts(fake.to(OA_A, COORD)[-1:])  # the notice reached them on the OA
    shown = await bot.say(OA_A, COORD, "/thongbao")
    shown = await bot.press(OA_A, COORD, "Người dân", shown)
    shown = await bot.press(OA_A, COORD, "Toàn bộ", shown)
    await bot.say(OA_A, COORD, "Chủ nhật này xã mở điểm hỗ trợ cài VNeID tại nhà văn hóa.")
    preview = await bot.press(OA_A, COORD, "Không kèm ảnh", fake.to(OA_A, COORD)[-1:])
    # Lan, Hưng and the admin wrote to An Bình's OA; Mai and Tuấn (Phú Lộc's) are not counted.
    assert "Số người nhận: 3 — Zalo OA 3" in texts(preview)
    assert "UBND xã An Bình: 3 người trong khung trả lời miễn phí, 0 người dùng hạn mức" in texts(preview)
    assert "Tin dùng hạn mức" not in texts(preview)  # nothing to pay, nobody missed: no note
    await bot.press(OA_A, COORD, "Gửi ngay", preview)
    worker = BroadcastWorker(bot.services, bot.engine, Pacing(poll=0.01, per_chat=0.0))
    task = asyncio.create_task(worker.run())
    try:
        await wait_until(lambda: _got(fake, OA_A, HUNG, "nhà văn hóa"))
        await wait_until(lambda: _got(fake, OA_A, COORD, "đã gửi xong"))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert await _got(fake, OA_A, LAN, "nhà văn hóa")
    assert not [d for d in fake.delivered if d.oa_id == OA_B and "nhà văn hóa" in d.text]  # Phú Lộc: nothing
    assert not [d for d in fake.delivered if "nhà văn hóa" in d.text and d.paid]  # all inside the free window


async def _got(fake: FakeZaloOa, oa_id: str, user: str, fragment: str) -> bool:
    return any(fragment in d.text for d in fake.to(oa_id, user))


async def test_a_help_request_on_one_oa_reaches_that_communes_team_only(bot: OaBot, fake: FakeZaloOa) -> None:
    fake.names.update({MAI: "Bà Mai", TUAN: "Trần Văn Tuấn", HUNG: "Lê Hưng"})
    an_binh = await teams.create_team(bot.db, "Tổ CNS xã An Bình", AN_BINH)
    phu_loc = await teams.create_team(bot.db, "Tổ CNS xã Phú Lộc", PHU_LOC)
    for oa_id, user, team in ((OA_A, HUNG, an_binh), (OA_B, TUAN, phu_loc)):
        await bot.say(oa_id, user, "xin chào")
        member = await people.find_person(bot.db, "zalo_oa", f"{oa_id}:{user}")
        assert member is not None
        await teams.join_team(bot.db, team.id, member.id)
    await bot.say(OA_B, MAI, "xin chào")
    shown = await bot.say(OA_B, MAI, "cài vneid")
    shown = await bot.press(OA_B, MAI, "Bắt đầu", shown)
    shown = await bot.press(OA_B, MAI, "kẹt", shown)
    asked = await bot.press(OA_B, MAI, "tổ công nghệ số", shown + fake.to(OA_B, MAI)[-2:])
    assert "Mình đã ghi lại yêu cầu" in texts(asked)
    assert "📍 Chọn thôn" in titles(asked)  # known only by the commune of the OA: asked the village
    alert: list[Delivered] = [d for d in fake.to(OA_B, TUAN) if "Yêu cầu hỗ trợ" in d.text]
    assert alert and "🙋 Nhận việc" in titles(alert)
    assert not [d for d in fake.to(OA_A, HUNG) if "Yêu cầu hỗ trợ" in d.text]  # An Bình's team is not bothered
    assert "Bà Mai" in alert[0].text  # the name comes from Zalo's profile: webhook events carry none
    mark = len(fake.to(OA_B, MAI))
    taken = await bot.press(OA_B, TUAN, "Nhận việc", alert)
    assert "Bạn đã nhận yêu cầu #1" in texts(taken) and "Bà Mai" in texts(taken)
    assert "Tuấn ở tổ công nghệ số đã nhận yêu cầu #1" in texts(fake.to(OA_B, MAI)[mark:])
    picked = await bot.press(OA_B, MAI, "Chọn thôn", asked)
    assert "Thôn Bắc" in titles(picked)
