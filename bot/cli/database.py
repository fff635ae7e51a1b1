"""``python -m bot db copy``: move a deployment from one database to another, all or nothing."""

from __future__ import annotations

import argparse
import asyncio
import sys

from storage.copy import CopyError, check_urls, copy_database
from storage.db import Database, connect


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="database tools")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    copy = db_sub.add_parser(
        "copy", help="copy every row into an empty PostgreSQL database (stop the bot first)",
        description="Both databases are migrated first. Nothing is written unless every table's row count "
                    "matches.",
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="sqlite:///data/bot.db")
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help="postgresql://user@host/db")
    copy.set_defaults(func=cmd_copy)


def cmd_copy(args: argparse.Namespace) -> int:
    try:
        check_urls(args.source, args.target)
    except CopyError as exc:
        print(f"db copy: {exc}", file=sys.stderr)
        return 2
    return asyncio.run(_copy(args.source, args.target))


async def _copy(source_url: str, target_url: str) -> int:
    opened: list[Database] = []
    try:
        source = await connect(source_url)
        opened.append(source)
        target = await connect(target_url)
        opened.append(target)
        copied = await copy_database(source, target)
    except (CopyError, ConnectionError) as exc:
        print(f"db copy: {exc}", file=sys.stderr)
        return 1
    finally:
        for db in opened:
            await db.close()
    width = max((len(c.table) for c in copied), default=0)
    for item in copied:
        print(f"{item.table:<{width}}  {item.rows}")
    print(f"copied {sum(c.rows for c in copied)} rows in {len(copied)} tables; counts verified")
    return 0
