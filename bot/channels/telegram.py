"""The Telegram channel: python-telegram-bot 22 (polling or webhook) on the shared engine."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import BotCommand, CallbackQuery, Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults, ExtBot

from bot.channels.telegram_fetch import ALLOWED_UPDATES, Poller, webhook_handler, webhook_path
from bot.channels.telegram_pacing import SendPacing
from bot.channels.telegram_render import TelegramSender, chat_ref, send_reply
from bot.core.config import Config, ConfigError, mask_token
from bot.core.delivery import DeliveryError, RecipientBlocked, ReplyGate
from bot.core.engine import Engine, Services
from bot.core.i18n import Catalog
from bot.core.intake import Intake
from bot.core.messages import Incoming, Kind, Media, Reply
from bot.core.routes import Route, Routes

log = logging.getLogger(__name__)

CHANNEL = "telegram"
App = Application[Any, Any, Any, Any, Any, Any]

# Descriptions shown in Telegram's command menu; only commands the engine registered are listed.
COMMANDS = Catalog({
    "start": {"vi": "Bắt đầu, xem lời chào và danh mục", "en": "Start: greeting and menu"},
    "menu": {"vi": "Danh mục hướng dẫn", "en": "Guide menu"},
    "help": {"vi": "Cách dùng trợ lý", "en": "How to use the assistant"},
    "lang": {"vi": "Đổi ngôn ngữ (Tiếng Việt / English)", "en": "Change language (Tiếng Việt / English)"},
})


def configured(config: Config) -> bool:
    """Telegram runs when a bot token is set (in the file or TELEGRAM_BOT_TOKEN)."""
    return bool(config.telegram.token)


def _kind(message: Message) -> Kind:
    if message.text is not None:
        return Kind.TEXT
    if message.sticker is not None:
        return Kind.STICKER
    if message.photo:
        return Kind.PHOTO
    if message.voice is not None or message.audio is not None or message.video_note is not None:
        return Kind.VOICE
    return Kind.OTHER


def _media(message: Message, kind: Kind) -> Media | None:
    """The file_id of a photo (largest size), voice note, audio, round video or sticker, to pass it on."""
    caption = message.caption
    if kind == Kind.PHOTO and message.photo:
        return Media(kind, message.photo[-1].file_id, "image/jpeg", caption)
    if kind == Kind.STICKER and message.sticker is not None:
        return Media(kind, message.sticker.file_id, None, message.sticker.emoji)
    sound = message.voice or message.audio or message.video_note
    if kind == Kind.VOICE and sound is not None:
        return Media(kind, sound.file_id, getattr(sound, "mime_type", None), caption)
    return None


def _addressed_to_bot(message: Message, username: str, bot_id: int) -> bool:
    """In a group: a command naming this bot (/menu@name), or a command replying to its message."""
    entities = message.entities or ()
    if not message.text or not any(e.type == MessageEntityType.BOT_COMMAND and e.offset == 0 for e in entities):
        return False
    command = message.text.split(maxsplit=1)[0]
    if "@" in command:
        return command.split("@", 1)[1].lower() == username.lower()
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


class TelegramChannel:
    """The PTB bot (for sending), the durable intake (for receiving), and the conversion between them."""

    def __init__(self, services: Services, engine: Engine, *, concurrent_updates: int | None = None) -> None:
        config = services.config.telegram
        if not config.token:
            raise ConfigError("telegram.token: required (or set TELEGRAM_BOT_TOKEN)")
        self.services = services
        self.engine = engine
        self.guides_dir = Path(services.config.guides.dir)
        self.gate = ReplyGate()  # replies first: broadcasts and alerts wait while replies go out
        self.pacing = SendPacing(self.gate)
        builder = (
            ApplicationBuilder().token(config.token).defaults(Defaults(tzinfo=services.config.tz))
            .rate_limiter(self.pacing)
        )
        if config.base_url:
            builder = builder.base_url(config.base_url)
            # A self-hosted Bot API server serves files beside its methods: …/bot<token>/… and …/file/bot<token>/…
            if config.base_url.rstrip("/").endswith("/bot"):
                builder = builder.base_file_url(config.base_url.rstrip("/")[: -len("bot")] + "file/bot")
        self.application: App = builder.build()
        slots = concurrent_updates or config.concurrent_updates
        self.intake = Intake(services, engine, CHANNEL, self.parse, self.answer,
                             slots=slots, group_slots=max(1, slots // 2))

    @property
    def bot(self) -> ExtBot[Any]:
        bot: ExtBot[Any] = self.application.bot
        return bot

    # ---- receiving: a stored update (JSON) into an Incoming --------------------------------------------
    def parse(self, payload: dict[str, Any]) -> Incoming | None:
        update = Update.de_json(payload, self.bot)
        if update.callback_query is not None:
            return self._from_button(update.callback_query)
        if update.message is not None:
            return self._from_message(update.message)
        return None

    def _from_message(self, message: Message) -> Incoming | None:
        user = message.from_user
        if user is None or user.is_bot:
            return None
        private = message.chat.type == ChatType.PRIVATE
        if not private and not _addressed_to_bot(message, self.bot.username, self.bot.id):
            return None  # group chatter is not for the bot
        kind = _kind(message)
        return Incoming(
            channel=CHANNEL, user_id=str(user.id),
            # people.chat_id is where later messages for this person go: always their private chat
            # (on Telegram its id is the user id), never a group they happened to write in.
            chat_id=str(message.chat.id) if private else str(user.id),
            display_name=user.full_name, text=message.text if kind == Kind.TEXT else None, kind=kind,
            message_id=f"{message.chat.id}:{message.message_id}", at=message.date, is_private=private,
            language_hint=user.language_code, media=_media(message, kind),
            reply_chat_id=None if private else str(message.chat.id),
        )

    def _from_button(self, query: CallbackQuery) -> Incoming | None:
        if not query.data:
            return None
        chat = query.message.chat if query.message is not None else None
        private = chat is None or chat.type == ChatType.PRIVATE
        return Incoming(
            channel=CHANNEL, user_id=str(query.from_user.id), chat_id=str(query.from_user.id),
            display_name=query.from_user.full_name, action=query.data, kind=Kind.ACTION,
            message_id=f"cb:{query.id}", is_private=private, language_hint=query.from_user.language_code,
            reply_chat_id=str(chat.id) if chat is not None and not private else None,
        )

    # ---- answering --------------------------------------------------------------------------------------
    async def answer(self, incoming: Incoming, replies: list[Reply]) -> None:
        """Stop a button's spinner, then send the replies where the message was written."""
        if incoming.kind == Kind.ACTION and incoming.message_id and incoming.message_id.startswith("cb:"):
            try:
                await self.bot.answer_callback_query(incoming.message_id[3:])
            except TelegramError as exc:  # too old after a restart: the spinner has stopped by itself
                log.info("could not answer callback query: %s", exc)
        target = chat_ref(incoming.reply_chat_id or incoming.chat_id)
        try:
            for reply in replies:
                await send_reply(self.bot, target, reply, self.guides_dir)
        except Forbidden as exc:
            raise RecipientBlocked(self.masked(str(exc))) from None
        except TelegramError as exc:  # retried as far as it made sense (telegram_pacing); the token masked
            raise DeliveryError(f"{type(exc).__name__}: {self.masked(str(exc))}") from None

    def masked(self, text: str) -> str:
        token = self.services.config.telegram.token
        # PTB capitalises error descriptions, which lower-cases any token quoted in them.
        return mask_token(text, token, token.lower() if token else None)

    async def publish(self) -> None:
        """Publish the command menu (Vietnamese by default, English for English clients); register the sender."""
        names = [name for name in COMMANDS.keys() if name in self.engine.commands]  # noqa: SIM118
        for locale, language in (("vi", None), ("en", "en")):
            commands = [BotCommand(name, COMMANDS(locale, name)) for name in names]
            try:
                await self.bot.set_my_commands(commands, language_code=language)
            except TelegramError as exc:
                log.warning("setMyCommands failed: %s", self.masked(str(exc)))
        self.services.senders[CHANNEL] = TelegramSender(self.bot, self.guides_dir)

    def health(self) -> dict[str, int]:
        return {**self.intake.health(), **self.pacing.counts}


async def _initialize(channel: TelegramChannel, config: Config) -> None:
    """getMe and friends; a rejected token or an unreachable server is a clear start-up error."""
    application = channel.application
    try:
        await application.initialize()
    except (InvalidToken, NetworkError) as exc:
        # PTB marks the bot initialised only after getMe succeeds, so its shutdown would skip the
        # HTTP client that getMe opened: close that one here.
        await application.bot.request.shutdown()
        if isinstance(exc, InvalidToken):
            raise ConfigError("telegram.token: rejected by the Bot API (copy it again from @BotFather)") from exc
        where = config.telegram.base_url or "https://api.telegram.org"
        token = config.telegram.token
        raise ConfigError(
            f"telegram: cannot reach the Bot API at {where} ({mask_token(str(exc), token)}); check the "
            "network (Telegram is blocked by some Vietnamese ISPs) or telegram.base_url"
        ) from exc


async def _start_webhook(channel: TelegramChannel, config: Config, routes: Routes | None) -> Route:
    """The webhook mounted on the web server (returned, to unmount on stop), then registered with Telegram."""
    hook = config.telegram.webhook
    if routes is None:
        raise ConfigError("telegram: webhook mode needs the web server (web.listen, web.port)")
    if not hook.secret_token:
        log.warning("telegram.webhook.secret_token is not set: anyone can post fake updates")
    route = Route(webhook_path(config), webhook_handler(channel.intake, hook.secret_token), CHANNEL)
    routes.mount(route)  # before setWebhook, so the first update finds it
    try:
        await channel.bot.set_webhook(url=hook.url or "", secret_token=hook.secret_token,
                                      allowed_updates=ALLOWED_UPDATES)
    except BaseException:
        routes.unmount(route.path, CHANNEL)
        raise
    log.info("telegram: webhook answering on %s of the web server", route.path)
    return route


@asynccontextmanager
async def serving(channel: TelegramChannel, routes: Routes | None = None) -> AsyncIterator[TelegramChannel]:
    """Initialise, handle what the last run left, fetch updates (polling, or the webhook on the web server's
    ROUTES); stop cleanly on exit: fetching stops first, turns in flight finish within the intake's grace,
    the rest stays stored."""
    config = channel.services.config
    if config.telegram.mode == "webhook" and not config.telegram.webhook.url:
        raise ConfigError("telegram.webhook.url: required in webhook mode (the public HTTPS address)")
    await _initialize(channel, config)
    try:
        await channel.publish()
        await channel.intake.start()
        poller: Poller | None = None
        polling: asyncio.Task[None] | None = None
        route: Route | None = None
        if config.telegram.mode == "webhook":
            route = await _start_webhook(channel, config, routes)
        else:
            poller = Poller(channel.bot, channel.intake, channel.masked)
            polling = asyncio.create_task(poller.run(), name="telegram-polling")
        log.info("telegram: serving @%s by %s", channel.bot.username, config.telegram.mode)
        try:
            yield channel
        finally:
            if route is not None and routes is not None:
                routes.unmount(route.path, CHANNEL)
            if polling is not None:
                polling.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await polling
            await channel.intake.stop()
            if poller is not None:
                await poller.confirm()
    finally:
        await channel.application.shutdown()
        channel.services.senders.pop(CHANNEL, None)
        log.info("telegram channel stopped")


async def run(services: Services, engine: Engine) -> None:
    """Serve Telegram until cancelled, beside the other channels in the same event loop."""
    # httpx logs every request URL at INFO, and the URL carries the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    async with serving(TelegramChannel(services, engine), services.routes):
        await asyncio.Event().wait()
