"""Core subcommands: run, chat, ask, guides check."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from bot.cli import web as web_cli
from bot.core.config import Config, ConfigError, load_config
from bot.residents.guides import load_guides
from bot.residents.library import GuideLibrary
from bot.residents.search import MATCH_THRESHOLD


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="run every channel configured in FILE")
    run.add_argument("--config", required=True, metavar="FILE")
    run.add_argument("--worker", type=int, default=0, metavar="N",
                     help="one of several processes behind a load balancer (PostgreSQL and webhooks): "
                          "worker N's web server listens on web.port + N")
    run.set_defaults(func=cmd_run)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal (numbered choices)")
    chat.add_argument("--config", metavar="FILE")
    chat.add_argument("--user", default="local", help="console user id (default: local)")
    chat.set_defaults(func=cmd_chat)

    ask = sub.add_parser("ask", help="which guide answers QUESTION")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--batch", metavar="FILE", help="one question per line (- for stdin)")
    ask.add_argument("--guides", metavar="DIR", help="guides directory (default: the bundled guides)")
    ask.add_argument("--config", metavar="FILE")
    ask.set_defaults(func=cmd_ask)

    guides = sub.add_parser("guides", help="guide tools")
    guides_sub = guides.add_subparsers(dest="guides_command", required=True)
    check = guides_sub.add_parser(
        "check", help="validate guides; one line per problem or warning (stale or unaddressed sources)"
    )
    check.add_argument("dir", nargs="?", metavar="DIR")
    check.set_defaults(func=cmd_guides_check)
    reload = guides_sub.add_parser("reload", help="check the guides, then have the running bot load them again")
    reload.add_argument("--config", required=True, metavar="FILE")
    reload.set_defaults(func=cmd_guides_reload)
    web_cli.register_guides(guides_sub)


def cmd_run(args: argparse.Namespace) -> int:
    from bot.runner import run_channels

    return asyncio.run(run_channels(as_worker(load_config(args.config), args.worker)))


def as_worker(config: Config, number: int) -> Config:
    """The config of worker NUMBER: its own web port; several workers need PostgreSQL and webhooks."""
    if number == 0:
        return config
    if number < 0:
        raise ConfigError("--worker: a number from 0")
    if config.database.sqlite_path is not None:
        raise ConfigError("--worker: several worker processes need database.url: postgresql://…")
    if (config.telegram.token and config.telegram.mode != "webhook") or (config.zalo.token and config.zalo.mode != "webhook"):
        raise ConfigError("--worker: several worker processes need webhook mode (polling hands updates to one)")
    # Webhooks arrive on the one web server; each worker's listens on its own port behind the proxy.
    web = config.web.model_copy(update={"port": config.web.port + number})
    return config.model_copy(update={"web": web})


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.runner import run_console

    asyncio.run(run_console(load_config(args.config), args.user))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    directory = args.guides or load_config(args.config).guides.dir
    library = GuideLibrary(directory)
    if args.batch:
        stream = sys.stdin if args.batch == "-" else Path(args.batch).open(encoding="utf-8")  # noqa: SIM115
        questions = [line.strip() for line in stream if line.strip()]
    elif args.question:
        questions = [args.question]
    else:
        print("ask: give a QUESTION or --batch FILE", file=sys.stderr)
        return 2
    for question in questions:
        hits = library.find(question)
        best = hits[0] if hits and hits[0].score >= MATCH_THRESHOLD else None
        guide = library.get(best.guide_id) if best else None
        if args.json:
            entry = guide.troubleshooting[best.entry] if guide and best and best.entry is not None else None
            print(json.dumps({
                "question": question, "guide": guide.id if guide else None,
                "title": guide.title.vi if guide else None, "score": hits[0].score if hits else 0.0,
                "entry": {"index": best.entry, "problem": entry.problem.get("vi")} if best and entry else None,
                "referral": best.referral if best else None,
            }, ensure_ascii=False))
        else:
            print(f"{guide.id}  {guide.title.vi}  ({best.score:.2f})" if guide and best
                  else f"—  (no guide; best score {hits[0].score if hits else 0.0:.2f})")
    return 0


def cmd_guides_check(args: argparse.Namespace) -> int:
    directory = args.dir or load_config(None).guides.dir
    result = load_guides(directory)
    for problem in result.problems:
        print(problem)
    for warning in result.warnings:
        print(f"warning: {warning}")
    if result.problems:
        print(f"{len(result.problems)} problem(s); {len(result.guides)} guide(s) valid", file=sys.stderr)
        return 1
    warned = f"; {len(result.warnings)} warning(s)" if result.warnings else ""
    print(f"{len(result.guides)} guides OK in {len(result.categories)} categories{warned}")
    return 0


def cmd_guides_reload(args: argparse.Namespace) -> int:
    """Print the problems (as ``guides check``) and send SIGHUP to the bot running with this config."""
    config = load_config(args.config)
    result = load_guides(config.guides.dir)
    for problem in result.problems:
        print(problem)
    pid_file = config.pid_file
    try:
        pid = int(pid_file.read_text(encoding="utf-8")) if pid_file else 0
        if pid > 0:
            os.kill(pid, signal.SIGHUP)
    except (OSError, ValueError):  # no file, or the process it names is gone
        pid = 0
    if pid <= 0:
        print(f"No running bot found ({pid_file}); the guides are loaded when it starts.", file=sys.stderr)
        return 1
    note = f"; {len(result.problems)} problem(s): broken files keep their last good version" if result.problems else ""
    print(f"Asked the bot (process {pid}) to reload {len(result.guides)} guides{note}. It logs the outcome and "
          "tells the admins about problems.")
    return 1 if result.problems else 0
