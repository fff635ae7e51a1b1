"""Invite codes end to end: created in chat or CLI, joined, used up, expired, guessed too often."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from databases import config_file

from bot.__main__ import main
from bot.areas.lookup import area_norm
from bot.areas.seed import seed
from bot.channels.console import ConsoleChannel
from bot.core.config import Config
from bot.core.engine import Services
from bot.members.teams.invites import ALPHABET, canonical, code_hash, new_code
from storage import areas, people, teams
from storage.teams import Team

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
_CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$", re.MULTILINE)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def clock(services: Services) -> Clock:
    await seed(services.db)
    commune = await areas.get_area(services.db, "00070")
    assert commune is not None
    await areas.add_village(services.db, commune, "Tổ dân phố 1", area_norm("Tổ dân phố 1"))
    services.clock = Clock()
    return services.clock


async def team(services: Services, area: str = "00070-001", name: str = "Tổ Tràng Tiền") -> Team:
    return await teams.create_team(services.db, name, area)


async def invite(console: ConsoleChannel, team_id: int, uses: int = 1) -> str:
    """An admin presses the invite button; returns the code shown."""
    out = await console.press(f"tm:iv:{team_id}:{uses}", user="admin")
    found = _CODE.findall(out)
    assert found, out
    return str(found[0])


async def member_of(services: Services, user: str) -> Team | None:
    who = await people.find_person(services.db, "console", user)
    assert who is not None
    return await teams.active_team(services.db, who.id)


def test_codes_are_random_easy_to_type_and_only_hashed() -> None:
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(_CODE.match(c) and not (set(c) - set(ALPHABET + "-")) for c in codes)
    assert not set("01OIL") & set(ALPHABET)
    assert canonical(" k7pm 3qxa ") == canonical("K7PM-3QXA") == "K7PM3QXA"
    assert code_hash("k7pm-3qxa") == code_hash("K7PM3QXA") != code_hash("K7PM3QXB")


async def test_invite_then_join_makes_a_member_whose_village_defaults_to_the_team(
    console: ConsoleChannel, services: Services, clock: Clock, config: Config
) -> None:
    tt = await team(services)
    out = await console.press(f"tm:iv:{tt.id}:1", user="admin")
    assert "🔑 Mã mời vào «Tổ Tràng Tiền» (Tổ dân phố 1, Phường Hoàn Kiếm, Thành phố Hà Nội):" in out
    assert "Dùng được 1 lần, hết hạn lúc 08:00 30/11/2026." in out  # 7 days, shown in Vietnam's time
    code = str(_CODE.findall(out)[0])
    assert f"Bạn gõ: /thamgia {code}" in out
    out = await console.say(f"/thamgia {code.lower().replace('-', ' ')}", user="tu", name="Anh Tú")
    assert "🎉 Chào mừng bạn vào «Tổ Tràng Tiền» (Tổ dân phố 1, Phường Hoàn Kiếm, Thành phố Hà Nội)!" in out
    assert await member_of(services, "tu") == tt
    tu = await people.find_person(services.db, "console", "tu")
    assert tu is not None and tu.role == "member" and tu.village_code == "00070-001"
    rows = await services.db.fetchall("SELECT code_hash, created_by, expires_at, uses FROM invites")
    assert [tuple(r) for r in rows] == [(code_hash(code), "console:admin", "2026-11-30T01:00:00.000Z", 1)]
    if config.database.sqlite_path:  # every byte on disk; on PostgreSQL the rows above are the whole story
        stored = b"".join(p.read_bytes() for p in Path(config.database.sqlite_path).parent.glob("bot.db*"))
        assert canonical(code).encode() not in stored and code.encode() not in stored


async def test_a_used_code_and_an_expired_code_get_clear_answers(
    console: ConsoleChannel, services: Services, clock: Clock
) -> None:
    tt = await team(services)
    code = await invite(console, tt.id)
    await console.say(f"/join {code}", user="tu")
    out = await console.say(f"/join {code}", user="ba")
    assert "Mã mời này đã dùng hết lượt. Bạn xin cán bộ xã một mã mới nhé." in out
    later = await invite(console, tt.id)
    clock.now = NOW + timedelta(days=7, seconds=1)
    out = await console.say(f"/join {later}", user="ba")
    assert "Mã mời này đã hết hạn. Bạn xin cán bộ xã một mã mới nhé." in out
    assert await member_of(services, "ba") is None
    fresh = await invite(console, tt.id)
    clock.now += timedelta(days=6, hours=23)
    assert "Chào mừng" in await console.say(f"/join {fresh}", user="ba")


async def test_a_code_for_the_whole_team_takes_ten_people(
    console: ConsoleChannel, services: Services, clock: Clock
) -> None:
    tt = await team(services)
    code = await invite(console, tt.id, uses=10)
    for n in range(10):
        assert "Chào mừng" in await console.say(f"/join {code}", user=f"m{n}")
    assert "đã dùng hết lượt" in await console.say(f"/join {code}", user="m10")
    assert len(await teams.team_members(services.db, tt.id)) == 10


async def test_wrong_codes_are_rate_limited(console: ConsoleChannel, services: Services, clock: Clock) -> None:
    tt = await team(services)
    code = await invite(console, tt.id)
    for n in range(5):
        clock.now = NOW + timedelta(minutes=n)
        out = await console.say("/join AAAA-BBBB", user="doan")
        assert "Mã mời này không đúng." in out
    clock.now = NOW + timedelta(minutes=5)
    out = await console.say(f"/join {code}", user="doan")  # even the right code waits
    assert "Bạn đã nhập sai mã nhiều lần. Để giữ an toàn, bạn vui lòng thử lại sau 10 phút." in out
    assert await member_of(services, "doan") is None
    assert "Mã mời này không đúng." in await console.say("/join AAAA-BBBB", user="other")  # per person
    clock.now = NOW + timedelta(minutes=15, seconds=1)  # the first failure has aged out
    assert "Chào mừng" in await console.say(f"/join {code}", user="doan")
    rows = await services.db.fetchall("SELECT ok, count(*) FROM join_attempts GROUP BY ok ORDER BY ok")
    assert [tuple(r) for r in rows] == [(0, 6), (1, 1)]


async def test_join_without_a_code_asks_for_it_and_already_members_keep_the_use(
    console: ConsoleChannel, services: Services, clock: Clock
) -> None:
    tt = await team(services)
    code = await invite(console, tt.id, uses=2)
    out = await console.say("/join", user="tu")
    assert "Bạn gõ mã mời do cán bộ xã gửi (8 ký tự, ví dụ: K7PM-3QXA)." in out
    assert "Chào mừng" in await console.say(code, user="tu")
    assert "Bạn đã là thành viên của «Tổ Tràng Tiền» rồi." in await console.say(f"/thamgia {code}", user="tu")
    assert "Chào mừng" in await console.say(f"/thamgia {code}", user="ba")


async def test_joining_another_team_leaves_the_first_and_keeps_a_chosen_village(
    console: ConsoleChannel, services: Services, clock: Clock
) -> None:
    first = await team(services)
    second = await team(services, "00070", "Tổ phường Hoàn Kiếm")
    await console.press("ar:set:00070", user="tu")  # chose the commune as home before joining
    await console.say(f"/join {await invite(console, first.id)}", user="tu")
    out = await console.say(f"/join {await invite(console, second.id)}", user="tu")
    assert "Chào mừng bạn vào «Tổ phường Hoàn Kiếm»" in out and "Bạn đã rời «Tổ Tràng Tiền» cũ." in out
    assert await member_of(services, "tu") == second
    tu = await people.find_person(services.db, "console", "tu")
    assert tu is not None and tu.village_code == "00070"


def cli(config: Config, *args: str) -> int:
    return main([*args, "--config", str(config_file(config))])


def test_cli_creates_a_team_and_an_invite_code(config: Config, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(config, "areas", "seed", "--province", "01") == 0
    assert cli(config, "teams", "create", "--area", "00070", "--name", "Tổ  Hoàn Kiếm") == 0
    assert "team 1: Tổ Hoàn Kiếm — Phường Hoàn Kiếm, Thành phố Hà Nội" in capsys.readouterr().out
    assert cli(config, "teams", "create", "--area", "01", "--name", "Tổ tỉnh") == 2
    assert "not a village or commune code" in capsys.readouterr().err
    assert cli(config, "invite", "create", "--team", "1", "--days", "3", "--uses", "5") == 0
    captured = capsys.readouterr()
    assert _CODE.match(captured.out.strip())
    assert "uses 5; expires" in captured.err
    assert cli(config, "invite", "create", "--team", "1", "--uses", "0") == 2
    assert cli(config, "invite", "create", "--team", "9") == 2
    assert "--team 9: no such team" in capsys.readouterr().err
    assert cli(config, "teams", "list") == 0
    assert capsys.readouterr().out == "1\t00070\tTổ Hoàn Kiếm\t0 member(s)\n"


async def test_a_code_printed_by_the_cli_works_in_chat(
    config: Config, console: ConsoleChannel, services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await asyncio.to_thread(cli, config, "areas", "seed", "--province", "01") == 0
    assert await asyncio.to_thread(cli, config, "teams", "create", "--area", "00070", "--name", "Tổ HK") == 0
    capsys.readouterr()
    assert await asyncio.to_thread(cli, config, "invite", "create", "--team", "1") == 0
    code = capsys.readouterr().out.strip()
    out = await console.say(f"/join {code}", user="tu")
    assert "🎉 Chào mừng bạn vào «Tổ HK» (Phường Hoàn Kiếm, Thành phố Hà Nội)!" in out
