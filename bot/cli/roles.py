"""``python -m bot roles grant|revoke|list``: coordinator roles from the command line."""

from __future__ import annotations

import argparse
import asyncio

from bot.coordinators import roles as roles_admin
from bot.core.config import Config, load_config
from bot.core.i18n import Catalog
from storage import roles as role_store
from storage.db import connect

T = Catalog({
    "none": {"vi": "Chưa có cán bộ điều phối nào.", "en": "No coordinators yet."},
    "admins": {"vi": "Quản trị viên (trong tệp cấu hình): {ids}", "en": "Admins (from the config file): {ids}"},
    "no_admins": {"vi": "Chưa có quản trị viên nào trong tệp cấu hình (admins).",
                  "en": "No admins in the config file (admins)."},
})


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    roles = sub.add_parser("roles", help="grant, revoke and list coordinator roles")
    roles_sub = roles.add_subparsers(dest="roles_command", required=True)
    for name, func, text in (("grant", cmd_grant, "make someone a coordinator of an area"),
                             ("revoke", cmd_revoke, "take the coordinator role for an area back")):
        parser = roles_sub.add_parser(name, help=text)
        parser.add_argument("identity", help="channel-qualified user id, e.g. telegram:123456789")
        parser.add_argument("role", choices=["coordinator"])
        parser.add_argument("--area", required=True, metavar="CODE", help="commune or province code")
        parser.add_argument("--config", metavar="FILE")
        parser.set_defaults(func=func)
    listing = roles_sub.add_parser("list", help="who coordinates where")
    listing.add_argument("--area", metavar="CODE", help="only inside this area")
    listing.add_argument("--config", metavar="FILE")
    listing.set_defaults(func=cmd_list)


async def _change(config: Config, identity: str, area: str, revoking: bool) -> int:
    db = await connect(config.database.url, pool_size=config.database.pool_size)
    try:
        outcome = await (roles_admin.revoke(db, identity, area) if revoking
                         else roles_admin.grant(db, identity, area, "cli"))
    finally:
        await db.close()
    print(outcome.text(config.locale))
    return 0 if outcome.ok else 1


def cmd_grant(args: argparse.Namespace) -> int:
    return asyncio.run(_change(load_config(args.config), args.identity, args.area, revoking=False))


def cmd_revoke(args: argparse.Namespace) -> int:
    return asyncio.run(_change(load_config(args.config), args.identity, args.area, revoking=True))


async def _list(config: Config, area: str | None) -> int:
    db = await connect(config.database.url, pool_size=config.database.pool_size)
    try:
        grants = await role_store.coordinator_grants(db, area)
    finally:
        await db.close()
    loc = config.locale
    print(T(loc, "admins", ids=", ".join(config.admins)) if config.admins else T(loc, "no_admins"))
    if not grants:
        print(T(loc, "none"))
    for g in grants:
        name = f" ({g.display_name})" if g.display_name else ""
        print(f"{g.identity}{name}\tcoordinator\t{g.area_code} {g.area_name}\t{g.granted_by}\t{g.granted_at[:10]}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    return asyncio.run(_list(load_config(args.config), args.area))
