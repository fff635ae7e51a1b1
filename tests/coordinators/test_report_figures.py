"""Report figures on a real SQLite file: counting rules, missing data, comparisons, flags, and the chat report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from report_world import BA, DONG, HAI, HOA_AN, MOT, NOW, TZ, build_world, local, log, press, say

from bot.channels.console import ConsoleChannel
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.model import Report
from bot.coordinators.reports.period import parse_key, single_day
from bot.core.engine import Services
from storage import areas, assists, help_requests, people, progress, reports, teams
from storage.areas import Area


async def _area(services: Services, code: str) -> Area:
    found = await areas.get_area(services.db, code)
    assert found is not None
    return found


async def october(services: Services, code: str = HOA_AN) -> Report:
    return await build_report(services.db, await _area(services, code), parse_key("2026-10"), TZ, NOW)


async def test_village_rows_count_each_household_once_and_keep_modes_apart(services: Services) -> None:
    await build_world(services)
    report = await october(services)
    rows = {r.code: r for r in report.rows}
    assert [r.name for r in report.rows] == ["Thôn Ba", "Thôn Hai", "Thôn Một"]
    mot = rows[MOT]
    # 5 live assists (the undone one left out, 31/10 23:30 in, 1/11 00:30 out); "Nhà ông Ba" and "Nhà bà Tư"
    # were first reached in September, so "Nhà chị Sáu" is October's only new household
    assert (mot.assists, mot.assists_self, mot.assists_for_them, mot.people, mot.households) == (5, 4, 1, 6, 1)
    assert mot.groups == {"identity": 3, "public_services": 0, "online_shopping": 0, "online_payment": 1,
                          "online_safety": 0, "other_platform": 0, "other": 1}
    assert (mot.assists_cum, mot.households_cum, mot.households_total, mot.adults) == (7, 3, 10, 30)
    assert mot.coverage == 0.3 and mot.percent("households") == 0.5
    assert (mot.teams, mot.members, mot.active_members, mot.flags) == (1, 2, 2, ())
    hai = rows[HAI]
    assert (hai.assists, hai.assists_self, hai.assists_for_them, hai.households) == (2, 1, 1, 1)
    assert (hai.sessions, hai.attendees, hai.assists_cum, hai.households_cum) == (1, 30, 3, 2)
    assert hai.flags == ("implausible_households",)  # 2 households reached, 1 entered


async def test_missing_data_is_none_never_zero(services: Services) -> None:
    await build_world(services)
    ba = {r.code: r for r in (await october(services)).rows}[BA]
    assert ba.reported is False and ba.flags == ("inactive",)
    assert (ba.assists, ba.households, ba.sessions, ba.assists_cum, ba.households_cum, ba.coverage) == (
        None, None, None, None, None, None)
    assert ba.households_total == 50 and ba.percent("households") is None
    assert ba.help_opened == 0  # requests are the bot's own records: 0 is a real zero


async def test_totals_previous_period_and_progress(services: Services) -> None:
    await build_world(services)
    report = await october(services)
    t = report.total
    assert (t.assists, t.assists_self, t.assists_for_them, t.households, t.sessions, t.attendees) == (7, 5, 2, 2, 1, 30)
    assert sum(t.groups.values()) == t.assists and (t.groups["identity"], t.groups["online_safety"]) == (4, 1)
    assert (t.assists_cum, t.households_cum, t.households_total) == (10, 5, 61)
    assert t.coverage == 5 / 11  # only villages with both a household number and data
    assert (report.villages_reported, report.villages) == (2, 3)
    assert (report.teams_active, report.teams, t.active_members, t.members) == (2, 2, 3, 4)
    assert (report.previous.assists, report.previous.households, report.previous.sessions) == (3, 3, 0)
    assert report.compared.key == "2026-09" and report.cum_start.isoformat() == "2026-01-01"
    assert report.target_period == "2026"
    [households] = report.progress
    assert (households.target, households.done, households.remaining, households.days_left) == (6, 3, 3, 61)
    assert {s.group: (s.self_done, s.for_them) for s in report.by_skill} == {
        "identity": (2, 2), "online_payment": (1, 0), "online_safety": (1, 0), "other": (1, 0)}
    assert (report.by_guide[0].guide_id, report.by_guide[0].self_done, report.by_guide[0].for_them) == (
        "vneid-install", 2, 1)


async def test_local_days_decide_the_period(services: Services) -> None:
    world = await build_world(services)
    hoa_an = await _area(services, HOA_AN)
    last_day = await build_report(services.db, hoa_an, single_day(local(31, 10).date()), TZ, NOW)
    first_day = await build_report(services.db, hoa_an, single_day(local(1, 11).date()), TZ, NOW)
    assert last_day.total.assists == 1 and first_day.total.assists == 1  # 23:30 and 00:30, Vietnam time
    assert world.an.id in {m.member_id for m in first_day.by_member}


async def test_a_running_period_is_compared_with_the_same_stretch_before(services: Services) -> None:
    await build_world(services)
    report = await build_report(services.db, await _area(services, HOA_AN), parse_key("2026-11"), TZ, NOW)
    assert report.running and report.through.isoformat() == "2026-11-21"
    assert report.compared.key == "2026-10-01..2026-10-20"
    assert (report.total.assists, report.previous.assists) == (1, 6)  # 1/10–20/10: 4 in Một, 2 in Hai


async def test_rollups_follow_edits_and_undo(services: Services) -> None:
    world = await build_world(services)
    db = services.db
    t1 = await teams.active_team(db, world.an.id)
    assert t1 is not None
    moved = await log(services, world.an, t1, MOT, local(2, 3, 12), "qr-pay", "online_payment", household="Nhà X")
    await assists.edit_assist(db, moved, world.an.id, {"household": "Nhà ông Ba", "household_norm": "ong ba",
                                                        "village_code": HAI, "mode": "for_them"}, NOW)
    await assists.undo_assist(db, world.first_visit, world.an.id, NOW)
    for label in ("Nhà ông Ba", "Nhà Y"):  # an early first visit, then undone: the first visit moves back
        early = await log(services, world.an, t1, MOT, local(5, 1), "qr-pay", "online_payment", household=label)
        await assists.undo_assist(db, early, world.an.id, NOW)
    end = "2026-11-20T17:00:00.000Z"
    for start in ("2026-01-01T00:00:00.000Z", "2025-12-31T17:00:00.000Z", "2026-02-27T05:00:00.000Z",
                  "2026-10-03T01:59:00.000Z", "2026-09-30T17:00:00.000Z", "2026-11-19T17:00:00.000Z"):
        for stop in (end, "2026-10-31T17:00:00.000Z", "2026-10-15T03:00:00.000Z", "2027-01-01T00:00:00.000Z"):
            if stop <= start:
                continue
            rolled = await reports.village_totals(db, "97", start, stop)
            assert {k: (v.assists, v.self_done, v.people, sum(v.groups.values())) for k, v in rolled.items()} == {
                k: (n, own, ppl, n) for k, (n, own, ppl) in (await _raw(services, start, stop)).items()}, (start, stop)
            guides = {(g.guide_id, g.skill_group): (g.assists, g.self_done) for g in
                      await reports.guide_groups(db, "97", start, stop)}
            assert sum(n for n, _ in guides.values()) == sum(v.assists for v in rolled.values())
            members = await reports.member_groups(db, "97", start, stop)
            assert sum(m.assists for m in members) == sum(v.assists for v in rolled.values())
    for moment in (end, "2026-10-04T00:00:00.000Z", "2026-03-02T00:00:00.000Z"):
        rows = await db.fetchall(
            "SELECT village_code, count(DISTINCT household_norm) AS n FROM assists WHERE undone_at IS NULL"
            " AND household_norm != '' AND created_at < ? GROUP BY village_code", (moment,))
        assert await reports.households_reached(db, "97", moment) == {r["village_code"]: r["n"] for r in rows}
        new = await reports.households_new(db, "97", "2000-01-01T00:00:00.000Z", moment)
        assert new == {r["village_code"]: r["n"] for r in rows}


async def _raw(services: Services, start: str, end: str) -> dict[str, tuple[int, int, int]]:
    """Live assists per village straight from the log, to check the roll-ups against."""
    rows = await services.db.fetchall(
        "SELECT village_code, count(*) AS n, sum(CASE WHEN mode = 'self' THEN 1 ELSE 0 END) AS own, sum(people_count) AS ppl FROM assists"
        " WHERE undone_at IS NULL AND created_at >= ? AND created_at < ? GROUP BY village_code", (start, end))
    return {r["village_code"]: (r["n"], r["own"], r["ppl"]) for r in rows}


async def test_chat_report_for_the_commune(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    text = await say(console, "/baocao tháng 10", user="cx")
    for line in [
        "📊 BÁO CÁO Xã Hòa An, Tỉnh Kiểm Thử", "Kỳ: tháng 10/2026", "Thôn đã báo cáo: 2/3",
        "Tổ hoạt động: 2/2 · Thành viên hoạt động: 3/4",
        "🤝 Lượt hỗ trợ: 7 (▲ 4 +133% so với tháng 9/2026)", "• Tự làm có hướng dẫn: 5 · Làm hộ: 2",
        "  – Định danh điện tử (VNeID): 4 (tự làm 2 · làm hộ 2)",
        "🏠 Hộ mới được hỗ trợ: 2 (▼ 1 −33% so với tháng 9/2026)", "• Lũy kế từ 01/01/2026: 10 lượt hỗ trợ · 1 buổi",
        "• Hộ đã được hỗ trợ đến nay: 5", "• Độ phủ: 5/11 hộ = 45%",
        "• Hộ được hỗ trợ: 3/6 — đạt 50%; cần thêm 3, khoảng 0,3/tuần đến 31/12/2026",
        "• Chưa có hoạt động: Thôn Ba", "• Cần kiểm tra: Thôn Hai có 2 hộ được hỗ trợ nhưng chỉ có 1 hộ",
        "• Thôn Ba: — · — · —", "• Thôn Một: 5 · 1 · 30%",
    ]:
        assert line in text.split("\n"), line
    assert "1. 📥 Xuất Excel" in text
    previous = await press(console, console.choices()[1].action, user="cx")
    assert "Kỳ: tháng 9/2026" in previous and "🤝 Lượt hỗ trợ: 3 (tháng 8/2026: —)" in previous


async def test_coordinators_stay_inside_their_area(console: ConsoleChannel, services: Services) -> None:
    await build_world(services)
    outside = "Bạn không thể làm việc này cho «Thôn Đông» vì nơi này nằm ngoài địa bàn bạn phụ trách."
    assert await say(console, "/baocao tháng 10 Thôn Đông", user="cx") == outside
    assert "nằm ngoài địa bàn" in await say(console, "/xuatbaocao tháng 10 97002", user="cx")
    assert "nằm ngoài địa bàn" in await press(console, f"rp:r:{DONG}:2026-10", user="cx")
    assert "chưa được giao vai trò" in await say(console, "/baocao", user="an")
    assert "chưa được giao vai trò" in await press(console, f"rp:x:{MOT}:2026-10", user="an")
    other = await say(console, "/baocao tháng 10", user="cy")
    assert "BÁO CÁO Xã Phú Lộc" in other and "Lượt hỗ trợ: 2" in other
    village = await say(console, "/baocao tháng 10 Thôn Một", user="cx")
    assert "BÁO CÁO Thôn Một, Xã Hòa An" in village and "Lượt hỗ trợ: 5" in village
    province = await say(console, "/baocao 2026-10 Thôn Đông", user="ct")
    assert "BÁO CÁO Thôn Đông, Xã Phú Lộc" in province
    assert "Mình chưa hiểu khoảng thời gian «tháng 13»" in await say(console, "/baocao tháng 13", user="cx")


async def test_bot_use_help_requests_and_where_residents_stop(services: Services) -> None:
    """Guide events and help requests carry the database's own clock, so this period is around today."""
    world = await build_world(services)
    db, started = services.db, datetime.now(UTC)
    residents = []
    for user, village in (("r1", MOT), ("r2", MOT), ("r3", HAI), ("r4", None)):
        found, _ = await people.touch_person(db, "console", user, user, user, "vi")
        if village:
            await people.set_village(db, found.id, village)
        residents.append(found)
    for resident, last in zip(residents, (2, 3, 3, 1), strict=True):
        await progress.record_event(db, resident.id, "vneid-install", "started", None)
        for step in range(1, last + 1):
            await progress.record_event(db, resident.id, "vneid-install", "step", step)
    await progress.record_event(db, residents[0].id, "vneid-install", "finished", 2)
    first = await progress.open_help_request(db, residents[0].id, "vneid-install", 2, MOT)
    await progress.open_help_request(db, residents[1].id, "vneid-install", 3, MOT)
    await progress.open_help_request(db, residents[2].id, "vneid-install", 3, HAI)
    assert await help_requests.claim(db, first.id, world.an.id, started)
    t1 = await teams.active_team(db, world.an.id)
    assert t1 is not None
    closing = assists.NewAssist(world.an.id, t1.id, MOT, "vneid-install", None, "identity")
    assert await help_requests.close_with_assist(db, first.id, closing, started + timedelta(hours=2))
    services.clock = lambda: started + timedelta(hours=3)
    today = started.astimezone(TZ).date()
    period = parse_key(f"{today - timedelta(days=1)}..{today + timedelta(days=1)}")
    report = await build_report(db, await _area(services, HOA_AN), period, TZ, services.clock())
    assert (report.total.residents, report.guides_started, report.guides_finished) == (3, 3, 1)
    assert report.dropoff == ("vneid-install", 3, 2)
    assert (report.total.help_opened, report.total.help_closed) == (3, 1)
    assert report.help_median_hours is not None and abs(report.help_median_hours - 2) < 0.01
    assert {r.code: r.help_opened for r in report.rows} == {BA: 0, HAI: 1, MOT: 2}
