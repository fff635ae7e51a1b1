"""The weekly digest: due on the configured day and time, once per week, with a per-person off switch."""

from __future__ import annotations

from datetime import UTC, datetime

from report_world import MOT, TZ, build_world, log, say

from bot import runner
from bot.app import build_engine
from bot.channels.console import ConsoleChannel
from bot.coordinators import digest
from bot.core.config import DigestConfig
from bot.core.engine import Engine, Services
from storage import teams


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ).astimezone(UTC)


async def test_sent_monday_morning_once_per_week(console: ConsoleChannel, engine: Engine, services: Services) -> None:
    world = await build_world(services)
    t1 = await teams.active_team(services.db, world.an.id)
    assert t1 is not None
    await log(services, world.an, t1, MOT, datetime(2026, 11, 18, 9, tzinfo=TZ), "qr-pay", "online_payment",
              household="Nhà ông Ba")
    assert await digest.tick(services, engine, at(23, 7, 59)) == 0  # Monday, before 08:00
    assert await digest.tick(services, engine, at(23, 8, 0)) == 3  # the three coordinators
    text = console.outbox["cx"][0]
    assert text.startswith("🗓 TÓM TẮT TUẦN 16/11 – 22/11/2026\n\n📍 Xã Hòa An, Tỉnh Kiểm Thử\n")
    assert "Thôn đã báo cáo: 1/3" in text
    assert "🤝 Lượt hỗ trợ: 1 (09/11–15/11/2026: —)" in text and "🏠 Hộ mới được hỗ trợ: 0" in text
    assert "⚠️ Cần chú ý: Thôn Ba, Thôn Hai" in text and text.endswith("/tomtat off để tắt tin tóm tắt hằng tuần.")
    assert "📍 Xã Phú Lộc, Tỉnh Kiểm Thử" in console.outbox["cy"][0]
    assert "📍 Tỉnh Kiểm Thử" in console.outbox["ct"][0]
    assert await digest.tick(services, engine, at(23, 9)) == 0
    assert await digest.tick(services, build_engine(services), at(26, 12)) == 0  # a restart sends nothing again
    assert [len(console.outbox[u]) for u in ("cx", "cy", "ct")] == [1, 1, 1]


async def test_off_switch_and_config(console: ConsoleChannel, engine: Engine, services: Services) -> None:
    await build_world(services)
    assert (await say(console, "/tomtat", user="cx")).startswith("🔔 Tin tóm tắt hằng tuần đang bật: gửi vào thứ Hai")
    assert (await say(console, "/tomtat off", user="cx")).startswith("🔕 Tin tóm tắt hằng tuần đang tắt")
    assert await digest.tick(services, engine, at(23, 8)) == 2
    assert "cx" not in console.outbox
    assert (await say(console, "/digest on", user="cx")).startswith("🔔")
    assert await digest.tick(services, engine, at(30, 8)) == 3
    assert "chưa được giao vai trò" in await say(console, "/tomtat off", user="an")
    assert "Gõ /tomtat on để bật" in await say(console, "/tomtat maybe", user="cx")
    services.config = services.config.model_copy(
        update={"digest": DigestConfig(enabled=True, weekday=2, time="18:30")})
    assert await digest.tick(services, engine, datetime(2026, 12, 9, 18, 29, tzinfo=TZ)) == 0
    assert await digest.tick(services, engine, datetime(2026, 12, 9, 18, 30, tzinfo=TZ)) == 3
    services.config = services.config.model_copy(update={"digest": DigestConfig(enabled=False)})
    assert await digest.tick(services, engine, datetime(2026, 12, 14, 9, tzinfo=TZ)) == 0
    assert "(Hiện hệ thống đang tạm dừng" in await say(console, "/tomtat", user="cx")


def test_the_worker_runs_with_the_bot() -> None:
    assert digest.worker in runner.WORKERS
