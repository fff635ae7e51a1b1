"""A broadcast on a commune's OA: the preview counts free, paid and unreachable; the quota runs out midway."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from broadcast_world import AN_BINH, status_counts, wait_until
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, OaBot, texts

from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing
from storage import people, teams

GUIDES = Path(__file__).resolve().parents[2] / "guides"
COORD = "7000000000000001"
SILENT, OLD = ["5000000000000001"], ["5000000000000002", "5000000000000003", "5000000000000004"]
RECENT = ["5000000000000005", "5000000000000006"]


@pytest.fixture
def oa_quota() -> int:
    return 2


async def test_quota_running_out_during_a_broadcast(oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock) -> None:
    for user in SILENT:  # wrote ten days before the broadcast: out of reach
        await oa_bot.say(OA_A, user, "xin chào")
    oa_clock.now += timedelta(days=7)
    for user in OLD:  # three days before: reachable, but each message uses the quota
        await oa_bot.say(OA_A, user, "xin chào")
    oa_clock.now += timedelta(days=3)
    for user in [*RECENT, COORD]:  # today: inside the free window
        await oa_bot.say(OA_A, user, "xin chào")
    coordinator = await people.find_person(oa_bot.db, "zalo_oa", f"{OA_A}:{COORD}")
    assert coordinator is not None
    await teams.grant_coordinator(oa_bot.db, coordinator.id, AN_BINH, "test")

    shown = await oa_bot.say(OA_A, COORD, "/thongbao")
    shown = await oa_bot.press(OA_A, COORD, "Người dân", shown)
    shown = await oa_bot.press(OA_A, COORD, "Toàn bộ", shown)
    shown = await oa_bot.say(OA_A, COORD, "Thứ bảy này có buổi hướng dẫn dịch vụ công trực tuyến.")
    preview = await oa_bot.press(OA_A, COORD, "Không kèm ảnh", shown)
    assert "Số người nhận: 6" in texts(preview)
    assert ("UBND xã An Bình: 2 người trong khung trả lời miễn phí, 2 người dùng hạn mức tin của tháng (còn 2 tin), "
            "2 người không gửi được") in texts(preview)  # 3 need quota but 2 are left; 1 is silent for 10 days
    assert "Tin dùng hạn mức được trừ vào hạn mức tháng của OA" in texts(preview)

    await oa_bot.press(OA_A, COORD, "Gửi ngay", preview)
    worker = BroadcastWorker(oa_bot.services, oa_bot.engine, Pacing(poll=0.01, per_chat=0.0))
    task = asyncio.create_task(worker.run())
    try:
        await wait_until(lambda: _told(fake_oa, "đã gửi xong"))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    got = {d.user_id: d.paid for d in fake_oa.delivered if "dịch vụ công trực tuyến" in d.text}
    assert {u: got[u] for u in RECENT} == {u: False for u in RECENT}  # free replies
    assert sorted(got[u] for u in OLD if u in got) == [True, True]  # the quota lasted for two of three
    assert SILENT[0] not in got
    counts = await status_counts(oa_bot.db, 1)
    assert counts == {"sent": 4, "failed": 1, "stopped": 1}
    failed = await oa_bot.db.fetchone("SELECT error FROM broadcast_deliveries WHERE status = 'failed'")
    assert failed is not None and "quota" in failed["error"] and "used up" in failed["error"]
    notice = [d.text for d in fake_oa.to(OA_A, COORD) if "đã gửi xong" in d.text]
    assert notice and "4 người đã nhận, 1 lỗi, 1 đã chặn" in notice[0]
    # The silent one is marked unreachable until they write again; writing clears it.
    silent = await people.find_person(oa_bot.db, "zalo_oa", f"{OA_A}:{SILENT[0]}")
    assert silent is not None
    assert (await oa_bot.db.fetchone("SELECT unreachable_at FROM people WHERE id = ?", (silent.id,)))["unreachable_at"]
    await oa_bot.say(OA_A, SILENT[0], "xin chào")
    row = await oa_bot.db.fetchone("SELECT unreachable_at FROM people WHERE id = ?", (silent.id,))
    assert row is not None and not row["unreachable_at"]


async def _told(fake_oa: FakeZaloOa, fragment: str) -> bool:
    return any(fragment in d.text for d in fake_oa.to(OA_A, COORD))
