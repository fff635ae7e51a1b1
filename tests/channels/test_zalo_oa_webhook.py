"""The Zalo OA webhook over real HTTP: good, bad and stale signatures, redeliveries, store before the 200."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import oa_events
import pytest
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, OA_B, SECRET_A, START, OaBot, oa_config, texts

from bot.channels.zalo_oa_events import expected_mac, parse, signature_ok
from bot.residents.library import GuideLibrary
from storage import zalo_oa as oa_store

U = "5550001112223334"
GUIDES = Path(__file__).resolve().parents[2] / "guides"


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
async def fake(clock: Clock) -> AsyncIterator[FakeZaloOa]:
    async with FakeZaloOa(clock) as fake:
        fake.add_oa(OA_A, SECRET_A)
        fake.add_oa(OA_B, "oa-secret-phu-loc-2")
        yield fake


@pytest.fixture
async def bot(fake: FakeZaloOa, clock: Clock, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[OaBot]:
    async with OaBot(fake, oa_config(fake, tmp_path / "bot.db", GUIDES), clock, guide_library) as bot:
        yield bot


def test_the_mac_is_plain_sha256_of_app_id_body_timestamp_and_secret() -> None:
    raw = b'{"app_id":"1","event_name":"user_send_text","timestamp":"1700000000000"}'
    mac = expected_mac("1", raw, "1700000000000", "k3y-k3y-k3y")
    # Computed independently: sha256 over the concatenation, no HMAC construction.
    import hashlib
    assert mac == hashlib.sha256(b"1" + raw + b"1700000000000" + b"k3y-k3y-k3y").hexdigest()
    assert signature_ok(f"mac={mac}", "1", raw, "1700000000000", "k3y-k3y-k3y")
    assert signature_ok(mac.upper(), "1", raw, "1700000000000", "k3y-k3y-k3y")
    assert not signature_ok(f"mac={mac}", "1", raw + b" ", "1700000000000", "k3y-k3y-k3y")


async def test_a_good_signature_is_answered_as_a_free_reply(bot: OaBot, fake: FakeZaloOa) -> None:
    shown = await bot.say(OA_A, U, "xin chào")
    assert "trợ lý tự động" in texts(shown)
    assert shown and not any(d.paid for d in shown)  # replies carry the person's message id: free


async def test_bad_missing_and_wrong_key_signatures_are_refused_and_never_handled(bot: OaBot, fake: FakeZaloOa) -> None:
    body = fake.message(OA_A, U, "xin chào")
    raw, headers = oa_events.signed(body, SECRET_A)
    forged = {**headers, "X-ZEvent-Signature": "mac=" + "0" * 64}
    assert (await bot.post(body, raw=raw, headers=forged)).status_code == 403
    without = {k: v for k, v in headers.items() if k != "X-ZEvent-Signature"}
    assert (await bot.post(body, raw=raw, headers=without)).status_code == 403
    assert (await bot.post(body, secret="the-other-oas-key")).status_code == 403
    # The body was changed after signing (a re-serialised JSON would be, too): refused.
    assert (await bot.post(body, raw=raw.replace(b"xin ch", b"xin  ch"), headers=headers)).status_code == 403
    await bot.settle()
    assert fake.delivered == []
    assert await bot.db.fetchone("SELECT 1 FROM zalo_oa_inbox") is None


async def test_stale_and_future_events_are_refused_even_when_signed(bot: OaBot, fake: FakeZaloOa, clock: Clock) -> None:
    old = oa_events.user_event(fake.app_id, OA_A, U, clock.now - timedelta(hours=2), text="xin chào")
    response = await bot.post(old)
    assert response.status_code == 403 and "stale" in response.text
    ahead = oa_events.user_event(fake.app_id, OA_A, U, clock.now + timedelta(minutes=30), text="xin chào")
    assert (await bot.post(ahead)).status_code == 403
    recent = oa_events.user_event(fake.app_id, OA_A, U, clock.now - timedelta(minutes=20), text="xin chào")
    fake.messages[recent["message"]["msg_id"]] = (OA_A, U, clock.now)
    assert (await bot.post(recent)).status_code == 200  # a redelivery of 20 minutes ago is still Zalo's
    await bot.settle()
    assert len(fake.to(OA_A, U)) >= 1


async def test_other_apps_unknown_oas_and_garbage(bot: OaBot, fake: FakeZaloOa, clock: Clock) -> None:
    other_app = {**fake.message(OA_A, U, "xin chào"), "app_id": "9999999999"}
    assert (await bot.post(other_app)).status_code == 403
    unknown_oa = oa_events.user_event(fake.app_id, "7777777777777777", U, clock.now, text="xin chào")
    response = await bot.post(unknown_oa)
    assert response.status_code == 200 and response.json()["accepted"] is False  # Zalo must not disable us
    assert (await bot.post({}, raw=b"{not json", headers={"Content-Type": "application/json"})).status_code == 400
    big = b'{"a": "' + b"x" * 70_000 + b'"}'
    assert (await bot.post({}, raw=big, headers={"Content-Type": "application/json"})).status_code == 413
    seen = {"app_id": fake.app_id, "event_name": "user_seen_message", "timestamp": oa_events.millis(clock.now),
            "sender": {"id": OA_A}, "recipient": {"id": U}, "message": {"msg_ids": ["x"]}}
    assert (await bot.post(seen, secret=SECRET_A)).json()["accepted"] is False  # read receipts: quietly nothing
    await bot.settle()
    assert fake.delivered == []


async def test_a_redelivered_event_is_answered_once(bot: OaBot, fake: FakeZaloOa) -> None:
    body = fake.message(OA_A, U, "xin chào")
    first = await bot.post(body)
    second = await bot.post(body)
    await bot.settle()
    assert first.json()["accepted"] is True and second.json()["accepted"] is False
    greetings = [d for d in fake.to(OA_A, U) if "trợ lý tự động" in d.text]
    assert len(greetings) == 1


async def test_an_event_stored_before_a_crash_is_handled_at_the_next_start(
    fake: FakeZaloOa, clock: Clock, tmp_path: Path, guide_library: GuideLibrary,
) -> None:
    config = oa_config(fake, tmp_path / "bot.db", GUIDES)
    body = fake.message(OA_A, U, "cài vneid")
    first = await OaBot(fake, config, clock, guide_library).start(serve=False)
    event = parse(body)
    assert event is not None
    from bot.channels.zalo_oa_webhook import Verified
    assert await first.channel.store(Verified(event, body))  # stored, 200 sent … and the process dies here
    await first.stop()
    assert fake.delivered == []
    second = await OaBot(fake, config, clock, guide_library).start(serve=False)
    try:
        assert await second.channel.recover() == 1
        assert "VNeID" in texts(fake.to(OA_A, U))
        row = await second.db.fetchone("SELECT body, handled_at FROM zalo_oa_inbox")
        assert row is not None and row["body"] == "" and row["handled_at"]  # handled, and what was said is gone
        assert await second.channel.recover() == 0
    finally:
        await second.stop()


async def test_a_secret_is_never_written_to_the_inbox(
    fake: FakeZaloOa, clock: Clock, tmp_path: Path, guide_library: GuideLibrary,
) -> None:
    bot = await OaBot(fake, oa_config(fake, tmp_path / "bot.db", GUIDES), clock, guide_library).start(serve=False)
    try:
        from bot.channels.zalo_oa_webhook import Verified
        body = fake.message(OA_A, U, "mã OTP của tôi là 482913")
        event = parse(body)
        assert event is not None
        assert await bot.channel.store(Verified(event, body))
        stored = await oa_store.pending_events(bot.db)
        assert len(stored) == 1 and "482913" not in stored[0].body and json.loads(stored[0].body)["message"]["text"] == ""
    finally:
        await bot.stop()
