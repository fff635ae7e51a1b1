"""``python -m bot``: the command line."""

from __future__ import annotations

import argparse
import logging
import sys

try:
    from bot.cli import areas as cli_areas
    from bot.cli import database as cli_database
    from bot.cli import main as cli
    from bot.cli import reports as cli_reports
    from bot.cli import roles as cli_roles
    from bot.cli import web as cli_web
    from bot.cli import zalo_oa as cli_zalo_oa
    from bot.core.config import ConfigError, StartupError
except ImportError as missing:  # run with a Python that lacks the dependencies
    sys.exit(
        f"{missing}. Cài các thư viện cần thiết trước / install the dependencies first:\n"
        "  python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/python -m bot …"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Trợ lý Tổ công nghệ số")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    cli.register(sub)
    cli_areas.register(sub)
    cli_roles.register(sub)
    cli_reports.register(sub)
    cli_database.register(sub)
    cli_web.register(sub)
    cli_zalo_oa.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        code: int = args.func(args)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
