"""Subcommands: areas seed / import, teams create / list, invite create."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.areas import importer as areas_import
from bot.areas import seed as areas_seed
from bot.areas.lookup import describe
from bot.core.config import load_config
from bot.members.teams import invites as teams_invites
from storage import areas, teams
from storage.db import Database, connect


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    area = sub.add_parser("areas", help="provinces, communes and villages")
    area_sub = area.add_subparsers(dest="areas_command", required=True)
    seed = area_sub.add_parser("seed", help="load the 34 provinces and 3,321 communes (safe to run again)")
    seed.add_argument("--province", metavar="NAME_OR_CODE", help="only this province (e.g. 01 or 'ha noi')")
    seed.add_argument("--config", metavar="FILE")
    seed.set_defaults(func=_run(cmd_seed))
    imp = area_sub.add_parser("import", help="add or rename villages from a CSV file")
    imp.add_argument("file", metavar="FILE", help="CSV: commune code or name, village name, [village code]")
    imp.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    imp.add_argument("--config", metavar="FILE")
    imp.set_defaults(func=_run(cmd_import))

    team = sub.add_parser("teams", help="village and commune teams")
    team_sub = team.add_subparsers(dest="teams_command", required=True)
    create = team_sub.add_parser("create", help="create a team for a village or commune")
    create.add_argument("--area", required=True, metavar="CODE", help="village (00070-001) or commune (00070)")
    create.add_argument("--name", required=True)
    create.add_argument("--config", metavar="FILE")
    create.set_defaults(func=_run(cmd_team_create))
    listing = team_sub.add_parser("list", help="teams, optionally inside one area")
    listing.add_argument("--area", metavar="CODE")
    listing.add_argument("--config", metavar="FILE")
    listing.set_defaults(func=_run(cmd_team_list))

    invite = sub.add_parser("invite", help="invite codes")
    invite_sub = invite.add_subparsers(dest="invite_command", required=True)
    make = invite_sub.add_parser("create", help="print a new invite code for a team")
    make.add_argument("--team", required=True, type=int, metavar="ID")
    make.add_argument("--days", type=int, default=teams_invites.DEFAULT_DAYS)
    make.add_argument("--uses", type=int, default=teams_invites.DEFAULT_USES)
    make.add_argument("--config", metavar="FILE")
    make.set_defaults(func=_run(cmd_invite_create))


Command = Callable[[Database, argparse.Namespace], Awaitable[int]]


def _run(command: Command) -> Callable[[argparse.Namespace], int]:
    """Open the configured database (migrating it), run COMMAND, close."""

    def run(args: argparse.Namespace) -> int:
        config = load_config(args.config)

        async def go() -> int:
            db = await connect(config.database.url, pool_size=config.database.pool_size)
            try:
                return await command(db, args)
            finally:
                await db.close()

        return asyncio.run(go())

    return run


async def cmd_seed(db: Database, args: argparse.Namespace) -> int:
    try:
        only = areas_seed.pick_province(args.province) if args.province else None
    except areas_seed.UnknownProvince as exc:
        print(exc, file=sys.stderr)
        return 2
    result = await areas_seed.seed(db, only)
    for label, counts in (("provinces", result.provinces), ("communes", result.communes)):
        total = counts.inserted + counts.renamed + counts.unchanged
        print(f"{label}: {total} (new {counts.inserted}, renamed {counts.renamed}, unchanged {counts.unchanged})")
    return 0


async def cmd_import(db: Database, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = await asyncio.to_thread(path.read_text, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot read as UTF-8 text: {exc}", file=sys.stderr)
        return 2
    if await areas.count_areas(db, "commune") == 0:
        print("no communes yet: run `python -m bot areas seed` first", file=sys.stderr)
        return 2
    plan = await areas_import.plan_import(db, text)
    added = None if args.dry_run else await areas_import.apply_import(db, plan, by="cli")
    print(areas_import.report(plan, added))
    return 1 if plan.bad else 0


async def cmd_team_create(db: Database, args: argparse.Namespace) -> int:
    area = await areas.get_area(db, args.area)
    if area is None or area.level not in ("commune", "village"):
        print(f"--area {args.area!r}: not a village or commune code (seed or import areas first)", file=sys.stderr)
        return 2
    name = " ".join(args.name.split())
    if not name or len(name) > 100:
        print("--name: give 1–100 characters", file=sys.stderr)
        return 2
    team = await teams.create_team(db, name, area.code)
    print(f"team {team.id}: {team.name} — {await describe(db, area)}")
    return 0


async def cmd_team_list(db: Database, args: argparse.Namespace) -> int:
    for team in await teams.teams_within(db, [args.area] if args.area else None):
        members = await teams.team_members(db, team.id)
        print(f"{team.id}\t{team.area_code}\t{team.name}\t{len(members)} member(s)")
    return 0


async def cmd_invite_create(db: Database, args: argparse.Namespace) -> int:
    team = await teams.get_team(db, args.team)
    if team is None:
        print(f"--team {args.team}: no such team", file=sys.stderr)
        return 2
    try:
        code, invite = await teams_invites.create(db, team, "cli", datetime.now(UTC), args.days, args.uses)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(code)
    print(f"team {team.id} ({team.name}); uses {invite.max_uses}; expires {invite.expires_at}", file=sys.stderr)
    return 0
