"""How Bot API requests are paced: replies at once and retried, bulk sends yielding, groups on their own budget."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.channels.telegram_pacing import BULK, SendPacing, is_group
from bot.core.delivery import RetryPolicy

Call = Callable[..., Coroutine[Any, Any, Any]]


def scripted(*outcomes: BaseException | None) -> tuple[Call, list[float]]:
    """A request that fails with OUTCOMES in turn (None = succeeds); records when it was tried."""
    tries: list[float] = []
    queue = list(outcomes)

    async def call(*args: Any, **kwargs: Any) -> dict[str, Any]:
        tries.append(time.monotonic())
        outcome = queue.pop(0) if queue else None
        if outcome is not None:
            raise outcome
        return {"message_id": len(tries)}

    return call, tries


async def send(pacing: SendPacing, call: Call, chat_id: int | str = 42, bulk: bool = False) -> Any:
    return await pacing.process_request(call, (), {}, "sendMessage", {"chat_id": chat_id, "text": "x"},
                                        BULK if bulk else None)


FAST = RetryPolicy(patience=3.0, attempts=4, backoff=0.01, max_backoff=0.05)


async def test_a_reply_waits_out_429s_and_retries_network_errors_and_5xx() -> None:
    pacing = SendPacing(policy=FAST)
    call, tries = scripted(RetryAfter(1), RetryAfter(1), NetworkError("Internal Server Error"), TimedOut())
    assert await send(pacing, call) == {"message_id": 5}
    assert tries[2] - tries[0] >= 1.9  # waited as long as Telegram said, twice
    assert pacing.counts == {"retried_429": 2, "retried_network": 2}


async def test_what_cannot_succeed_is_not_retried_and_patience_is_bounded() -> None:
    pacing = SendPacing(policy=FAST)
    for error in (BadRequest("Bad Request: chat not found"), Forbidden("Forbidden: bot was blocked by the user")):
        call, tries = scripted(error)
        with pytest.raises(type(error)):
            await send(pacing, call)
        assert len(tries) == 1
    call, tries = scripted(*[NetworkError("Bad Gateway")] * 10)
    with pytest.raises(NetworkError):  # the caller sees the Bot API's own error, after a bounded number of tries
        await send(pacing, call)
    assert len(tries) == FAST.attempts
    call, tries = scripted(RetryAfter(30))  # longer than the patience: given up at once, not after 30 s
    with pytest.raises(RetryAfter):
        await send(pacing, call)
    assert len(tries) == 1


async def test_bulk_sends_yield_to_replies_and_pause_after_a_429() -> None:
    pacing = SendPacing(policy=FAST)
    release = asyncio.Event()

    async def slow_reply(*args: Any, **kwargs: Any) -> bool:
        await release.wait()
        return True

    reply = asyncio.create_task(send(pacing, slow_reply))
    await asyncio.sleep(0.01)
    call, tries = scripted()
    bulk = asyncio.create_task(send(pacing, call, chat_id=43, bulk=True))
    await asyncio.sleep(0.2)
    assert not tries  # held back while the reply is on its way
    release.set()
    await asyncio.gather(reply, bulk)
    assert len(tries) == 1

    call, _ = scripted(RetryAfter(1))
    with pytest.raises(RetryAfter):  # a bulk send is not retried here: its worker reschedules it
        await send(pacing, call, bulk=True)
    call, tries = scripted()
    started = time.monotonic()
    await send(pacing, call, chat_id=44, bulk=True)
    assert tries[0] - started >= 0.9  # the next bulk send waited for the pause


async def test_a_group_has_its_own_budget_and_a_private_chat_never_waits_for_it() -> None:
    pacing = SendPacing(policy=FAST, group_per_minute=3)
    group = -100123
    call, _ = scripted()
    for _ in range(3):
        await send(pacing, call, chat_id=group)
    fourth = asyncio.create_task(send(pacing, call, chat_id=group))
    started = time.monotonic()
    await send(pacing, call, chat_id=7001)  # a private chat meanwhile
    assert time.monotonic() - started < 0.1
    await asyncio.sleep(0.2)
    assert not fourth.done()  # waits for the group's next slot (20 s at 3 a minute)
    fourth.cancel()


def test_groups_are_told_apart_from_private_chats() -> None:
    assert is_group(-1001234) and is_group("-1001234") and is_group("@kenh_thong_bao")
    assert not is_group(123456789) and not is_group("123456789") and not is_group(None)
