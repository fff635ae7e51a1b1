"""The weekly digest: last week's figures to each coordinator, once per week, with an off switch."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.data import build_report
from bot.coordinators.reports.period import Period
from bot.coordinators.reports.scope import coordinator_scope
from bot.coordinators.reports.text import digest_lines
from bot.core import jobs
from bot.core.engine import Engine, Services, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Address, Reply
from bot.core.normalize import fold
from storage import areas, baselines

CHECK_EVERY = 60.0  # seconds between checks; a digest goes out within a minute of its time

T = Catalog({
    "title": {"vi": "🗓 TÓM TẮT TUẦN {start} – {end}", "en": "🗓 WEEKLY SUMMARY {start} – {end}"},
    "footer": {"vi": "Gõ /baocao để xem đầy đủ · /tomtat off để tắt tin tóm tắt hằng tuần.",
               "en": "Type /report for the full report · /digest off to stop the weekly summary."},
    "on": {"vi": "🔔 Tin tóm tắt hằng tuần đang bật: gửi vào {day} lúc {time}. Gõ /tomtat off để tắt.",
           "en": "🔔 The weekly summary is on: sent on {day} at {time}. Type /digest off to stop it."},
    "off": {"vi": "🔕 Tin tóm tắt hằng tuần đang tắt. Gõ /tomtat on để bật lại.",
            "en": "🔕 The weekly summary is off. Type /digest on to turn it back on."},
    "system_off": {"vi": "(Hiện hệ thống đang tạm dừng gửi tin tóm tắt cho mọi người.)",
                   "en": "(The system has paused weekly summaries for everyone.)"},
    "usage": {"vi": "Gõ /tomtat on để bật hoặc /tomtat off để tắt tin tóm tắt hằng tuần.",
              "en": "Type /digest on or /digest off for the weekly summary."},
    "weekdays": {"vi": "thứ Hai|thứ Ba|thứ Tư|thứ Năm|thứ Sáu|thứ Bảy|Chủ nhật",
                 "en": "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"},
})
_OFF = {"off", "tat", "ngung", "dung", "stop"}
_ON = {"on", "bat", "mo", "start"}


async def command(turn: Turn, args: str) -> list[Reply]:
    """/digest [on|off]: show or change the person's weekly digest setting."""
    scope, refusal = await coordinator_scope(turn)
    if scope is None:
        return refusal
    loc, word = turn.locale, fold(args.strip())
    if word in _OFF:
        await baselines.set_digest(turn.db, turn.person.id, False)
    elif word in _ON:
        await baselines.set_digest(turn.db, turn.person.id, True)
    elif word:
        return [Reply(T(loc, "usage"))]
    settings = turn.services.config.digest
    if not await baselines.digest_enabled(turn.db, turn.person.id):
        return [Reply(T(loc, "off"))]
    text = T(loc, "on", day=T(loc, "weekdays").split("|")[settings.weekday], time=settings.time)
    return [Reply(text if settings.enabled else f"{text}\n{T(loc, 'system_off')}")]


def due_week(services: Services, now: datetime) -> date | None:
    """Monday of the week to summarise, once this week's digest time has passed; None before it."""
    settings = services.config.digest
    local = now.astimezone(services.config.tz)
    monday = local.date() - timedelta(days=local.weekday())
    hour, minute = (int(part) for part in settings.time.split(":"))
    moment = datetime.combine(monday + timedelta(days=settings.weekday), time(hour, minute),
                              tzinfo=services.config.tz)
    return monday - timedelta(days=7) if local >= moment else None


async def compose(services: Services, area_codes: tuple[str, ...], week: date, locale: str, now: datetime) -> str:
    """The digest text for one coordinator: a few lines per area they coordinate."""
    period = Period(week, week + timedelta(days=7), "week")
    parts = [T(locale, "title", start=f"{week:%d/%m}", end=f"{period.last:%d/%m/%Y}")]
    for code in area_codes:
        area = await areas.get_area(services.db, code)
        if area is None:
            continue
        report = await build_report(services.db, area, period, services.config.tz, now)
        label = await area_lookup.describe(services.db, area)
        parts.append("\n".join(digest_lines(report, label, locale)))
    parts.append(T(locale, "footer"))
    return "\n\n".join(parts)


async def tick(services: Services, engine: Engine, now: datetime) -> int:
    """Send every digest that is due at NOW and not sent yet; returns how many went out.

    The week is recorded before sending, so a crash or a second process never sends it twice (a crash
    between the two loses that one digest instead)."""
    if not services.config.digest.enabled:
        return 0
    week = due_week(services, now)
    if week is None:
        return 0
    sent = 0
    for person in await baselines.digest_recipients(services.db, week.isoformat()):
        if not await baselines.claim_digest(services.db, person.person_id, week.isoformat()):
            continue
        text = await compose(services, person.area_codes, week, person.locale, now)
        await engine.deliver(Address(person.channel, person.user_id, person.chat_id), Reply(text))
        sent += 1
    return sent


async def worker(services: Services, engine: Engine) -> None:
    """Check for due digests every minute, for as long as the bot runs."""

    async def round_() -> str | None:
        count = await tick(services, engine, services.clock())
        return f"sent to {count} coordinator(s)" if count else None

    await jobs.every(services, CHECK_EVERY, "weekly digest", round_)
