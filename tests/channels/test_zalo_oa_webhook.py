"""The Zalo OA webhook over real HTTP: good, bad and stale signatures, redeliveries, store before the 200."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import oa_events
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, SECRET_A, OaBot, oa_config, texts

from bot.channels.zalo_oa_events import expected_mac, parse, signature_ok
from bot.residents.library import GuideLibrary
from storage import zalo_oa as oa_store

U = "5550001112223334"
GUIDES = Path(__file__).resolve().parents[2] / "guides"


def test_the_mac_is_plain_sha256_of_app_id_body_timestamp_and_secret() -> None:
    raw = b'{"app_id":"1","event_name":"user_send_text","timestamp":"1700000000000"}'
    mac = expected_mac("1", raw, "1700000000000", "k3y-k3y-k3y")
    # Computed independently: sha256 over the concatenation, no HMAC construction.
    import hashlib
    assert mac == hashlib.sha256(b"1" + raw + b"1700000000000" + b"k3y-k3y-k3y").hexdigest()
    assert signature_ok(f"mac={mac}", "1", raw, "1700000000000", "k3y-k3y-k3y")
    assert signature_ok(mac.upper(), "1", raw, "1700000000000", "k3y-k3y-k3y")
    assert not signature_ok(f"mac={mac}", "1", raw + b" ", "1700000000000", "k3y-k3y-k3y")


async def test_a_good_signature_is_answered_as_a_free_reply(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    shown = await oa_bot.say(OA_A, U, "xin chào")
    assert "trợ lý tự động" in texts(shown)
    assert shown and not any(d.paid for d in shown)  # replies carry the person's message id: free


async def test_bad_missing_and_wrong_key_signatures_are_refused_and_never_handled(
    oa_bot: OaBot, fake_oa: FakeZaloOa,
) -> None:
    body = fake_oa.message(OA_A, U, "xin chào")
    raw, headers = oa_events.signed(body, SECRET_A)
    forged = {**headers, "X-ZEvent-Signature": "mac=" + "0" * 64}
    assert (await oa_bot.post(body, raw=raw, headers=forged)).status_code == 403
    without = {k: v for k, v in headers.items() if k != "X-ZEvent-Signature"}
    assert (await oa_bot.post(body, raw=raw, headers=without)).status_code == 403
    assert (await oa_bot.post(body, secret="the-other-oas-key")).status_code == 403
    # The body was changed after signing (a re-serialised JSON would be, too): refused.
    assert (await oa_bot.post(body, raw=raw.replace(b"xin ch", b"xin  ch"), headers=headers)).status_code == 403
    await oa_bot.settle()
    assert fake_oa.delivered == []
    assert await oa_bot.db.fetchone("SELECT 1 FROM zalo_oa_inbox") is None


async def test_stale_and_future_events_are_refused_even_when_signed(
    oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock,
) -> None:
    old = oa_events.user_event(fake_oa.app_id, OA_A, U, oa_clock.now - timedelta(hours=2), text="xin chào")
    response = await oa_bot.post(old)
    assert response.status_code == 403 and "stale" in response.text
    ahead = oa_events.user_event(fake_oa.app_id, OA_A, U, oa_clock.now + timedelta(minutes=30), text="xin chào")
    assert (await oa_bot.post(ahead)).status_code == 403
    recent = oa_events.user_event(fake_oa.app_id, OA_A, U, oa_clock.now - timedelta(minutes=20), text="xin chào")
    fake_oa.messages[recent["message"]["msg_id"]] = (OA_A, U, oa_clock.now)
    assert (await oa_bot.post(recent)).status_code == 200  # a redelivery of 20 minutes ago is still Zalo's
    await oa_bot.settle()
    assert len(fake_oa.to(OA_A, U)) >= 1


async def test_other_apps_unknown_oas_and_garbage(oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock) -> None:
    other_app = {**fake_oa.message(OA_A, U, "xin chào"), "app_id": "9999999999"}
    assert (await oa_bot.post(other_app)).status_code == 403
    unknown_oa = oa_events.user_event(fake_oa.app_id, "7777777777777777", U, oa_clock.now, text="xin chào")
    response = await oa_bot.post(unknown_oa)
    assert response.status_code == 200 and response.json()["accepted"] is False  # Zalo must not disable us
    assert (await oa_bot.post({}, raw=b"{not json", headers={"Content-Type": "application/json"})).status_code == 400
    big = b'{"a": "' + b"x" * 70_000 + b'"}'
    assert (await oa_bot.post({}, raw=big, headers={"Content-Type": "application/json"})).status_code == 413
    seen = {"app_id": fake_oa.app_id, "event_name": "user_seen_message", "timestamp": oa_events.millis(oa_clock.now),
            "sender": {"id": OA_A}, "recipient": {"id": U}, "message": {"msg_ids": ["x"]}}
    assert (await oa_bot.post(seen, secret=SECRET_A)).json()["accepted"] is False  # read receipts: quietly nothing
    await oa_bot.settle()
    assert fake_oa.delivered == []


async def test_zalo_gets_its_200_once_the_event_is_stored_before_any_answer(
    oa_bot: OaBot, fake_oa: FakeZaloOa,
) -> None:
    fake_oa.hold = asyncio.Event()  # Zalo's API is slow today: sends hang until released
    response = await oa_bot.post(fake_oa.message(OA_A, U, "xin chào"))
    assert response.status_code == 200 and response.json()["accepted"] is True
    assert fake_oa.delivered == []  # answered before the bot's reply went out…
    stored = await oa_store.pending_events(oa_bot.db)
    assert len(stored) == 1  # …and after the event was safely stored
    fake_oa.hold.set()
    await oa_bot.settle()
    assert "trợ lý tự động" in texts(fake_oa.to(OA_A, U)) and await oa_store.pending_events(oa_bot.db) == []


async def test_the_webhook_and_its_health_are_mounted_on_the_one_web_server(oa_bot: OaBot) -> None:
    base = oa_bot.url.rsplit("/", 1)[0]
    listed = (await oa_bot.http.get(f"{base}/healthz")).json()
    assert "zalo_oa /zalo-oa" in listed["webhooks"] and "zalo_oa /healthz/zalo_oa" in listed["webhooks"]
    await oa_bot.say(OA_A, U, "xin chào")
    health = (await oa_bot.http.get(f"{base}/healthz/zalo_oa")).json()
    assert (health["channel"], health["received"], health["handled"], health["pending"]) == ("zalo_oa", 1, 1, 0)
    assert (await oa_bot.http.get(oa_bot.url)).status_code == 405  # the webhook takes POST only


async def test_a_redelivered_event_is_answered_once(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    body = fake_oa.message(OA_A, U, "xin chào")
    first = await oa_bot.post(body)
    second = await oa_bot.post(body)
    await oa_bot.settle()
    assert first.json()["accepted"] is True and second.json()["accepted"] is False
    greetings = [d for d in fake_oa.to(OA_A, U) if "trợ lý tự động" in d.text]
    assert len(greetings) == 1


async def test_an_event_stored_before_a_crash_is_handled_at_the_next_start(
    fake_oa: FakeZaloOa, oa_clock: Clock, tmp_path: Path, guide_library: GuideLibrary,
) -> None:
    config = oa_config(fake_oa, tmp_path / "bot.db", GUIDES)
    body = fake_oa.message(OA_A, U, "cài vneid")
    first = await OaBot(fake_oa, config, oa_clock, guide_library).start(serve=False)
    event = parse(body)
    assert event is not None
    from bot.channels.zalo_oa_webhook import Verified
    assert await first.channel.store(Verified(event, body))  # stored, 200 sent … and the process dies here
    await first.stop()
    assert fake_oa.delivered == []
    second = await OaBot(fake_oa, config, oa_clock, guide_library).start(serve=False)
    try:
        assert await second.channel.recover() == 1
        assert "VNeID" in texts(fake_oa.to(OA_A, U))
        row = await second.db.fetchone("SELECT body, handled_at FROM zalo_oa_inbox")
        assert row is not None and row["body"] == "" and row["handled_at"]  # handled, and what was said is gone
        assert await second.channel.recover() == 0
    finally:
        await second.stop()


async def test_a_secret_is_never_written_to_the_inbox(
    fake_oa: FakeZaloOa, oa_clock: Clock, tmp_path: Path, guide_library: GuideLibrary,
) -> None:
    config = oa_config(fake_oa, tmp_path / "bot.db", GUIDES)
    oa_bot = await OaBot(fake_oa, config, oa_clock, guide_library).start(serve=False)
    try:
        from bot.channels.zalo_oa_webhook import Verified
        body = fake_oa.message(OA_A, U, "mã OTP của tôi là 482913")
        event = parse(body)
        assert event is not None
        assert await oa_bot.channel.store(Verified(event, body))
        stored = await oa_store.pending_events(oa_bot.db)
        assert len(stored) == 1 and "482913" not in stored[0].body
        assert json.loads(stored[0].body)["message"]["text"] == ""
    finally:
        await oa_bot.stop()
