"""The engine under bad input and a failing database: broken unicode, secret-looking names, faults before any
feature ran (an apology, and the update kept for a retry)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from bot.core.engine import Engine, Services
from bot.core.messages import Incoming, Kind
from storage import people, turns


def message(text: str, name: str = "Bà Lan", message_id: str = "m1", user: str = "lan") -> Incoming:
    return Incoming(channel="console", user_id=user, chat_id=user, display_name=name, text=text, kind=Kind.TEXT,
                    message_id=message_id, numbered_choices=True)


async def test_lone_surrogates_from_a_broken_client_are_cleaned_not_fatal(engine: Engine, services: Services) -> None:
    replies = await engine.handle(message("cài vneid \ud83d", name="Bà \udc00Lan"))
    assert replies and "xin lỗi" not in replies[-1].text.lower()
    person = await people.find_person(services.db, "console", "lan")
    assert person is not None and person.display_name == "Bà ?Lan"


async def test_a_display_name_that_looks_like_an_id_number_is_not_kept(engine: Engine, services: Services) -> None:
    await engine.handle(message("xin chào", name="Lan 001099012345"))
    person = await people.find_person(services.db, "console", "lan")
    assert person is not None and person.display_name == ""


async def test_a_database_fault_before_any_feature_gets_an_apology_and_keeps_the_update(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    # Opening the turn is the one call before any feature: de-duplication, the person, their state.
    monkeypatch.setattr(turns, "open_turn", broken)
    outcome = await engine.answer(message("cài vneid"))
    assert outcome.keep
    [apology] = outcome.replies
    assert "Em sẽ trả lời ngay khi xử lý xong, anh/chị không cần gửi lại" in apology.text
    monkeypatch.undo()
    again = await engine.answer(message("cài vneid"), replay=True)  # the intake tries again later
    assert not again.keep and "VNeID" in again.replies[-1].text


async def test_a_redelivered_message_is_dropped_unless_it_is_a_replay(engine: Engine) -> None:
    assert (await engine.answer(message("/help"))).replies
    assert (await engine.answer(message("/help"))).replies == []  # the platform sent it twice
    assert (await engine.answer(message("/help"), replay=True)).replies  # left over from a crash: answered
