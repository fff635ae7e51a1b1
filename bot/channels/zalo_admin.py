"""``python -m bot.channels.zalo_admin``: check the token and manage the webhook by hand."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.channels.zalo_api import ZaloApi, ZaloError
from bot.core.config import Config, ConfigError, load_config


async def _run(config: Config, command: str) -> int:
    zalo = config.zalo
    if not zalo.token:
        print("zalo.token is not set (config file or ZALO_BOT_TOKEN) / Chưa có token Zalo.", file=sys.stderr)
        return 2
    api = ZaloApi(zalo.token, zalo.base_url)
    try:
        if command == "me":
            me = await api.get_me()
            print(f"OK: bot {me.name or '?'} (id {me.id})")
        elif command == "webhook-info":
            info = await api.get_webhook_info()
            print(f"webhook: {info.url}" if info.active else "no webhook set: polling can be used")
        elif command == "set-webhook":
            if not zalo.webhook.url or not zalo.webhook.secret_token:
                print("set zalo.webhook.url and zalo.webhook.secret_token first", file=sys.stderr)
                return 2
            info = await api.set_webhook(zalo.webhook.url, zalo.webhook.secret_token)
            print(f"webhook set: {info.url}")
        else:
            await api.delete_webhook()
            print("webhook deleted: polling can be used / Đã xoá webhook, có thể dùng polling.")
    except ZaloError as exc:
        print(f"Zalo refused: {exc}", file=sys.stderr)
        return 1
    finally:
        await api.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.channels.zalo_admin", description="Zalo bot tools")
    parser.add_argument("command", choices=["me", "webhook-info", "set-webhook", "delete-webhook"])
    parser.add_argument("--config", metavar="FILE", help="config file (the token may come from ZALO_BOT_TOKEN)")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    return asyncio.run(_run(config, args.command))


if __name__ == "__main__":
    sys.exit(main())
