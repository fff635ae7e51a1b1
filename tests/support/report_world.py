"""A small province for the report, export and digest tests, built with the storage functions.

October 2026 (Asia/Ho_Chi_Minh) in Xã Hòa An:
- Thôn Một (team of An and Bình): 5 live assists — 4 self-done, 1 done for them — for 3 households
  ("Nhà ông Ba" twice, spelt differently); 1 more assist undone; one at 23:30 on 31/10 (still October) and
  one at 00:30 on 1/11 (November). 10 households entered, target 6 households for 2026.
- Thôn Hai (team of Chi and Dũng): 2 assists (1 self, 1 for them) for the same household, a session with 30
  people. 1 household entered: more households reached than exist.
- Thôn Ba: no team, nothing logged; 50 households entered.
September: Thôn Một 2 assists (2 households), Thôn Hai 1 assist (1 household).
Xã Phú Lộc, Thôn Đông (team of Em): 2 assists in October.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count
from zoneinfo import ZoneInfo

from bot.channels.console import ConsoleChannel
from bot.channels.numbered import render
from bot.core.engine import Services
from bot.core.normalize import fold
from bot.members.assists.fields import household_key
from storage import assists, baselines, people, sessions, teams
from storage.areas import upsert_area
from storage.people import Person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)  # a Friday in the month after the reported one
PROVINCE, HOA_AN, PHU_LOC = "97", "97001", "97002"
MOT, HAI, BA, DONG = "97001-001", "97001-002", "97001-003", "97002-001"
_sources = count(1)


@dataclass(frozen=True)
class World:
    an: Person
    binh: Person
    chi: Person
    dung: Person
    em: Person
    commune_coordinator: Person  # console user "cx", Xã Hòa An
    other_coordinator: Person  # console user "cy", Xã Phú Lộc
    province_coordinator: Person  # console user "ct", the province
    first_visit: int  # the assist of 3/10 to "Nhà ông Ba" in Thôn Một


def local(day: int, month: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


async def person(services: Services, user: str, name: str, village: str | None = None) -> Person:
    found, _ = await people.touch_person(services.db, "console", user, user, name, "vi")
    if village:
        await people.set_village(services.db, found.id, village)
    return found


async def log(
    services: Services, member: Person, team: teams.Team, village: str, at: datetime, guide: str | None,
    group: str, mode: str = "self", household: str = "", count_people: int = 1, other: str | None = None,
) -> int:
    new = assists.NewAssist(
        member_id=member.id, team_id=team.id, village_code=village, guide_id=guide, other_skill=other,
        skill_group=group, people_count=count_people, household=household, household_norm=household_key(household),
        mode=mode,
    )
    saved, _ = await assists.save_assist(services.db, new, f"test:{next(_sources)}", at)
    return saved.id


async def build_world(services: Services) -> World:
    db = services.db
    for code, level, name, parent, commune in [
        (PROVINCE, "province", "Tỉnh Kiểm Thử", None, None), (HOA_AN, "commune", "Xã Hòa An", PROVINCE, HOA_AN),
        (PHU_LOC, "commune", "Xã Phú Lộc", PROVINCE, PHU_LOC), (MOT, "village", "Thôn Một", HOA_AN, HOA_AN),
        (HAI, "village", "Thôn Hai", HOA_AN, HOA_AN), (BA, "village", "Thôn Ba", HOA_AN, HOA_AN),
        (DONG, "village", "Thôn Đông", PHU_LOC, PHU_LOC),
    ]:
        await upsert_area(db, code, level, name, fold(name), parent, PROVINCE, commune)
    t1, t2, t3 = [await teams.create_team(db, f"Tổ {n}", code) for n, code in (("Một", MOT), ("Hai", HAI),
                                                                              ("Đông", DONG))]
    an, binh = await person(services, "an", "Nguyễn Văn An"), await person(services, "binh", "Trần Thị Bình")
    chi, dung = await person(services, "chi", "Lê Văn Chi"), await person(services, "dung", "Phạm Dũng")
    em = await person(services, "em", "Hoàng Em")
    for member, team in ((an, t1), (binh, t1), (chi, t2), (dung, t2), (em, t3)):
        await teams.join_team(db, team.id, member.id)
    cx, cy, ct = [await person(services, u, n) for u, n in (("cx", "Cán bộ xã"), ("cy", "Cán bộ Phú Lộc"),
                                                            ("ct", "Cán bộ tỉnh"))]
    await teams.grant_coordinator(db, cx.id, HOA_AN, "cli")
    await teams.grant_coordinator(db, cy.id, PHU_LOC, "cli")
    await teams.grant_coordinator(db, ct.id, PROVINCE, "cli")

    # September
    await log(services, an, t1, MOT, local(3, 9), "vneid-install", "identity", household="Nhà ông Ba")
    await log(services, an, t1, MOT, local(4, 9), "qr-pay", "online_payment", household="Nhà bà Tư")
    await log(services, chi, t2, HAI, local(9, 9), "vneid-install", "identity", household="Nhà cô Lan")
    # October, Thôn Một
    first_visit = await log(services, an, t1, MOT, local(3, 10), "vneid-install", "identity", household="Nhà ông Ba")
    await log(services, an, t1, MOT, local(5, 10), "vneid-level2", "identity", "for_them", household="nhà Ông Ba")
    await log(services, binh, t1, MOT, local(10, 10), "qr-pay", "online_payment", household="Nhà bà Tư",
              count_people=2)
    await log(services, binh, t1, MOT, local(12, 10), None, "other", other="Cài Zalo cho cụ")
    undone = await log(services, an, t1, MOT, local(20, 10), "dvc-login", "public_services",
                       household="Nhà ông Năm")
    await assists.undo_assist(db, undone, an.id, local(20, 10, 10))
    await log(services, an, t1, MOT, local(31, 10, 23, 30), "vneid-install", "identity", household="Nhà chị Sáu")
    await log(services, an, t1, MOT, local(1, 11, 0, 30), "vneid-install", "identity", household="Nhà anh Bảy")
    # October, Thôn Hai
    await log(services, chi, t2, HAI, local(8, 10), "vneid-install", "identity", "for_them", household="Nhà cô Hoa")
    await log(services, chi, t2, HAI, local(9, 10), "scam-alert", "online_safety", household="nha co hoa")
    await sessions.save_session(db, sessions.NewSession(
        chi.id, t2.id, HAI, "2026-10-15", ("vneid-install",), "Nhà văn hóa", 30), "test:session-1", local(15, 10))
    # October, Thôn Đông (another commune)
    await log(services, em, t3, DONG, local(6, 10), "qr-pay", "online_payment", household="Nhà A")
    await log(services, em, t3, DONG, local(7, 10), "qr-pay", "online_payment", household="Nhà B")

    for village, households, adults in ((MOT, 10, 30), (HAI, 1, None), (BA, 50, None)):
        await baselines.save_numbers(db, village, "2026", "2026-01-01", "2027-01-01", households, adults, {}, "cli")
    await baselines.save_numbers(db, MOT, "2026", "2026-01-01", "2027-01-01", None, None, {"households": 6}, "cli")
    services.clock = lambda: NOW.astimezone(UTC)
    return World(an, binh, chi, dung, em, cx, cy, ct, first_visit)


async def say(console: ConsoleChannel, text: str, user: str) -> str:
    """The bot's answer to TEXT from USER (the last reply: a one-time greeting may come before it)."""
    await console.say(text, user=user)
    return render(console.last_replies[-1], "vi")


async def press(console: ConsoleChannel, action: str, user: str) -> str:
    await console.press(action, user=user)
    return render(console.last_replies[-1], "vi")
