"""Households named in a log line reach the coordinators' figures: /baocao coverage and the Excel export."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from members_world import DINH_HUNG, MOT, World, add_person, build_world
from openpyxl import load_workbook

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import baselines, teams


@pytest.fixture
async def world(services: Services) -> World:
    built = await build_world(services)
    built.clock.now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    coordinator = await add_person(services.db, "xa", "Cán bộ xã")
    await teams.grant_coordinator(services.db, coordinator.id, DINH_HUNG, "test")
    await baselines.save_numbers(services.db, MOT, "2026", "2026-01-01", "2027-01-01", 10, None, {}, "cli")
    return built


async def test_a_household_logged_in_a_line_shows_in_the_commune_coverage(console: ConsoleChannel,
                                                                         world: World) -> None:
    before = await console.say("/baocao tháng này", user="xa")
    assert "• Thôn Một: — · — · —" in before  # nothing reported yet
    await console.say("/ghi cài vneid cho bà Lan, hộ ông Ba", user="an")
    await console.say("1", user="an")
    await console.say("/ghi kich hoat muc 2 cho nha ong ba", user="an")  # the same household, typed otherwise
    await console.say("1", user="an")
    await console.say("/ghi quét qr trả tiền cho 3 người nhà bà Tư", user="an")
    await console.say("1", user="an")
    report = await console.say("/baocao tháng này", user="xa")
    assert "• Độ phủ: 2/10 hộ = 20%" in report and "• Thôn Một: 3 · 2 · 20%" in report
    assert "🏠 Hộ mới được hỗ trợ: 2" in report  # both reached for the first time this month
    await console.say("/xuatbaocao tháng này", user="xa")
    document = next(r.document for r in console.last_replies if r.document)
    sheet = load_workbook(io.BytesIO(document), read_only=True)["Tổng hợp"]
    rows = [[str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "Hộ được hỗ trợ lũy kế" in r)
    mot = next(r for r in rows if "Thôn Một" in r)
    assert mot[header.index("Hộ được hỗ trợ lũy kế")] == "2"
