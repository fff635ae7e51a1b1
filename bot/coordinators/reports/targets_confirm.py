"""/chitieu in plain words or as pasted CSV: what was understood is echoed back, and saved only on "Lưu"
(``tg:ok``); "120 hộ" read as a target can be turned into the village's own count (``tg:swap``)."""

from __future__ import annotations

from typing import Any

from bot.areas import lookup as area_lookup
from bot.coordinators.reports import targets
from bot.coordinators.reports.period import PeriodError, parse_key, parse_period, year
from bot.coordinators.reports.scope import coordinator_scope, resolve_area
from bot.coordinators.reports.targets import PAIR, Numbers, describe_numbers
from bot.coordinators.reports.targets import T as TARGETS
from bot.coordinators.reports.targets_input import check_rows, looks_like_csv, parse_plain, read_csv
from bot.core import access
from bot.core.engine import Turn
from bot.core.i18n import Catalog
from bot.core.messages import Choice, Reply
from bot.core.normalize import fold
from storage import areas, baselines

KEY = "tg"
MAX_ROWS = 300
T = Catalog({
    "echo": {"vi": "📝 Mình hiểu như sau — {village}, kỳ {period}:\n{lines}\nBấm «Lưu» nếu đúng.",
             "en": "📝 This is what I understood — {village}, {period}:\n{lines}\nPress “Save” if it is right."},
    "echo_csv": {"vi": "📝 Mình đọc được {n} dòng:\n{lines}{problems}\nBấm «Lưu» để lưu các dòng này.",
                 "en": "📝 I read {n} rows:\n{lines}{problems}\nPress “Save” to store them."},
    "problems": {"vi": "\n⚠️ Chưa đọc được (không lưu):\n{lines}", "en": "\n⚠️ Not understood (not saved):\n{lines}"},
    "no_rows": {"vi": "Mình chưa đọc được dòng nào.{problems}\nDòng đầu là tên cột, ví dụ: thon,ho,muc_tieu_ho",
                "en": "I could not read any row.{problems}\nThe first line names the columns, e.g. thon,ho,muc_tieu_ho"},
    "bad_village": {"vi": "dòng {line}: không tìm thấy thôn «{text}» trong địa bàn của bạn",
                    "en": "row {line}: village “{text}” not found in your area"},
    "bad_period": {"vi": "dòng {line}: kỳ «{text}» chưa đúng (2026, 2026-Q4, 2026-10)",
                   "en": "row {line}: period “{text}” is not valid (2026, 2026-Q4, 2026-10)"},
    "btn_save": {"vi": "✅ Lưu", "en": "✅ Save"},
    "btn_swap": {"vi": "🔁 {n} hộ là tổng số hộ của thôn", "en": "🔁 {n} is the village's number of households"},
    "btn_cancel": {"vi": "❌ Hủy", "en": "❌ Cancel"},
    "saved": {"vi": "✅ Đã lưu {n} thôn. Báo cáo sẽ tính độ phủ và % đạt theo các số này.",
              "en": "✅ Saved for {n} village(s). Reports now use these for coverage and % of target."},
    "nothing": {"vi": "Không có gì đang chờ lưu. Gõ lại /chitieu nhé.", "en": "Nothing is waiting. Type /target again."},
    "cancelled": {"vi": "Đã hủy, không lưu gì.", "en": "Cancelled; nothing was saved."},
})


async def command(turn: Turn, args: str) -> list[Reply]:
    """/chitieu: pasted CSV and plain words are echoed for confirmation; key=value and the rest as before."""
    scope, refusal = await coordinator_scope(turn)
    if scope is None:
        return refusal
    head = fold(args.strip().split(" ", 1)[0]) if args.strip() else ""
    if args.strip() and not PAIR.search(args) and head not in ("cot", "columns"):
        for reader in (pasted_csv, plain):
            replies = await reader(turn, args)
            if replies is not None:
                return replies
    return await targets.command(turn, args)


def _pending(turn: Turn) -> dict[str, Any] | None:
    found = turn.state.get(KEY)
    return found if isinstance(found, dict) and isinstance(found.get("rows"), list) else None


def _row(code: str, period_key: str, starts: str, ends: str, numbers: Numbers) -> list[Any]:
    return [code, period_key, starts, ends, numbers.households, numbers.adults, dict(numbers.targets)]


def _numbers(row: list[Any]) -> Numbers:
    return Numbers(row[4], row[5], dict(row[6]))


def _choices(turn: Turn, swap: int | None) -> tuple[Choice, ...]:
    loc = turn.locale
    extra = (Choice(T(loc, "btn_swap", n=swap), "tg:swap"),) if swap is not None else ()
    return (Choice(T(loc, "btn_save"), "tg:ok"), *extra, Choice(T(loc, "btn_cancel"), "tg:x"))


async def plain(turn: Turn, args: str) -> list[Reply] | None:
    """Plain words: None when no number with a unit is in ARGS (the caller shows what is entered)."""
    parsed = parse_plain(args)
    if parsed.numbers.empty:
        return None
    loc = turn.locale
    today = turn.services.clock().astimezone(turn.services.config.tz).date()
    try:
        period, place = parse_period(parsed.rest, today)
    except PeriodError as exc:
        return [Reply(TARGETS(loc, "bad_period", text=(exc.text or parsed.rest)[:40]))]
    period = period or year(today.year)
    found = await resolve_area(turn, place, lambda a: "", TARGETS(loc, "example"), levels=("village",),
                               buttons=False, default_own=False)
    if found.area is None:
        return found.replies
    swap = parsed.numbers.targets["households"] if parsed.bare_households else None
    turn.state[KEY] = {"rows": [_row(found.area.code, period.key, period.start.isoformat(), period.end.isoformat(),
                                     parsed.numbers)], "swap": swap}
    return [await _echo(turn)]


async def _echo(turn: Turn) -> Reply:
    pending = _pending(turn)
    assert pending is not None
    row = pending["rows"][0]
    village = await areas.get_area(turn.db, row[0])
    label = await area_lookup.describe(turn.db, village) if village else row[0]
    lines = "\n".join(describe_numbers(turn.locale, _numbers(row)))
    text = T(turn.locale, "echo", village=label, period=parse_key(row[1]).label(turn.locale), lines=lines)
    return Reply(text, _choices(turn, pending.get("swap")))


async def pasted_csv(turn: Turn, args: str) -> list[Reply] | None:
    """Rows pasted from a spreadsheet; None when ARGS is not CSV."""
    if not looks_like_csv(args):
        return None
    scope, refusal = await coordinator_scope(turn)
    if scope is None:
        return refusal
    loc = turn.locale
    today = turn.services.clock().astimezone(turn.services.config.tz).date()
    within = None if scope.is_admin else list(scope.area_codes)
    problems, ready = await check_rows(turn.db, read_csv(args)[:MAX_ROWS], within, today)
    messages = []
    for p in problems:
        if p.key in ("village", "period"):
            messages.append(T(loc, f"bad_{p.key}", line=p.line, text=str(p.values.get("text", ""))[:40]))
        else:
            messages.append(f"{p.line}: {TARGETS(loc, p.key, **p.values)}")
    listed = T(loc, "problems", lines="\n".join(f"• {m}" for m in messages)) if messages else ""
    if not ready:
        return [Reply(T(loc, "no_rows", problems=listed))]
    turn.state[KEY] = {"rows": [_row(r.village_code, r.period.key, r.period.start.isoformat(),
                                     r.period.end.isoformat(), r.numbers) for r in ready], "swap": None}
    names = await area_lookup.describe_many(turn.db, list((await areas.get_areas(
        turn.db, [r.village_code for r in ready])).values()))
    lines = [f"• {names.get(r.village_code, r.village_code)} ({r.period.label(loc)}): "
             + "; ".join(x[2:] for x in describe_numbers(loc, r.numbers)) for r in ready]
    return [Reply(T(loc, "echo_csv", n=len(ready), lines="\n".join(lines), problems=listed), _choices(turn, None))]


async def on_action(turn: Turn, arg: str) -> list[Reply]:
    """tg:ok saves what was echoed (the area checked again), tg:swap re-reads "n hộ", tg:x drops it."""
    loc = turn.locale
    pending = _pending(turn)
    if pending is None:
        return [Reply(T(loc, "nothing"))]
    if arg == "x":
        turn.state.pop(KEY, None)
        return [Reply(T(loc, "cancelled"))]
    if arg == "swap" and pending.get("swap") is not None:
        row = pending["rows"][0]
        targets = dict(row[6])
        row[4] = targets.pop("households", row[4])
        row[6] = targets
        turn.state[KEY] = {"rows": [row], "swap": None}
        return [await _echo(turn)]
    if arg != "ok":
        return [Reply(T(loc, "nothing"))]
    scope, refusal = await coordinator_scope(turn)
    if scope is None:
        return refusal
    found = await areas.get_areas(turn.db, [r[0] for r in pending["rows"]])
    for row in pending["rows"]:
        village = found.get(row[0])
        if village is None or not scope.covers(village):
            turn.state.pop(KEY, None)
            return [Reply(access.T(loc, "outside_area", area=village.name if village else row[0]))]
    for row in pending["rows"]:
        numbers = _numbers(row)
        await baselines.save_numbers(turn.db, row[0], row[1], row[2], row[3], numbers.households, numbers.adults,
                                     numbers.targets, turn.incoming.identity)
    turn.state.pop(KEY, None)
    return [Reply(T(loc, "saved", n=len(pending["rows"])))]
