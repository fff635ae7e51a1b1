"""``python -m bot zalo-oa connect|status``: authorise the bot for an Official Account, and check each OA."""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

from bot.channels.zalo_oa_api import OaApi, OaError
from bot.channels.zalo_oa_tokens import TokenKeeper, code_challenge, new_verifier
from bot.core.config import Config, ConfigError, ZaloOaConfig, load_config
from storage import zalo_oa as oa_store
from storage.db import connect
from storage.zalo_oa_tokens import get_tokens


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    oa = sub.add_parser("zalo-oa", help="Zalo Official Accounts: connect one, see tokens and quota")
    oa_sub = oa.add_subparsers(dest="zalo_oa_command", required=True)
    link = oa_sub.add_parser("connect", help="authorise the bot for one OA (OAuth v4 with PKCE)")
    link.add_argument("--oa", required=True, metavar="OA_ID", help="the OA's id, as listed in zalo_oa.accounts")
    link.add_argument("--config", required=True, metavar="FILE")
    link.set_defaults(func=cmd_connect)
    status = oa_sub.add_parser("status", help="each OA: connected or not, token expiry, quota left")
    status.add_argument("--config", required=True, metavar="FILE")
    status.set_defaults(func=cmd_status)


def _api(config: ZaloOaConfig) -> OaApi:
    return OaApi(config.app_id or "", config.app_secret or "", config.api_base_url, config.oauth_base_url)


def _code(answer: str) -> tuple[str, str | None, str | None]:
    """The code from what was pasted: the code alone, or the whole address Zalo sent the browser to."""
    answer = answer.strip()
    if "code=" not in answer:
        return answer, None, None
    query = parse_qs(urlparse(answer).query or answer)
    return query.get("code", [""])[0], query.get("oa_id", [None])[0], query.get("state", [None])[0]


async def _connect(config: Config, oa_id: str) -> int:
    settings = config.zalo_oa
    account = settings.account(oa_id)
    if account is None:
        raise ConfigError(f"zalo_oa.accounts has no OA {oa_id}; add it (with its area and secret_key) first")
    if not settings.redirect_uri:
        raise ConfigError("zalo_oa.redirect_uri is not set: the callback URL registered for the Zalo app")
    verifier, state = new_verifier(), secrets.token_urlsafe(12)
    api = _api(settings)
    url = api.permission_url(settings.redirect_uri, code_challenge(verifier), state)
    print(f"1. Mở địa chỉ này bằng tài khoản Zalo quản trị OA {account.name or oa_id}, chọn OA và bấm «Cho phép».\n"
          f"   Open this address as an admin of the OA, choose it and allow access:\n\n{url}\n\n"
          "2. Zalo chuyển trình duyệt tới địa chỉ callback có «code=…». Dán cả địa chỉ đó (hoặc chỉ mã) vào đây.\n"
          "   Paste the whole address the browser was sent to (or just the code), then Enter:", flush=True)
    code, named_oa, returned_state = _code(sys.stdin.readline())
    if not code:
        print("Không nhận được mã. / No code was given.", file=sys.stderr)
        return 1
    if returned_state is not None and returned_state != state:
        print("Địa chỉ này không thuộc lần kết nối này (state khác). / The state does not match: start again.",
              file=sys.stderr)
        return 1
    if named_oa is not None and named_oa != oa_id:
        print(f"Bạn vừa cấp quyền cho OA {named_oa}, không phải {oa_id}. / You authorised OA {named_oa}, "
              f"not {oa_id}: run connect with --oa {named_oa}, or authorise {oa_id}.", file=sys.stderr)
        return 1
    db = await connect(config.database.url, pool_size=config.database.pool_size)
    try:
        expires = await TokenKeeper(db, api, lambda: datetime.now(UTC)).connect(oa_id, code, verifier)
    except OaError as exc:
        print(f"Zalo từ chối mã này / Zalo refused the code: {exc}", file=sys.stderr)
        return 1
    finally:
        await db.close()
        await api.close()
    local = expires.astimezone(config.tz).strftime("%H:%M %d/%m/%Y")
    print(f"✅ Đã kết nối OA {account.name or oa_id}; bot tự làm mới mã truy cập (hạn hiện tại: {local}).\n"
          f"   OA {oa_id} is connected; the bot refreshes its token by itself (current one valid until {local}).")
    return 0


async def _status(config: Config) -> int:
    settings = config.zalo_oa
    if not settings.accounts:
        print("zalo_oa.accounts is empty: no Official Account is configured.")
        return 0
    db = await connect(config.database.url, pool_size=config.database.pool_size)
    try:
        for account in settings.accounts:
            tokens = await get_tokens(db, account.oa_id)
            quota = await oa_store.get_quota(db, account.oa_id)
            state = f"token valid until {tokens.expires_at}" if tokens else "NOT CONNECTED (run zalo-oa connect)"
            left = f"{quota.remain} proactive messages left in {quota.month}" if quota else "quota not read yet"
            print(f"{account.oa_id}\t{account.name or '-'}\tarea {account.area}\t{state}\t{left}")
    finally:
        await db.close()
    return 0


def cmd_connect(args: argparse.Namespace) -> int:
    return asyncio.run(_connect(load_config(args.config), args.oa))


def cmd_status(args: argparse.Namespace) -> int:
    return asyncio.run(_status(load_config(args.config)))
