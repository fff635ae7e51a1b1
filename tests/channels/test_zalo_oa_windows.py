"""The 48-hour free window, the 7-day window and the monthly quota, with a fake clock, and Zalo's refusals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from zalo_oa_harness import OA_A, OaBot

from bot.core.delivery import DeliveryError, QuotaExhausted, RecipientBlocked, RetryLater
from bot.core.messages import Reply
from storage import zalo_oa as oa_store

GUIDES = Path(__file__).resolve().parents[2] / "guides"
U = "5550001112223334"
CHAT = f"{OA_A}:{U}"


@pytest.fixture
def oa_quota() -> int:
    return 3


def sent_to_u(fake_oa: FakeZaloOa) -> list[bool]:
    """For each message U received: was it paid from the quota?"""
    return [d.paid for d in fake_oa.to(OA_A, U)]


async def test_eight_free_replies_per_message_then_the_quota(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    await oa_bot.say(OA_A, U, "xin chào")  # 2 messages: greeting with 5 buttons, 2 more buttons
    for n in range(7):
        await oa_bot.channel.send(CHAT, Reply(f"Tin số {n}"))
    assert sent_to_u(fake_oa) == [False] * 8 + [True]  # the 9th is proactive
    assert fake_oa.accounts[OA_A].quota == 2
    quota = await oa_store.get_quota(oa_bot.db, OA_A)
    assert quota is not None and quota.remain == 2 and quota.month == "2026-11"  # in step with Zalo's count
    await oa_bot.say(OA_A, U, "menu")  # writing again opens a fresh window of 8
    assert sent_to_u(fake_oa)[-2:] == [False, False]


async def test_after_48_hours_a_message_uses_the_quota_and_after_7_days_nothing_is_sent(
    oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock,
) -> None:
    await oa_bot.say(OA_A, U, "xin chào")
    oa_clock.now += timedelta(hours=47)
    await oa_bot.channel.send(CHAT, Reply("Còn trong 48 giờ"))
    oa_clock.now += timedelta(hours=2)
    await oa_bot.channel.send(CHAT, Reply("Đã quá 48 giờ"))
    assert sent_to_u(fake_oa)[-2:] == [False, True]
    oa_clock.now += timedelta(days=6)  # 7 days and 1 hour after the message
    calls = len(fake_oa.calls)
    with pytest.raises(RecipientBlocked, match="7 days"):
        await oa_bot.channel.send(CHAT, Reply("Quá 7 ngày"))
    assert len(fake_oa.calls) == calls  # not even tried: Zalo would refuse it (-230)
    assert oa_bot.channel.sender.stats["window_closed"] == 1


async def test_the_quota_running_out_stops_paid_sends_without_asking_zalo(
    oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock,
) -> None:
    await oa_bot.say(OA_A, U, "xin chào")
    oa_clock.now += timedelta(hours=50)
    for _ in range(3):
        await oa_bot.channel.send(CHAT, Reply("Tin chủ động"))
    calls = len(fake_oa.calls)
    with pytest.raises(QuotaExhausted, match="used up"):
        await oa_bot.channel.send(CHAT, Reply("Tin thứ tư"))
    assert len(fake_oa.calls) == calls and fake_oa.accounts[OA_A].quota == 0
    await oa_bot.say(OA_A, U, "menu")  # free replies still work with the quota spent
    assert fake_oa.to(OA_A, U)[-1].paid is False


async def test_zalos_refusals_become_clear_outcomes(oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock) -> None:
    await oa_bot.say(OA_A, U, "xin chào")
    oa_clock.now += timedelta(hours=50)  # proactive from here on: the quota is claimed, then given back on refusal
    cases = [(-230, RecipientBlocked, "7 days"), (-213, RecipientBlocked, "not following"),
             (-201, DeliveryError, "-201"), (-32, RetryLater, "-32")]
    for code, error, text in cases:
        fake_oa.fail("/v3.0/oa/message/cs", code)
        with pytest.raises(error, match=text) as raised:
            await oa_bot.channel.send(CHAT, Reply("x"))
        if error is DeliveryError:
            assert not isinstance(raised.value, (RecipientBlocked, RetryLater, QuotaExhausted))
    quota = await oa_store.get_quota(oa_bot.db, OA_A)
    assert quota is not None and quota.remain == 3  # refused messages were not counted
    fake_oa.fail("/v3.0/oa/message/cs", -211)
    with pytest.raises(QuotaExhausted):
        await oa_bot.channel.send(CHAT, Reply("x"))
    quota = await oa_store.get_quota(oa_bot.db, OA_A)
    assert quota is not None and quota.remain == 0  # Zalo said it is spent: believed until the next check


async def test_a_new_month_reads_the_quota_again(oa_bot: OaBot, fake_oa: FakeZaloOa, oa_clock: Clock) -> None:
    await oa_bot.say(OA_A, U, "xin chào")
    await oa_store.set_quota(oa_bot.db, OA_A, "2026-10", 0, oa_clock.now - timedelta(days=20))  # last month's figure
    oa_clock.now += timedelta(hours=50)
    await oa_bot.channel.send(CHAT, Reply("Tháng mới"))
    quota = await oa_store.get_quota(oa_bot.db, OA_A)
    assert quota is not None and (quota.month, quota.remain) == ("2026-11", 2)
