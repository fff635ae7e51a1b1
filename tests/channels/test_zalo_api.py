"""The Zalo HTTP client and update conversion, against the loopback fake Bot API."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fake_zalo import QUOTA, Failure, FakeZalo, update, user_id
from zalo_harness import zalo_config

from bot.channels import zalo_admin as admin
from bot.channels.zalo_api import (
    ZaloApi,
    ZaloError,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloRateLimited,
    ZaloUnauthorized,
)
from bot.channels.zalo_updates import RecentIds, to_incoming, unwrap
from bot.core.messages import Kind, Media

U = user_id(1)


@pytest.fixture
async def fake() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def api(fake: FakeZalo) -> AsyncIterator[ZaloApi]:
    client = ZaloApi(fake.token, fake.base_url)
    yield client
    await client.close()


async def test_calls_post_json_to_the_token_url_and_return_results(fake: FakeZalo, api: ZaloApi) -> None:
    me = await api.get_me()
    assert (me.id, me.name) == ("7d1f00ba5e", "bot.tocongnghesotest")
    sent = await api.send_message(U, "Xin chào")
    assert len(sent.message_id) == 32 and sent.date and sent.date > 1_700_000_000_000  # milliseconds
    await api.send_photo(U, "https://anh.example.vn/a.png", caption="Bước 1")
    await api.send_chat_action(U)
    assert [(c.method, c.params) for c in fake.calls[1:]] == [
        ("sendMessage", {"chat_id": U, "text": "Xin chào"}),
        ("sendPhoto", {"chat_id": U, "photo": "https://anh.example.vn/a.png", "caption": "Bước 1"}),
        ("sendChatAction", {"chat_id": U, "action": "typing"}),
    ]


async def test_webhook_set_info_and_delete(fake: FakeZalo, api: ZaloApi) -> None:
    assert not (await api.get_webhook_info()).active
    info = await api.set_webhook("https://bot.example.vn/zalo", "bí-mật-đủ-dài")
    assert info.url == "https://bot.example.vn/zalo" and info.updated_at
    assert fake.webhook["secret_token"] == "bí-mật-đủ-dài"
    assert (await api.get_webhook_info()).active
    assert not (await api.delete_webhook()).active
    assert not (await api.get_webhook_info()).active
    with pytest.raises(ZaloError) as refused:
        await api.set_webhook("https://bot.example.vn/zalo", "short")
    assert refused.value.error_code == 400


async def test_get_updates_gives_one_update_per_call_and_none_on_408(fake: FakeZalo, api: ZaloApi) -> None:
    first, second = fake.text(U, "một"), fake.text(U, "hai")
    assert await api.get_updates(1) == first
    assert await api.get_updates(1) == second
    assert fake.calls_to("getUpdates")[0].params == {"timeout": "1"}
    started = time.monotonic()
    assert await api.get_updates(1) is None  # HTTP 408 after the (short) timeout
    assert 0.8 < time.monotonic() - started < 3
    fake.fail("getUpdates", Failure(408, "Request timeout", http_status=200))
    assert await api.get_updates(1) is None  # the same when it comes as ok=false at HTTP 200


async def test_ok_false_at_http_200_is_an_error(fake: FakeZalo, api: ZaloApi) -> None:
    fake.fail("sendMessage", Failure(400, "Bad Request: chat not found", http_status=200))
    with pytest.raises(ZaloError) as failed:
        await api.send_message(U, "Xin chào")
    assert (failed.value.error_code, failed.value.description) == (400, "Bad Request: chat not found")
    assert not failed.value.unreachable


async def test_quota_and_rate_limits_are_typed(fake: FakeZalo, api: ZaloApi) -> None:
    fake.fail("sendMessage", QUOTA)
    fake.fail("sendMessage", Failure(-32, "Quota exceeded", http_status=200))
    for _ in range(2):
        with pytest.raises(ZaloRateLimited) as limited:
            await api.send_message(U, "Xin chào")
        assert limited.value.retry_after > 0


async def test_forbidden_means_unreachable_whatever_the_http_status(fake: FakeZalo, api: ZaloApi) -> None:
    fake.forbidden.add(U)  # answered at HTTP 200 with error_code 403
    fake.fail("sendPhoto", Failure(403, "Forbidden"))  # and at HTTP 403
    with pytest.raises(ZaloForbidden) as blocked:
        await api.send_message(U, "Xin chào")
    assert blocked.value.unreachable
    with pytest.raises(ZaloForbidden):
        await api.send_photo(U, "https://anh.example.vn/a.png")


async def test_wrong_token_and_garbage_and_network_errors(fake: FakeZalo) -> None:
    wrong = ZaloApi("999:wrong-token-value", fake.base_url)
    with pytest.raises(ZaloUnauthorized):
        await wrong.get_me()
    await wrong.close()

    api = ZaloApi(fake.token, fake.base_url)
    fake.fail("getUpdates", Failure(502, "", raw="<html>Bad gateway</html>"))
    with pytest.raises(ZaloNetworkError) as garbage:
        await api.get_updates(1)
    assert garbage.value.error_code == 502
    await api.close()

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = ZaloApi(fake.token, f"http://127.0.0.1:{port}/bot", timeout=2)
    with pytest.raises(ZaloNetworkError) as refused:
        await dead.get_me()
    assert fake.token not in str(refused.value)  # the token is part of the URL; it never reaches a log
    await dead.close()


async def test_texts_over_2000_characters_are_refused_before_and_by_the_server(
    fake: FakeZalo, api: ZaloApi
) -> None:
    with pytest.raises(ZaloError):
        await api.send_message(U, "x" * 2001)
    assert not fake.calls_to("sendMessage")
    with pytest.raises(ZaloError) as server:
        await api.call("sendMessage", {"chat_id": U, "text": "x" * 2001})
    assert server.value.error_code == 400
    await api.send_message(U, "x" * 2000)


def test_updates_become_incoming_with_string_ids_and_millisecond_dates() -> None:
    body = update("message.text.received", "8a3f0c91d2e4b567", text="cài vneid", name="Ông Tư",
                  message_id="c0ffee01", date=1749538250568)
    incoming = to_incoming(body)
    assert incoming is not None
    assert (incoming.channel, incoming.user_id, incoming.chat_id) == ("zalo", "8a3f0c91d2e4b567", "8a3f0c91d2e4b567")
    assert (incoming.text, incoming.kind, incoming.message_id) == ("cài vneid", Kind.TEXT, "c0ffee01")
    assert incoming.display_name == "Ông Tư" and incoming.is_private and incoming.numbered_choices
    assert incoming.at == datetime(2025, 6, 10, 6, 50, 50, 568000, tzinfo=UTC)


@pytest.mark.parametrize(("event", "kind"), [
    ("message.image.received", Kind.PHOTO), ("message.sticker.received", Kind.STICKER),
    ("message.voice.received", Kind.VOICE), ("message.unsupported.received", Kind.UNREADABLE),
    ("message.location.received", Kind.OTHER),
])
def test_non_text_events_have_their_kind_and_no_text(event: str, kind: Kind) -> None:
    incoming = to_incoming(update(event, U, photo="https://x/y.jpg", caption="ảnh", sticker="s1"))
    assert incoming is not None and (incoming.kind, incoming.text) == (kind, None)


def test_photos_stickers_and_voice_notes_carry_what_zalo_hosts() -> None:
    voice = to_incoming(update("message.voice.received", U, voice_url="https://voice.zdn.vn/a.aac"))
    assert voice is not None and voice.media == Media(Kind.VOICE, "https://voice.zdn.vn/a.aac", None, None)
    photo = to_incoming(update("message.image.received", U, photo_url="https://photo.zdn.vn/p.jpg", caption="lỗi"))
    assert photo is not None and photo.media == Media(Kind.PHOTO, "https://photo.zdn.vn/p.jpg", None, "lỗi")
    older = to_incoming(update("message.image.received", U, photo="https://photo.zdn.vn/q.jpg"))
    assert older is not None and older.media is not None and older.media.ref == "https://photo.zdn.vn/q.jpg"
    sticker = to_incoming(update("message.sticker.received", U, sticker="bd4b6e1c2a"))
    assert sticker is not None and sticker.media == Media(Kind.STICKER, "bd4b6e1c2a", None, None)
    hidden = to_incoming(update("message.unsupported.received", U))
    assert hidden is not None and hidden.kind == Kind.UNREADABLE and hidden.media is None


def test_groups_bots_and_malformed_updates() -> None:
    group = to_incoming(update("message.text.received", U, text="hi", chat_id="ab12", chat_type="GROUP"))
    assert group is not None and not group.is_private and group.chat_id == "ab12"
    bot = update("message.text.received", U, text="hi")
    bot["message"]["from"]["is_bot"] = True
    assert to_incoming(bot) is None
    assert to_incoming({"event_name": "message.text.received"}) is None
    assert to_incoming({"event_name": "message.text.received", "message": {"text": "hi", "from": {}}}) is None
    no_text = update("message.text.received", U)
    assert (incoming := to_incoming(no_text)) is not None and incoming.kind == Kind.OTHER


def test_wrapped_and_bare_bodies_unwrap_to_the_same_update() -> None:
    bare = update("message.text.received", U, text="hi")
    assert unwrap(bare) == bare
    assert unwrap({"ok": True, "result": bare}) == bare
    assert unwrap({"ok": True, "result": {"no": "event"}}) is None
    assert unwrap([bare]) is None and unwrap("text") is None


def test_recent_ids_forget_the_oldest() -> None:
    recent = RecentIds(size=2)
    assert recent.first_time("a") and recent.first_time("b") and not recent.first_time("a")
    assert recent.first_time("c")  # "b" is now the oldest and is forgotten
    assert recent.first_time("b") and not recent.first_time("c")


async def test_admin_commands_check_the_token_and_manage_the_webhook(
    fake: FakeZalo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hook = {"url": "https://bot.example.vn/zalo", "secret_token": "abcdefgh12"}
    config = zalo_config(fake, tmp_path / "bot.db", webhook=hook)
    assert await admin._run(config, "me") == 0
    assert await admin._run(config, "set-webhook") == 0
    assert fake.webhook["url"] == "https://bot.example.vn/zalo" and fake.webhook["secret_token"] == "abcdefgh12"
    assert await admin._run(config, "webhook-info") == 0
    assert await admin._run(config, "delete-webhook") == 0
    assert not fake.webhook
    out = capsys.readouterr().out.splitlines()
    assert out == ["OK: bot bot.tocongnghesotest (id 7d1f00ba5e)", "webhook set: https://bot.example.vn/zalo",
                   "webhook: https://bot.example.vn/zalo",
                   "webhook deleted: polling can be used / Đã xoá webhook, có thể dùng polling."]
    wrong = zalo_config(fake, tmp_path / "bot.db", token="1:wrong-token")
    assert await admin._run(wrong, "me") == 1
    assert "Unauthorized" in capsys.readouterr().err


def test_admin_reports_config_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert admin.main(["me", "--config", str(tmp_path / "missing.yaml")]) == 2
    assert "config file not found" in capsys.readouterr().err
