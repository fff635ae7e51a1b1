"""A small commune for the member-feature tests: villages, teams, members, coordinators, a settable clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.engine import Services
from bot.core.normalize import fold
from storage import conversations, people, teams
from storage.areas import upsert_area
from storage.db import Database
from storage.people import Person
from storage.teams import Team

PROVINCE = "98"
DINH_HUNG, YEN_THAI, BINH_AN = "98001", "98002", "98003"
MOT, HAI, BA = "98001-001", "98001-002", "98001-003"  # villages of Định Hưng
DONG = "98002-001"  # the village of Yên Thái
KHE = "98003-001"  # the village of Bình An, which has no team at all


async def seed_areas(db: Database) -> None:
    rows = [
        (PROVINCE, "province", "Tỉnh Thử Nghiệm", None, PROVINCE, None),
        (DINH_HUNG, "commune", "Xã Định Hưng", PROVINCE, PROVINCE, DINH_HUNG),
        (YEN_THAI, "commune", "Xã Yên Thái", PROVINCE, PROVINCE, YEN_THAI),
        (BINH_AN, "commune", "Xã Bình An", PROVINCE, PROVINCE, BINH_AN),
        (MOT, "village", "Thôn Một", DINH_HUNG, PROVINCE, DINH_HUNG),
        (HAI, "village", "Thôn Hai", DINH_HUNG, PROVINCE, DINH_HUNG),
        (BA, "village", "Thôn Ba", DINH_HUNG, PROVINCE, DINH_HUNG),
        (DONG, "village", "Thôn Đồng", YEN_THAI, PROVINCE, YEN_THAI),
        (KHE, "village", "Thôn Khe", BINH_AN, PROVINCE, BINH_AN),
    ]
    for code, level, name, parent, province, commune in rows:
        await upsert_area(db, code, level, name, fold(name), parent, province, commune)


async def add_person(db: Database, user: str, name: str, village: str | None = None,
                     team: Team | None = None) -> Person:
    """A console person who has written once, optionally living in VILLAGE and on TEAM."""
    person, _ = await people.touch_person(db, "console", user, user, name, "vi")
    await conversations.save_state(db, person.id, {"greeted": True})  # already greeted on that first message
    if village is not None:
        await people.set_village(db, person.id, village)
    if team is not None:
        await teams.join_team(db, team.id, person.id)
    found = await people.get_person(db, person.id)
    assert found is not None
    return found


class Clock:
    """services.clock that tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    """Team Một (village Một), team Đồng (village Đồng), a commune-level team for Định Hưng is optional."""

    mot: Team
    dong: Team
    an: Person  # member of team Một
    binh: Person  # member of team Một
    cuong: Person  # member of team Đồng
    resident: Person  # lives in Thôn Một, no team
    clock: Clock


async def build_world(services: Services) -> World:
    db = services.db
    await seed_areas(db)
    mot = await teams.create_team(db, "Tổ CNS thôn Một", MOT)
    dong = await teams.create_team(db, "Tổ CNS thôn Đồng", DONG)
    clock = Clock()
    services.clock = clock
    return World(
        mot=mot, dong=dong,
        an=await add_person(db, "an", "Nguyễn Văn An", MOT, mot),
        binh=await add_person(db, "binh", "Trần Thị Bình", MOT, mot),
        cuong=await add_person(db, "cuong", "Lê Cường", DONG, dong),
        resident=await add_person(db, "lan", "Bà Lan", MOT),
        clock=clock,
    )


async def scalar(db: Database, sql: str, *params: object) -> int:
    row = await db.fetchone(sql, params)
    assert row is not None
    return int(row[0] or 0)
