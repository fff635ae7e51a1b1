"""Many members logging at once through the engine: every log saved once, none lost, no errors."""

from __future__ import annotations

import asyncio

from members_world import World, add_person, build_world, scalar

from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind

MEMBERS, LOGS_EACH = 50, 20


async def test_fifty_members_twenty_logs_each_make_exactly_a_thousand_rows(engine: Engine,
                                                                          services: Services) -> None:
    world: World = await build_world(services)
    members = [await add_person(services.db, f"m{i}", f"Thành viên {i}", team=world.mot) for i in range(MEMBERS)]

    async def log(member: int, n: int) -> list[str]:
        incoming = Incoming(
            channel="console", user_id=f"m{member}", chat_id=f"m{member}", display_name=f"Thành viên {member}",
            text=f"/log vneid-install {1 + n % 3} khách {n}", kind=Kind.TEXT, message_id=f"m{member}-{n}",
        )
        return [reply.text for reply in await engine.handle(incoming)]

    calls = [log(m, n) for n in range(LOGS_EACH) for m in range(MEMBERS)]
    calls += [log(m, 0) for m in range(0, MEMBERS, 5)]  # some updates arrive twice (same message id)
    answers = await asyncio.gather(*calls)
    saved = [a for a in answers if a]
    assert len(saved) == MEMBERS * LOGS_EACH
    assert all(a[0].startswith("✅ Đã lưu, số phiếu #") for a in saved)
    assert await scalar(services.db, "SELECT count(*) FROM assists") == MEMBERS * LOGS_EACH
    assert await scalar(services.db, "SELECT count(DISTINCT member_id) FROM assists") == MEMBERS
    assert await scalar(services.db, "SELECT sum(people_count) FROM assists WHERE member_id = ?",
                        members[0].id) == sum(1 + n % 3 for n in range(LOGS_EACH))
    numbers = {int(a[0].split("#", 1)[1].split(".", 1)[0]) for a in saved}
    assert len(numbers) == MEMBERS * LOGS_EACH  # every member was told a different record number
