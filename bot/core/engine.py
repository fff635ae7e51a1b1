"""The channel-agnostic engine: Incoming in, Replies out, state in the database."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import re
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.core import command_names
from bot.core.config import Config
from bot.core.delivery import RetryPolicy, retrying
from bot.core.engine_text import T
from bot.core.i18n import Voice
from bot.core.messages import Address, Incoming, Kind, Outcome, Reply
from bot.core.ocr import TextReader
from bot.core.privacy import cleaned, find_secret
from bot.core.routes import ReportLink, Routes
from bot.core.speech import Recognizer, Speaker
from storage import conversations, people, turns
from storage.db import STORAGE_ERRORS, Database, deferred_writes
from storage.people import Person
from storage.progress import HelpRequest

if TYPE_CHECKING:  # the engine carries the guide library for features; it never calls it
    from bot.residents.library import GuideLibrary

log = logging.getLogger(__name__)

MAX_TEXT = 2000  # longer messages are politely refused, never searched or stored (Zalo caps at 2,000)
IN_TURN_DELIVERY = RetryPolicy(patience=15.0, attempts=3)  # alerts sent inside a turn, which holds a slot
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


class Sender(Protocol):
    """A channel's way to deliver a reply to someone who did not just write."""

    numbered: bool

    async def send(self, chat_id: str, reply: Reply) -> None: ...


@dataclass
class Services:
    """Everything a handler may use; one per process."""

    config: Config
    db: Database
    library: GuideLibrary
    senders: dict[str, Sender] = field(default_factory=dict)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    speech: Speaker | None = None  # reads steps aloud; None when espeak-ng or ffmpeg is missing
    ocr: TextReader | None = None  # reads photos of error screens; None when tesseract is missing
    recognizer: Recognizer | None = None  # understands voice notes; none ships (see bot/core/speech.py)
    # Set by the team feature: tells the right people about a resident's request for help.
    help_router: Callable[[Turn, HelpRequest], Awaitable[list[Reply]]] | None = None
    # Set by the team feature: called once a person has told where they live (requests waiting for it).
    after_village: Callable[[Turn], Awaitable[list[Reply]]] | None = None
    # Paths channels answer on the one web server (their webhooks).
    routes: Routes = field(default_factory=Routes)
    # Set by the web side when it can sign links: a report download for channels that cannot carry files.
    report_link: ReportLink | None = None


@dataclass
class Turn:
    """One incoming message being handled: who sent it, their state, and the services."""

    services: Services
    incoming: Incoming
    person: Person
    state: dict[str, Any]
    first_contact: bool = False
    greeted: bool = False  # set by the greeting handler so the engine does not greet twice
    # The engine's answer to free text nobody else claims (the question search); flows fall back to it.
    fallback: Handler | None = None
    menu: list[str] = field(default_factory=list)  # the numbered menu last shown, as read when the turn opened
    # Whether a private message may belong to a conversation with a member or a broadcast, as read when the
    # turn opened (None: not read; a claim then reads for itself).
    threads: turns.Threads | None = None

    @property
    def locale(self) -> str:
        return self.person.locale

    @property
    def voice(self) -> Voice:
        """The reader's language and the pronoun pair they asked for."""
        return Voice.of(self.person.locale, self.person.address_as)

    @property
    def is_admin(self) -> bool:
        return self.incoming.identity in self.services.config.admins

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def library(self) -> GuideLibrary:
        return self.services.library

    async def as_question(self, text: str) -> list[Reply]:
        """Treat TEXT as a fresh question, as if no flow had been waiting for an answer."""
        if self.fallback is None:
            return []
        return await self.fallback(self, text)


Handler = Callable[[Turn, str], Awaitable[list[Reply]]]
# Looks at a private message nobody else took (free text or a photo, voice note, sticker) and answers it,
# or returns None to let the next claim, then the question search, have it. E.g. a relay to a volunteer.
Claim = Callable[[Turn], Awaitable[list[Reply] | None]]


@dataclass(frozen=True)
class Feature:
    """A group of commands (/name), button actions (prefix:…) and free-text flows (state["flow"])."""

    commands: Mapping[str, Handler] = field(default_factory=dict)
    actions: Mapping[str, Handler] = field(default_factory=dict)
    flows: Mapping[str, Handler] = field(default_factory=dict)
    claims: Sequence[Claim] = ()


class Engine:
    """Routes every Incoming to the feature that owns it; one person's messages run one at a time."""

    def __init__(
        self, services: Services, features: list[Feature], fallback: Handler,
        greeting: Callable[[Turn], Reply] | None = None,
    ) -> None:
        self.services = services
        self.commands: dict[str, Handler] = {}
        self.actions: dict[str, Handler] = {}
        self.flows: dict[str, Handler] = {}
        for feature in features:
            for table, entries in (
                (self.commands, feature.commands), (self.actions, feature.actions), (self.flows, feature.flows)
            ):
                clash = set(table) & set(entries)
                if clash:
                    raise ValueError(f"registered twice: {sorted(clash)}")
                table.update(entries)
        self.claims: list[Claim] = [claim for feature in features for claim in feature.claims]
        self.actions.setdefault("dym", self._did_you_mean)
        self.fallback = fallback
        self.greeting = greeting
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = weakref.WeakValueDictionary()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one message; never raises for bad input."""
        return (await self.answer(incoming)).replies

    async def answer(self, incoming: Incoming, *, replay: bool = False) -> Outcome:
        """Answer one message; a REPLAY (left over from a crash) is handled even if its id was recorded."""
        incoming = cleaned(incoming)
        db = self.services.db
        key = (incoming.channel, incoming.user_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:
            try:
                # One round trip in (drop a redelivery, lock the person, who they are, state, menu) and one out
                # (the writes the turn kept back): see storage/turns.py. A REPLAY skips the de-duplication:
                # the intake re-handles a leftover whose id may have been recorded just before a crash.
                opened = await turns.open_turn(
                    db, incoming.channel, incoming.user_id, incoming.chat_id, incoming.display_name,
                    _initial_locale(incoming, self.services.config.locale),
                    None if replay else incoming.message_id or None, threads=_may_be_claimed(incoming),
                )
            except STORAGE_ERRORS as exc:
                return self._deferred(incoming, exc)
            if opened is None:
                return Outcome([])
            try:
                if incoming.area and opened.person.village_code is None:
                    # Writing to a commune's own account makes one a resident there until a village is chosen.
                    await people.set_village(db, opened.person.id, incoming.area)
                    opened.person = replace(opened.person, village_code=incoming.area)
            except STORAGE_ERRORS as exc:
                with contextlib.suppress(*STORAGE_ERRORS):
                    await turns.abandon(db, opened)  # let the person go (their lock, on PostgreSQL)
                return self._deferred(incoming, exc)
            try:
                with deferred_writes() as writes:
                    try:
                        replies = await self._turn(incoming, opened)
                    except Exception:
                        log.exception("turn failed for %s", incoming.identity)
                        replies = [Reply(T(Voice.of(opened.person.locale, opened.person.address_as), "error"))]
            except BaseException:  # cancelled (shutdown): let the person go, write nothing
                await turns.abandon(db, opened)
                raise
            try:
                await turns.close_turn(db, opened, writes)
            except Exception:
                log.exception("saving the turn failed for %s", incoming.identity)
                return Outcome([Reply(T(Voice.of(opened.person.locale, opened.person.address_as), "error"))])
            return Outcome(replies)

    def _deferred(self, incoming: Incoming, exc: Exception) -> Outcome:
        log.error("database fault before handling a message from %s (kept for a retry): %s", incoming.identity, exc)
        locale = _initial_locale(incoming, self.services.config.locale)
        return Outcome([Reply(T(locale, "delayed"), locale=locale)], keep=True)

    async def _turn(self, incoming: Incoming, opened: turns.OpenTurn) -> list[Reply]:
        db = self.services.db
        person, state = opened.person, opened.state
        before = copy.deepcopy(state)  # forms keep nested dicts; compare by value
        turn = Turn(self.services, incoming, person, state, first_contact=opened.created, fallback=self.free_text,
                    menu=opened.menu, threads=opened.threads)
        replies = await self._dispatch(turn)
        if self.greeting is not None and replies and not turn.state.get("greeted"):
            # Whatever someone sends first, they learn they are talking to an automated assistant.
            if not turn.greeted:
                replies = [self.greeting(turn), *replies]
            turn.state["greeted"] = True
        if turn.state != before:
            await conversations.save_state(db, person.id, turn.state)
        own = [replace(r, locale=turn.locale) for r in replies if r.to is None]
        if incoming.numbered_choices:
            menus = [r for r in own if r.choices]
            if menus:
                await conversations.save_menu(db, person.id, [c.action for c in menus[-1].choices])
        for reply in replies:
            if reply.to is not None:
                await self.deliver(reply.to, reply)
        return own

    async def _dispatch(self, turn: Turn) -> list[Reply]:
        incoming = turn.incoming
        if incoming.kind == Kind.ACTION and incoming.action:
            return await self.run_action(turn, incoming.action)
        if incoming.kind != Kind.TEXT or incoming.text is None:
            caption = incoming.media.caption if incoming.media else None
            if caption and find_secret(caption) is not None:  # before any claim: never relayed nor stored
                return [Reply(T(turn.voice, "secret_media"))]
            claimed = await self._claim(turn) if incoming.is_private else None
            if claimed is not None:
                return claimed
            return await self.run_action(turn, "m", prefix=[Reply(T(turn.voice, "not_text"))])
        text = incoming.text.strip()
        if len(text) > MAX_TEXT:
            return [Reply(T(turn.voice, "too_long"))]
        secret = find_secret(text)
        if secret is not None:
            return [Reply(T(turn.voice, f"secret_{secret.value}"))]
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            command = command.split("@", 1)[0].lower()
            found = command_names.resolve(command, args.strip(), self.commands)
            if found is None:
                return command_names.unknown(turn, command, args.strip(), self.commands)
            turn.state.pop(command_names.STATE_KEY, None)  # a suggestion holds for the next message only
            return await self.commands[found[0]](turn, found[1])
        if not incoming.is_private:
            return []
        number = _NUMBER.match(text)
        if number and incoming.numbered_choices:
            menu = turn.menu
            index = int(number.group(1))
            if index == 0:
                return await self.run_action(turn, "m")
            if 1 <= index <= len(menu):
                return await self.run_action(turn, menu[index - 1])
            if menu:
                return [Reply(T(turn.voice, "no_such_number", number=index))]
        flow = turn.state.get("flow")
        if isinstance(flow, str) and flow in self.flows:
            return await self.flows[flow](turn, text)
        return await self.free_text(turn, text)

    async def _did_you_mean(self, turn: Turn, arg: str) -> list[Reply]:
        """dym: run the command suggested for a mistyped one; the menu when the suggestion is gone."""
        return await command_names.run_suggested(turn, self.commands) or await self.run_action(turn, "m")

    async def free_text(self, turn: Turn, text: str) -> list[Reply]:
        """Text no command, button or pending question took: the claims first, then the fallback."""
        claimed = await self._claim(turn)
        return claimed if claimed is not None else await self.fallback(turn, text)

    async def _claim(self, turn: Turn) -> list[Reply] | None:
        for claim in self.claims:
            replies = await claim(turn)
            if replies is not None:
                return replies
        return None

    async def run_action(self, turn: Turn, action: str, prefix: list[Reply] | None = None) -> list[Reply]:
        """Run a button's action (``g:vneid-install:3``); unknown or stale data shows the menu."""
        name, _, rest = action.partition(":")
        handler = self.actions.get(name) or self.actions["m"]
        return (prefix or []) + await handler(turn, rest if name in self.actions else "stale")

    async def deliver(self, to: Address, reply: Reply) -> None:
        """Send a reply to another person through their channel, remembering its numbered menu."""
        sender = self.services.senders.get(to.channel)
        if sender is None:
            log.warning("no sender for channel %s; message to %s dropped", to.channel, to.user_id)
            return
        target = await people.find_person(self.services.db, to.channel, to.user_id)
        if target is not None:
            reply = replace(reply, locale=target.locale)
            if sender.numbered and reply.choices:
                await conversations.save_menu(self.services.db, target.id, [c.action for c in reply.choices])
        try:
            await retrying(lambda: sender.send(to.chat_id, reply), IN_TURN_DELIVERY)
        except Exception as exc:
            log.warning("delivery to %s:%s failed: %s", to.channel, to.user_id, exc)


def _may_be_claimed(incoming: Incoming) -> bool:
    """A private message that is not a button or a command: claims (relays, broadcast replies) may take it."""
    if not incoming.is_private or incoming.kind == Kind.ACTION:
        return False
    return not (incoming.text or "").lstrip().startswith("/")


def _initial_locale(incoming: Incoming, default: str) -> str:
    hint = (incoming.language_hint or "").lower()
    return "en" if default == "en" or (hint.startswith("en") and default != "vi") else default
