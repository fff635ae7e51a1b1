"""Admins grant and revoke the coordinator role for a commune or province: /grant, /revoke and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.areas import lookup as area_lookup
from bot.core import access
from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Address, Reply
from storage import areas, people, teams
from storage import roles as role_store
from storage.db import Database
from storage.people import Person

CHANNELS = ("telegram", "zalo", "zalo_oa", "console")

T = Catalog({
    "usage_grant": {
        "vi": "Cách dùng: /grant <kênh:mã người dùng> <mã xã hoặc tỉnh>\nVí dụ: /grant telegram:123456789 00070",
        "en": "Usage: /grant <channel:user id> <commune or province code>\nExample: /grant telegram:123456789 00070",
    },
    "usage_revoke": {
        "vi": "Cách dùng: /revoke <kênh:mã người dùng> <mã xã hoặc tỉnh>\nVí dụ: /revoke telegram:123456789 00070",
        "en": "Usage: /revoke <channel:user id> <commune or province code>\nExample: /revoke telegram:123456789 00070",
    },
    "bad_identity": {
        "vi": "«{text}» không phải mã người dùng. Hãy viết kèm tên kênh, ví dụ telegram:123456789, zalo:ab12cd hoặc "
              "zalo_oa:<mã OA>:<mã người dùng>. Người đó gõ /id để xem mã của mình.",
        "en": "“{text}” is not a user id. Write it with its channel, e.g. telegram:123456789, zalo:ab12cd or "
              "zalo_oa:<oa id>:<user id>. The person can type /id to see theirs.",
    },
    "unknown_area": {
        "vi": "Không có địa bàn nào mang mã «{code}». Mã tỉnh có 2 chữ số, mã xã có 5 chữ số.",
        "en": "There is no area with code “{code}”. Province codes have 2 digits, commune codes 5.",
    },
    "village_area": {
        "vi": "Vai trò điều phối chỉ giao cho cấp xã hoặc tỉnh, còn «{area}» là thôn. Hãy dùng mã của xã.",
        "en": "The coordinator role is for a commune or province, and “{area}” is a village. Use the commune's code.",
    },
    "granted": {"vi": "✅ {who} giờ là cán bộ điều phối của {area}.", "en": "✅ {who} now coordinates {area}."},
    "already": {
        "vi": "{who} đã là cán bộ điều phối của {area} từ trước.", "en": "{who} already coordinates {area}.",
    },
    "revoked": {
        "vi": "✅ Đã thu hồi vai trò điều phối {area} của {who}.", "en": "✅ {who} no longer coordinates {area}.",
    },
    "not_held": {
        "vi": "{who} không phụ trách {area} nên không có gì để thu hồi.",
        "en": "{who} does not coordinate {area}, so there is nothing to revoke.",
    },
    "notice_granted": {
        "vi": "🎖 Bạn đã được giao vai trò cán bộ điều phối của {area}. Gõ /broadcast để gửi thông báo, "
              "/broadcasts để xem các thông báo đã gửi.",
        "en": "🎖 You are now a coordinator for {area}. Type /broadcast to send an announcement and /broadcasts "
              "to see those sent.",
    },
    "your_id": {
        "vi": "Mã người dùng của bạn trên kênh này là:\n{identity}\nGửi mã này cho quản trị viên khi cần được giao "
              "vai trò (ví dụ cán bộ điều phối).",
        "en": "Your user id on this channel is:\n{identity}\nGive it to an administrator when you need a role "
              "(for example coordinator).",
    },
    "notice_revoked": {
        "vi": "Vai trò cán bộ điều phối của {area} đã được thu hồi.",
        "en": "Your coordinator role for {area} has been revoked.",
    },
})


@dataclass(frozen=True)
class Outcome:
    """What a grant or revoke did (a catalog key and its values), and whom to tell."""

    key: str
    values: dict[str, str] = field(default_factory=dict)
    person: Person | None = None
    new_person: bool = False

    @property
    def ok(self) -> bool:
        return self.key in ("granted", "already", "revoked")

    def text(self, locale: str) -> str:
        return T(locale, self.key, **self.values)


def parse_identity(text: str) -> tuple[str, str] | None:
    """``telegram:123`` → ("telegram", "123"); anything else → None."""
    channel, _, user = text.strip().partition(":")
    if channel.lower() not in CHANNELS or not user or len(user) > 64 or any(c.isspace() for c in user):
        return None
    if channel.lower() == "zalo_oa" and not all(user.partition(":")[::2]):
        return None  # Zalo OA user ids exist per OA: zalo_oa:<oa_id>:<user_id>
    return channel.lower(), user


async def _resolve(db: Database, identity: str, area_code: str) -> Outcome | tuple[tuple[str, str], str]:
    parsed = parse_identity(identity)
    if parsed is None:
        return Outcome("bad_identity", {"text": identity[:40]})
    area = await areas.get_area(db, area_code.strip())
    if area is None:
        return Outcome("unknown_area", {"code": area_code[:20]})
    name = await area_lookup.describe(db, area)
    if area.level == "village":
        return Outcome("village_area", {"area": name})
    return parsed, name


async def grant(db: Database, identity: str, area_code: str, by: str) -> Outcome:
    """Make IDENTITY a coordinator of AREA_CODE (creating the person if they have not written yet)."""
    resolved = await _resolve(db, identity, area_code)
    if isinstance(resolved, Outcome):
        return resolved
    (channel, user), name = resolved
    person, created = await role_store.ensure_person(db, channel, user)
    code = area_code.strip()
    values = {"who": _who(person), "area": name}
    if code in await teams.coordinator_areas(db, person.id):
        return Outcome("already", values, person, created)
    await teams.grant_coordinator(db, person.id, code, by)
    return Outcome("granted", values, person, created)


async def revoke(db: Database, identity: str, area_code: str) -> Outcome:
    resolved = await _resolve(db, identity, area_code)
    if isinstance(resolved, Outcome):
        return resolved
    (channel, user), name = resolved
    person = await people.find_person(db, channel, user)
    if person is None:
        return Outcome("not_held", {"who": f"{channel}:{user}", "area": name})
    values = {"who": _who(person), "area": name}
    if not await teams.revoke_coordinator(db, person.id, area_code.strip()):
        return Outcome("not_held", values, person)
    return Outcome("revoked", values, person)


def _who(person: Person) -> str:
    return f"{person.identity} ({person.display_name})" if person.display_name else person.identity


async def _command(turn: Turn, arg: str, revoking: bool) -> list[Reply]:
    if not turn.is_admin:
        return [Reply(access.T(turn.locale, "not_admin"))]
    words = [w for w in arg.split() if w.lower() != "coordinator"]
    if len(words) != 2:
        return [Reply(T(turn.locale, "usage_revoke" if revoking else "usage_grant"))]
    identity, code = words
    by = turn.incoming.identity
    outcome = await (revoke(turn.db, identity, code) if revoking else grant(turn.db, identity, code, by))
    replies = [Reply(outcome.text(turn.locale))]
    target = outcome.person
    # Tell them, unless they have never written (the platform would refuse a first message from the bot).
    if target is not None and outcome.key in ("granted", "revoked") and not outcome.new_person:
        notice = T(target.locale, f"notice_{outcome.key}", area=outcome.values["area"])
        replies.append(Reply(notice, to=Address(target.channel, target.user_id, target.chat_id)))
    return replies


async def grant_command(turn: Turn, arg: str) -> list[Reply]:
    """/grant telegram:123 <area code> (alias /capquyen): admins only."""
    return await _command(turn, arg, revoking=False)


async def revoke_command(turn: Turn, arg: str) -> list[Reply]:
    """/revoke telegram:123 <area code> (alias /thuhoi): admins only."""
    return await _command(turn, arg, revoking=True)


async def show_id(turn: Turn, arg: str) -> list[Reply]:
    """/id (/ma): the channel-qualified id admins write in config or /grant (Zalo OA: zalo_oa:<oa_id>:<user_id>)."""
    return [Reply(T(turn.locale, "your_id", identity=turn.incoming.identity))]


FEATURE = Feature(commands={
    "grant": grant_command, "capquyen": grant_command, "revoke": revoke_command, "thuhoi": revoke_command,
    "id": show_id, "ma": show_id,
})
