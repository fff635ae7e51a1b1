"""Claims: a feature can take free text and media that no command, button or flow took."""

from __future__ import annotations

from bot.core.engine import Engine, Feature, Services, Turn
from bot.core.messages import Incoming, Kind, Media, Reply


async def _echo_photos(turn: Turn) -> list[Reply] | None:
    media = turn.incoming.media
    if media is not None and media.kind == Kind.PHOTO:
        return [Reply(f"photo {media.ref}")]
    return None


async def _parrot(turn: Turn) -> list[Reply] | None:
    text = turn.incoming.text or ""
    return [Reply(f"claimed: {text}")] if text.startswith("relay") else None


async def _fallback(turn: Turn, text: str) -> list[Reply]:
    return [Reply(f"search: {text}")]


async def _start_flow(turn: Turn, arg: str) -> list[Reply]:
    turn.state["flow"] = "ask_name"
    return [Reply("name?")]


async def _name(turn: Turn, text: str) -> list[Reply]:
    turn.state.pop("flow", None)
    return [Reply(f"name is {text}")]


def _engine(services: Services) -> Engine:
    feature = Feature(commands={"name": _start_flow}, actions={"m": _fallback}, flows={"ask_name": _name},
                      claims=(_echo_photos, _parrot))
    return Engine(services, [feature], fallback=_fallback)


async def test_claims_take_media_and_text_before_the_search(services: Services) -> None:
    engine = _engine(services)
    photo = Incoming("console", "u1", "u1", kind=Kind.PHOTO, media=Media(Kind.PHOTO, "file-1"))
    assert [r.text for r in await engine.handle(photo)] == ["photo file-1"]
    assert [r.text for r in await engine.handle(Incoming("console", "u1", "u1", text="relay hi"))] == ["claimed: relay hi"]
    assert [r.text for r in await engine.handle(Incoming("console", "u1", "u1", text="cai vneid"))] == ["search: cai vneid"]


async def test_a_pending_question_wins_over_claims(services: Services) -> None:
    engine = _engine(services)
    await engine.handle(Incoming("console", "u2", "u2", text="/name"))
    replies = await engine.handle(Incoming("console", "u2", "u2", text="relay Lan"))
    assert [r.text for r in replies] == ["name is relay Lan"]
    replies = await engine.handle(Incoming("console", "u2", "u2", text="relay again"))
    assert [r.text for r in replies] == ["claimed: relay again"]


async def test_unclaimed_media_gets_the_polite_fallback(services: Services) -> None:
    engine = _engine(services)
    voice = Incoming("console", "u3", "u3", kind=Kind.VOICE, media=Media(Kind.VOICE, "v-1"))
    replies = await engine.handle(voice)
    assert replies[0].text.startswith("Em chỉ đọc được chữ")
