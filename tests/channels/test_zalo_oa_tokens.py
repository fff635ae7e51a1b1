"""Zalo OA tokens: expiry in the middle of a conversation, refresh ahead of time, two processes, no leaks."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from databases import database_url
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, OA_B, SECRET_A, SECRET_B, OaBot, oa_config, texts

from bot.channels.zalo_oa_api import OaApi, OaRefused
from bot.channels.zalo_oa_tokens import LEASE, NotConnected, TokenKeeper, code_challenge, new_verifier
from bot.residents.library import GuideLibrary
from storage.db import connect
from storage.zalo_oa_tokens import claim_refresh, get_tokens

U = "5550001112223334"
GUIDES = Path(__file__).resolve().parents[2] / "guides"


async def test_a_token_ended_mid_conversation_is_rotated_and_the_answer_still_arrives(
    oa_bot: OaBot, fake_oa: FakeZaloOa,
) -> None:
    await oa_bot.say(OA_A, U, "xin chào")
    before = await get_tokens(oa_bot.db, OA_A)
    fake_oa.revoke_access(OA_A)  # Zalo ends the token early: the next call answers -216
    shown = await oa_bot.say(OA_A, U, "cài vneid")
    assert "VNeID" in texts(shown)
    after = await get_tokens(oa_bot.db, OA_A)
    assert before is not None and after is not None
    assert after.access_token != before.access_token and after.refresh_token != before.refresh_token
    assert fake_oa.refresh_calls == 1 and oa_bot.channel.sender.stats["token_rejected"] == 1
    assert after.refreshing_by is None  # the lease was given back
    # The other OA's tokens were not touched.
    assert "trợ lý tự động" in texts(await oa_bot.say(OA_B, U, "xin chào")) and fake_oa.refresh_calls == 1


async def test_a_token_close_to_expiry_is_refreshed_before_zalo_refuses_it(
    oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock,
) -> None:
    await oa_bot.say(OA_A, U, "xin chào")
    oa_clock.now += timedelta(hours=24, minutes=30)  # 30 minutes left of 25 h
    shown = await oa_bot.say(OA_A, U, "menu")
    assert shown and fake_oa.refresh_calls == 1
    assert oa_bot.channel.sender.stats["token_rejected"] == 0  # no -216 was ever met
    oa_clock.now += timedelta(hours=2)  # the old token has expired by now; the new one is used
    assert await oa_bot.say(OA_A, U, "menu") and fake_oa.refresh_calls == 1


async def test_the_keeper_refreshes_idle_oas_too(oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock) -> None:
    oa_clock.now += timedelta(hours=24, minutes=45)
    keeper = oa_bot.channel.keeper
    task = asyncio.create_task(keeper.keep_fresh([OA_A, OA_B], every=0.01))
    try:
        for _ in range(200):
            if fake_oa.refresh_calls == 2:
                break
            await asyncio.sleep(0.01)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert fake_oa.refresh_calls == 2  # both OAs, nobody having written


async def test_two_processes_never_spend_one_refresh_token_twice(
    oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock, tmp_path: Path,
) -> None:
    # A second process: its own connection to the same database, its own HTTP client and keeper.
    other_db = await connect(database_url(tmp_path / "bot.db"))
    other_api = OaApi(fake_oa.app_id, fake_oa.app_secret, fake_oa.api_url, fake_oa.oauth_url)
    try:
        ours = oa_bot.channel.keeper
        theirs = TokenKeeper(other_db, other_api, oa_clock, poll=0.01)
        stale = await get_tokens(oa_bot.db, OA_A)
        assert stale is not None
        fake_oa.revoke_access(OA_A)
        results = await asyncio.gather(*(k.refresh(OA_A, rejected=stale.access_token)
                                         for k in (ours, theirs, ours, theirs, ours, theirs)))
        assert fake_oa.refresh_calls == 1  # one refresh reached Zalo; everybody else waited for its pair
        assert len(set(results)) == 1 and results[0] != stale.access_token
        assert (ours.refreshes, theirs.refreshes) in ((1, 0), (0, 1))
        # Both processes' sends now work with the rotated token.
        assert "trợ lý tự động" in texts(await oa_bot.say(OA_A, U, "xin chào"))
    finally:
        await other_db.close()
        await other_api.close()


async def test_a_lease_left_by_a_dead_process_expires(oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock) -> None:
    tokens = await get_tokens(oa_bot.db, OA_A)
    assert tokens is not None
    # A process took the lease and died before spending the refresh token.
    now = oa_clock.now
    assert await claim_refresh(oa_bot.db, OA_A, tokens.refresh_token, "dead-process", now + LEASE, now)
    fake_oa.revoke_access(OA_A)
    waiting = asyncio.create_task(oa_bot.channel.keeper.refresh(OA_A, rejected=tokens.access_token))
    await asyncio.sleep(0.05)
    assert not waiting.done() and fake_oa.refresh_calls == 0  # it waits for the holder…
    oa_clock.now += LEASE + timedelta(seconds=1)  # …until the lease has run out
    new = await asyncio.wait_for(waiting, 5)
    assert new != tokens.access_token and fake_oa.refresh_calls == 1


async def test_a_refused_refresh_names_the_fix_and_the_bot_keeps_serving_the_other_oa(
    oa_bot: OaBot, fake_oa: FakeZaloOa, caplog: pytest.LogCaptureFixture,
) -> None:
    fake_oa.accounts[OA_A].refresh_token = "burned-elsewhere"  # the stored refresh token is no longer valid
    fake_oa.revoke_access(OA_A)
    with caplog.at_level(logging.WARNING):
        assert await oa_bot.say(OA_A, U, "xin chào") == []
    assert any("zalo-oa connect --oa " + OA_A in r.getMessage() for r in caplog.records)
    assert "trợ lý tự động" in texts(await oa_bot.say(OA_B, U, "xin chào"))


async def test_tokens_never_reach_the_logs(
    oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock, caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        await oa_bot.say(OA_A, U, "xin chào")
        fake_oa.revoke_access(OA_A)
        await oa_bot.say(OA_A, U, "menu")
        fake_oa.fail("/v3.0/oa/message/cs", -201)
        await oa_bot.say(OA_A, U, "menu")
        fake_oa.accounts[OA_A].refresh_token = "gone"
        fake_oa.revoke_access(OA_A)
        await oa_bot.say(OA_A, U, "menu")
    secrets = {fake_oa.app_secret, SECRET_A, SECRET_B, *fake_oa.tokens,
               *(a.refresh_token for a in fake_oa.accounts.values())}
    stored = await get_tokens(oa_bot.db, OA_A)
    assert stored is not None
    secrets |= {stored.access_token, stored.refresh_token}
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert logged and not [s for s in secrets if s and s in logged]
    assert "access_token" not in repr(stored) and stored.refresh_token not in repr(stored)


async def test_an_oa_never_connected_is_reported_not_crashed(
    fake_oa: FakeZaloOa, oa_clock: Clock, tmp_path: Path, guide_library: GuideLibrary,
) -> None:
    oa_bot = await OaBot(fake_oa, oa_config(fake_oa, tmp_path / "bot.db", GUIDES), oa_clock, guide_library).start(connected=(), serve=False)
    try:
        with pytest.raises(NotConnected, match="zalo-oa connect --oa"):
            await oa_bot.channel.keeper.access_token(OA_A)
        from bot.core.config import ConfigError
        with pytest.raises(ConfigError, match="no Official Account is connected"):
            await oa_bot.channel.check_accounts()
    finally:
        await oa_bot.stop()


async def test_pkce_pair_and_code_exchange(fake_oa: FakeZaloOa, oa_clock: Clock, tmp_path: Path) -> None:
    verifier = new_verifier()
    assert len(verifier) == 43 and verifier.isalnum()
    assert "=" not in code_challenge(verifier) and "+" not in code_challenge(verifier)
    api = OaApi(fake_oa.app_id, fake_oa.app_secret, fake_oa.api_url, fake_oa.oauth_url)
    db = await connect(database_url(tmp_path / "x.db"))
    try:
        keeper = TokenKeeper(db, api, oa_clock)
        fake_oa.authorising = OA_A
        fake_oa.codes["the-code"] = (OA_A, code_challenge(verifier))
        with pytest.raises(OaRefused):
            await keeper.connect(OA_A, "the-code", new_verifier())  # a verifier that does not match: refused
        fake_oa.codes["the-code"] = (OA_A, code_challenge(verifier))
        expires = await keeper.connect(OA_A, "the-code", verifier)
        assert expires == oa_clock.now + timedelta(seconds=90_000)
        assert await keeper.access_token(OA_A) in fake_oa.tokens
    finally:
        await db.close()
        await api.close()


async def test_an_oa_not_connected_yet_is_named_and_the_other_oa_keeps_serving(
    fake_oa: FakeZaloOa, oa_clock: Clock, tmp_path: Path, guide_library: GuideLibrary,
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = oa_config(fake_oa, tmp_path / "bot.db", GUIDES)
    bot = await OaBot(fake_oa, config, oa_clock, guide_library).start(connected=(OA_A,))
    try:
        assert await bot.channel.check_accounts() == [OA_A]  # start-up goes on, with an error line for OA B
        assert any(f"zalo-oa connect --oa {OA_B}" in r.getMessage() for r in caplog.records)
        with caplog.at_level(logging.WARNING):
            assert await bot.say(OA_B, U, "xin chào") == []
        warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert any(f"zalo-oa connect --oa {OA_B}" in line for line in warned)
        assert "trợ lý tự động" in texts(await bot.say(OA_A, U, "xin chào"))
    finally:
        await bot.stop()
