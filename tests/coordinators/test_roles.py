"""Admins grant and revoke the coordinator role, in chat and from the command line; refusals say why."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from broadcast_world import AN_BINH, DONG, PROVINCE, add_person, seed_areas
from databases import database_url

from bot.__main__ import main
from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import people, teams
from storage.db import connect


@pytest.fixture
async def world(services: Services) -> Services:
    await seed_areas(services.db)
    return services


async def test_only_admins_may_grant(console: ConsoleChannel, world: Services) -> None:
    out = await console.say(f"/grant console:lan {AN_BINH}", user="lan")
    assert "Chỉ quản trị viên của hệ thống mới làm được việc này." in out
    lan = await people.find_person(world.db, "console", "lan")
    assert lan is not None and await teams.coordinator_areas(world.db, lan.id) == []
    out = await console.say(f"/capquyen console:lan {AN_BINH}", user="lan")
    assert "Chỉ quản trị viên" in out


async def test_admin_grants_a_commune_and_the_person_is_told(console: ConsoleChannel, world: Services) -> None:
    await console.say("xin chào", user="lan", name="Chị Lan")
    out = await console.say(f"/grant console:lan {AN_BINH}", user="admin")
    assert "✅ console:lan (Chị Lan) giờ là cán bộ điều phối của Xã An Bình, Tỉnh Thử Nghiệm." in out
    lan = await people.find_person(world.db, "console", "lan")
    assert lan is not None and lan.role == "coordinator"
    assert await teams.coordinator_areas(world.db, lan.id) == [AN_BINH]
    assert any("Bạn đã được giao vai trò cán bộ điều phối của Xã An Bình" in t for t in console.outbox["lan"])
    out = await console.say(f"/grant console:lan coordinator {AN_BINH}", user="admin")
    assert "đã là cán bộ điều phối của Xã An Bình" in out


async def test_granting_someone_who_never_wrote_creates_them(console: ConsoleChannel, world: Services) -> None:
    out = await console.say(f"/capquyen telegram:777001 {PROVINCE}", user="admin")
    assert "telegram:777001 giờ là cán bộ điều phối của Tỉnh Thử Nghiệm" in out
    person = await people.find_person(world.db, "telegram", "777001")
    assert person is not None and person.chat_id == "777001" and person.role == "coordinator"


async def test_every_refusal_says_why(console: ConsoleChannel, world: Services) -> None:
    out = await console.say("/grant console:lan 12345", user="admin")
    assert "Không có địa bàn nào mang mã «12345»" in out
    out = await console.say(f"/grant console:lan {DONG}", user="admin")
    assert "chỉ giao cho cấp xã hoặc tỉnh, còn «Thôn Đông, Xã An Bình, Tỉnh Thử Nghiệm» là thôn" in out
    out = await console.say(f"/grant lan {AN_BINH}", user="admin")
    assert "«lan» không phải mã người dùng" in out
    out = await console.say("/grant", user="admin")
    assert "Cách dùng: /grant" in out
    out = await console.say(f"/revoke console:nobody {AN_BINH}", user="admin")
    assert "console:nobody không phụ trách Xã An Bình" in out
    assert await people.find_person(world.db, "console", "nobody") is None


async def test_revoke_takes_the_role_back(console: ConsoleChannel, world: Services) -> None:
    team = await teams.create_team(world.db, "Tổ Thôn Đông", DONG)
    lan = await add_person(world.db, "console", "lan", DONG, team.id)
    await console.say(f"/grant console:lan {AN_BINH}", user="admin")
    out = await console.say(f"/thuhoi console:lan {AN_BINH}", user="admin")
    assert "✅ Đã thu hồi vai trò điều phối Xã An Bình" in out
    after = await people.get_person(world.db, lan.id)
    assert after is not None and after.role == "member"  # still on their team
    assert await teams.coordinator_areas(world.db, lan.id) == []
    assert any("đã được thu hồi" in t for t in console.outbox["lan"])
    out = await console.say("/broadcast", user="lan")
    assert "Bạn chưa được giao vai trò này" in out
    out = await console.say(f"/revoke console:lan {AN_BINH}", user="admin")
    assert "không phụ trách" in out


def _cli_config(tmp_path: Path) -> Path:
    file = tmp_path / "cli.yaml"
    file.write_text(f"database:\n  url: {database_url(tmp_path / 'cli.db')}\nadmins: ['telegram:1']\n", encoding="utf-8")

    async def seed() -> None:
        db = await connect(database_url(tmp_path / "cli.db"))
        await seed_areas(db)
        await db.close()

    asyncio.run(seed())
    return file


def test_cli_grant_list_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _cli_config(tmp_path)
    assert main(["roles", "grant", "telegram:123", "coordinator", "--area", AN_BINH, "--config", str(config)]) == 0
    assert "telegram:123 giờ là cán bộ điều phối của Xã An Bình" in capsys.readouterr().out
    assert main(["roles", "list", "--config", str(config)]) == 0
    listing = capsys.readouterr().out
    assert "telegram:1" in listing  # the admins from the file
    assert f"telegram:123\tcoordinator\t{AN_BINH} Xã An Bình\tcli\t" in listing
    assert main(["roles", "grant", "telegram:123", "coordinator", "--area", "00000", "--config", str(config)]) == 1
    assert "Không có địa bàn nào mang mã «00000»" in capsys.readouterr().out
    assert main(["roles", "revoke", "telegram:123", "coordinator", "--area", AN_BINH, "--config", str(config)]) == 0
    assert "Đã thu hồi" in capsys.readouterr().out
    assert main(["roles", "list", "--area", PROVINCE, "--config", str(config)]) == 0
    assert "Chưa có cán bộ điều phối nào." in capsys.readouterr().out

    async def check() -> tuple[str, str] | None:
        db = await connect(database_url(tmp_path / "cli.db"))
        person = await people.find_person(db, "telegram", "123")
        await db.close()
        return (person.chat_id, person.role) if person else None

    assert asyncio.run(check()) == ("123", "resident")


def test_cli_refuses_an_unknown_role(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _cli_config(tmp_path)
    with pytest.raises(SystemExit):
        main(["roles", "grant", "telegram:123", "admin", "--area", AN_BINH, "--config", str(config)])
    assert "invalid choice: 'admin'" in capsys.readouterr().err
