"""Coordinators on Zalo: a broadcast delivered to Zalo residents by the worker; an export that cannot be a file."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from broadcast_world import AN_BINH, DONG, TAY, add_person, seed_areas, status_counts
from fake_zalo import FakeZalo, user_id
from zalo_harness import ZaloBot, pick, zalo_config

from bot.coordinators.broadcasts.worker import BroadcastWorker, Pacing
from bot.coordinators.roles import grant
from bot.residents.library import GuideLibrary
from bot.web.links import Links
from storage import broadcasts, people

MINH = user_id(900)
RESIDENTS = [user_id(n) for n in range(100, 112)]
BLOCKED = {RESIDENTS[3], RESIDENTS[8]}


async def test_a_broadcast_reaches_zalo_residents_and_marks_the_unreachable(
    tmp_path: Path, guide_library: GuideLibrary
) -> None:
    async with FakeZalo() as fake, ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db", messages_per_second=50),
                                           via_run=True, library=guide_library) as bot:
        await seed_areas(bot.db)
        await add_person(bot.db, "zalo", MINH, name="Anh Minh")
        await grant(bot.db, f"zalo:{MINH}", AN_BINH, "test")
        for n, user in enumerate(RESIDENTS):
            await add_person(bot.db, "zalo", user, DONG if n % 2 else TAY)
        fake.forbidden.update(BLOCKED)

        ask = await bot.say(MINH, "/thongbao", name="Anh Minh")
        assert "Bạn muốn gửi cho ai?" in ask
        where = await bot.say(MINH, pick(ask, "Người dân"), name="Anh Minh")
        await bot.say(MINH, pick(where, "Toàn bộ Xã An Bình"), name="Anh Minh")
        photo = await bot.say(MINH, "Chủ nhật này có buổi hướng dẫn cài VNeID ở nhà văn hóa thôn.", name="Anh Minh")
        preview = await bot.say(MINH, pick(photo, "Không kèm ảnh"), name="Anh Minh")
        assert "Số người nhận: 12" in preview and "Zalo 12" in preview
        assert "cho 12 người" in await bot.say(MINH, pick(preview, "Gửi ngay"), name="Anh Minh")

        assert bot.services is not None
        engine = bot.channel.engine
        worker = asyncio.create_task(BroadcastWorker(bot.services, engine, Pacing(poll=0.02)).run())
        try:
            notice = await fake.wait_for("sendMessage", chat_id=MINH, after=fake.mark(), within=20)
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        assert "đã gửi xong: 10 người đã nhận, 0 lỗi, 2 đã chặn hoặc tắt nhận tin" in notice[0].text
        for user in RESIDENTS:
            got = fake.texts(user)
            assert len(got) == (0 if user in BLOCKED else 1), user
        assert fake.texts(RESIDENTS[0])[0].startswith("📢 Thông báo – Xã An Bình")
        assert await status_counts(bot.db, 1) == {"sent": 10, "stopped": 2}
        for user in BLOCKED:
            person = await people.find_person(bot.db, "zalo", user)
            assert person is not None and await broadcasts.is_unreachable(bot.db, person.id)


async def test_an_export_on_zalo_without_a_picture_folder_sends_the_report_as_text(
    tmp_path: Path, guide_library: GuideLibrary
) -> None:
    async with FakeZalo() as fake, ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db"), via_run=True,
                                           library=guide_library) as bot:
        await seed_areas(bot.db)
        await add_person(bot.db, "zalo", MINH, name="Anh Minh")
        await grant(bot.db, f"zalo:{MINH}", AN_BINH, "test")
        text = await bot.say(MINH, "/xuatbaocao", name="Anh Minh")
        assert "Kênh này chưa gửi được tệp" in text and "python -m bot report --area 99001" in text
        assert "📊 BÁO CÁO Xã An Bình" in text  # the report itself still reaches them
        assert all(len(t) <= 2000 for t in fake.texts(MINH))
        assert {c.method for c in fake.calls} <= {"getMe", "getWebhookInfo", "getUpdates", "sendMessage"}


async def test_an_export_on_zalo_sends_the_summary_as_a_picture_and_a_link(
    tmp_path: Path, guide_library: GuideLibrary
) -> None:
    async with FakeZalo() as fake:
        config = zalo_config(fake, tmp_path / "bot.db")
        config = config.model_copy(update={"web": config.web.model_copy(update={
            "public_url": "https://bot.example.vn", "secret": "s" * 40})})
        async with ZaloBot(fake, config, via_run=True, library=guide_library) as bot:
            assert bot.services is not None
            bot.services.report_link = Links(config.web, bot.services.clock).report_link
            await seed_areas(bot.db)
            await add_person(bot.db, "zalo", MINH, name="Anh Minh")
            await grant(bot.db, f"zalo:{MINH}", AN_BINH, "test")
            text = await bot.say(MINH, "/xuatbaocao 2026-10", name="Anh Minh")
            assert "Báo cáo Xã An Bình, Tỉnh Thử Nghiệm, tháng 10/2026" in text and "https://bot.example.vn/r/" in text
            [photo] = [c for c in fake.calls if c.method == "sendPhoto"]
            url = str(photo.params["photo"])
            assert url.startswith("https://bot.example.vn/r/") and url.endswith("/baocao-99001-2026-10-tomtat.png")
