"""The Telegram channel: python-telegram-bot 22 (polling or webhook) on the shared engine."""

from __future__ import annotations

import asyncio
import hmac
import logging
import traceback
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from aiohttp import web
from telegram import BotCommand, Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot.channels.telegram_render import TelegramSender, send_reply
from bot.core.config import Config, ConfigError, mask_token
from bot.core.engine import Engine, Services
from bot.core.i18n import Catalog
from bot.core.messages import Incoming, Kind, Media
from bot.core.routes import Handler, Route, Routes

log = logging.getLogger(__name__)

CHANNEL = "telegram"
App = Application[Any, Any, Any, Any, Any, Any]
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]  # edits are not new questions: not fetched

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
    """Converts updates into Incoming, asks the engine, and draws the replies."""

    def __init__(self, services: Services, engine: Engine) -> None:
        self.services = services
        self.engine = engine
        self.guides_dir = Path(services.config.guides.dir)

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        user = message.from_user if message else None
        if message is None or user is None or user.is_bot:
            return
        private = message.chat.type == ChatType.PRIVATE
        if not private and not _addressed_to_bot(message, context.bot.username, context.bot.id):
            return  # group chatter is not for the bot
        kind = _kind(message)
        incoming = Incoming(
            channel=CHANNEL, user_id=str(user.id),
            # people.chat_id is where later messages for this person go: always their private chat
            # (on Telegram its id is the user id), never a group they happened to write in.
            chat_id=str(message.chat.id) if private else str(user.id),
            display_name=user.full_name, text=message.text if kind == Kind.TEXT else None, kind=kind,
            message_id=f"{message.chat.id}:{message.message_id}", at=message.date, is_private=private,
            language_hint=user.language_code, media=_media(message, kind),
        )
        for reply in await self.engine.handle(incoming):
            await send_reply(context.bot, message.chat.id, reply, self.guides_dir)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        try:
            await query.answer()  # stop the button's spinner first, whatever happens next
        except TelegramError as exc:
            log.info("could not answer callback query: %s", exc)
        if not query.data:
            return
        chat = query.message.chat if query.message is not None else None
        private = chat is None or chat.type == ChatType.PRIVATE
        incoming = Incoming(
            channel=CHANNEL, user_id=str(query.from_user.id), chat_id=str(query.from_user.id),
            display_name=query.from_user.full_name, action=query.data, kind=Kind.ACTION,
            message_id=f"cb:{query.id}", is_private=private, language_hint=query.from_user.language_code,
        )
        target = chat.id if chat is not None else query.from_user.id
        for reply in await self.engine.handle(incoming):
            await send_reply(context.bot, target, reply, self.guides_dir)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log what went wrong in one update (token masked); the application keeps serving."""
        error = context.error
        if isinstance(error, Forbidden) or (isinstance(error, NetworkError) and not isinstance(error, BadRequest)):
            log.warning("telegram: %s", self._masked(str(error)))  # blocked by the user, network trouble
            return
        detail = "".join(traceback.format_exception(error)) if error else "unknown error"
        log.error("telegram update failed: %s", self._masked(detail))

    def _masked(self, text: str) -> str:
        token = self.services.config.telegram.token
        # PTB capitalises error descriptions, which lower-cases any token quoted in them.
        return mask_token(text, token, token.lower() if token else None)

    async def post_init(self, application: App) -> None:
        """Publish the command menu (Vietnamese by default, English for English clients); register the sender."""
        names = [name for name in COMMANDS.keys() if name in self.engine.commands]  # noqa: SIM118
        for locale, language in (("vi", None), ("en", "en")):
            commands = [BotCommand(name, COMMANDS(locale, name)) for name in names]
            try:
                await application.bot.set_my_commands(commands, language_code=language)
            except TelegramError as exc:
                log.warning("setMyCommands failed: %s", self._masked(str(exc)))
        self.services.senders[CHANNEL] = TelegramSender(application.bot, self.guides_dir)

    async def post_shutdown(self, application: App) -> None:
        """Stop offering Telegram to other people's turns; the database belongs to the runner."""
        self.services.senders.pop(CHANNEL, None)
        log.info("telegram channel stopped")


def build_application(
    services: Services, engine: Engine, *, rate_limiter: BaseRateLimiter[Any] | None = None,
    concurrent_updates: int | None = None,
) -> App:
    """The PTB Application with this channel's handlers, not yet started."""
    config = services.config.telegram
    if not config.token:
        raise ConfigError("telegram.token: required (or set TELEGRAM_BOT_TOKEN)")
    channel = TelegramChannel(services, engine)
    builder = (
        ApplicationBuilder()
        .token(config.token)
        .defaults(Defaults(tzinfo=services.config.tz))
        # One retry after a 429: a reply a few seconds late beats a lost one.
        .rate_limiter(rate_limiter if rate_limiter is not None else AIORateLimiter(max_retries=1))
        # The engine serialises each person's turns. A press costs two API calls, so with ≤ ~65 ms per
        # call 4 in flight already exceed Telegram's 30 messages/s; many more only slow httpx's pool
        # (bench/bench_telegram.py --concurrency 1 4 16 --latency 30).
        .concurrent_updates(concurrent_updates or config.concurrent_updates)
        .post_init(channel.post_init)
        .post_shutdown(channel.post_shutdown)
    )
    if config.base_url:
        builder = builder.base_url(config.base_url)
        # A self-hosted Bot API server serves files beside its methods: …/bot<token>/… and …/file/bot<token>/…
        if config.base_url.rstrip("/").endswith("/bot"):
            builder = builder.base_file_url(config.base_url.rstrip("/")[: -len("bot")] + "file/bot")
    application: App = builder.build()
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, channel.on_message))
    application.add_handler(CallbackQueryHandler(channel.on_button))
    application.add_error_handler(channel.on_error)
    return application


async def _initialize(application: App, config: Config) -> None:
    """getMe and friends; a rejected token or an unreachable server is a clear start-up error."""
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


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(config: Config) -> str:
    hook = config.telegram.webhook
    path = hook.path or (urlparse(hook.url).path if hook.url else "") or "/telegram"
    return path if path.startswith("/") else "/" + path


def webhook_handler(application: App, secret: str | None) -> Handler:
    """POST from Telegram: the secret header checked, the update queued for the application, 200 at once."""
    expected = (secret or "").encode()

    async def receive(request: web.Request) -> web.Response:
        if secret and not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), expected):
            log.warning("telegram webhook: wrong or missing secret token from %s", request.remote)
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        await application.update_queue.put(update)
        return web.Response(status=200)

    return receive


async def _start_fetching(application: App, config: Config, routes: Routes | None) -> Route | None:
    """Polling, or the webhook mounted on the web server (returned, to unmount on stop)."""
    updater = application.updater
    assert updater is not None
    telegram = config.telegram
    if telegram.mode != "webhook":
        await updater.start_polling(poll_interval=0.0, timeout=10, allowed_updates=ALLOWED_UPDATES)
        return None
    hook = telegram.webhook
    if routes is None:
        raise ConfigError("telegram: webhook mode needs the web server (web.listen, web.port)")
    if not hook.secret_token:
        log.warning("telegram.webhook.secret_token is not set: anyone can post fake updates")
    route = Route(webhook_path(config), webhook_handler(application, hook.secret_token), CHANNEL)
    routes.mount(route)  # before setWebhook, so the first update finds it
    try:
        await application.bot.set_webhook(url=hook.url or "", secret_token=hook.secret_token,
                                          allowed_updates=ALLOWED_UPDATES)
    except BaseException:
        routes.unmount(route.path, CHANNEL)
        raise
    log.info("telegram: webhook answering on %s of the web server", route.path)
    return route


@asynccontextmanager
async def serving(application: App, config: Config, routes: Routes | None = None) -> AsyncIterator[App]:
    """Initialise, start fetching updates (polling or webhook), and stop cleanly on exit."""
    if config.telegram.mode == "webhook" and not config.telegram.webhook.url:
        raise ConfigError("telegram.webhook.url: required in webhook mode (the public HTTPS address)")
    updater = application.updater
    assert updater is not None
    await _initialize(application, config)
    try:
        if application.post_init is not None:
            await application.post_init(application)
        route = await _start_fetching(application, config, routes)
        await application.start()
        log.info("telegram: serving @%s by %s", application.bot.username, config.telegram.mode)
        try:
            yield application
        finally:
            if route is not None and routes is not None:
                routes.unmount(route.path, CHANNEL)
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


async def run(services: Services, engine: Engine) -> None:
    """Serve Telegram until cancelled, beside the other channels in the same event loop."""
    # httpx logs every request URL at INFO, and the URL carries the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    application = build_application(services, engine)
    async with serving(application, services.config, services.routes):
        await asyncio.Event().wait()
