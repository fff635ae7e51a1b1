"""Subcommands for print and the web: ``guides print``, ``guides site`` and ``poster``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.areas import lookup as area_lookup
from bot.core.config import load_config
from bot.residents.guides import load_guides
from bot.web.handout import handout_pdf
from bot.web.pages import Reach
from bot.web.poster import poster_pdf
from bot.web.site import write_site
from storage import areas, teams
from storage.db import connect

MAX_TEAMS = 6  # team lines on a poster; a commune with more lists the first ones


def register_guides(guides_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    printing = guides_sub.add_parser("print", help="one A4 PDF per guide: steps, warnings, QR code, keyword code")
    printing.add_argument("ids", nargs="*", metavar="ID", help="guide ids (or --all)")
    printing.add_argument("--all", action="store_true", help="every guide")
    printing.add_argument("--out", required=True, metavar="DIR")
    printing.add_argument("--lang", choices=("vi", "en"), default="vi")
    printing.add_argument("--config", metavar="FILE", help="for web.public_url (the QR codes) and the guides")
    printing.set_defaults(func=cmd_print)
    site = guides_sub.add_parser("site", help="the guide pages as static files to host anywhere")
    site.add_argument("--out", required=True, metavar="DIR")
    site.add_argument("--config", metavar="FILE")
    site.set_defaults(func=cmd_site)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    poster = sub.add_parser("poster", help="an A4 poster for a commune or village: QR codes to the assistant")
    poster.add_argument("--area", required=True, metavar="CODE", help="commune or village code")
    poster.add_argument("--out", required=True, metavar="FILE")
    poster.add_argument("--contact", metavar="TEXT", help="a contact line, e.g. the team leader's name and phone")
    poster.add_argument("--lang", choices=("vi", "en"), default="vi")
    poster.add_argument("--config", metavar="FILE")
    poster.set_defaults(func=cmd_poster)


def cmd_print(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    guides = load_guides(config.guides.dir)
    if args.all == bool(args.ids):
        print("guides print: name guide ids or give --all (not both)", file=sys.stderr)
        return 2
    unknown = [i for i in args.ids if i not in guides.guides]
    if unknown:
        print(f"guides print: no guide {', '.join(map(repr, unknown))}; known: {', '.join(sorted(guides.guides))}",
              file=sys.stderr)
        return 2
    reach = Reach.of(config.web)
    if not reach.public_url and not reach.telegram_bot:
        print("guides print: web.public_url is not set, so the QR codes are left out", file=sys.stderr)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = sorted(guides.guides) if args.all else args.ids
    for guide_id in chosen:
        (out / f"{guide_id}.pdf").write_bytes(handout_pdf(guides.guides[guide_id], args.lang, reach))
    print(f"{len(chosen)} PDF(s) written to {out}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    guides = load_guides(config.guides.dir)
    pages = write_site(guides, Path(config.guides.dir), Path(args.out), Reach.of(config.web))
    print(f"{pages} pages written to {args.out}")
    return 0


def cmd_poster(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    found = asyncio.run(_place_and_teams(config.database.url, args.area))
    if isinstance(found, str):
        print(f"poster: {found}", file=sys.stderr)
        return 2
    place, names = found
    try:
        pdf = poster_pdf(place, names[:MAX_TEAMS], args.contact, load_guides(config.guides.dir), Reach.of(config.web),
                         args.lang)
    except ValueError as exc:
        print(f"poster: {exc}", file=sys.stderr)
        return 2
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(pdf)
    print(f"{args.out}: poster for {place}")
    return 0


async def _place_and_teams(database: str, code: str) -> tuple[str, list[str]] | str:
    """The area's full name and its teams' names, or why there is no poster for CODE."""
    db = await connect(database)
    try:
        area = await areas.get_area(db, code)
        if area is None or area.level == "province":
            return f"{'no area' if area is None else 'a province, not a commune or village:'} {code!r}"
        place = await area_lookup.describe(db, area)
        names = [t.name for t in await teams.teams_within(db, [area.code])]
        if area.level == "village" and area.commune_code:  # the commune's own team helps every village
            names += [t.name for t in await teams.teams_in_area(db, area.commune_code)]
    finally:
        await db.close()
    return place, names
