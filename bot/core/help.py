"""/help that fits the person: each package lists what it offers per role, a person sees their roles' lines.

Packages declare their lines (``HelpLine``) in their own ``help_lines.py``; the app hands them all to
``feature``. Roles: everyone is a resident; members are in a team; coordinators have an area; admins are
listed in the config (and may do what coordinators do).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Choice, Reply
from storage import teams

ROLES = ("resident", "member", "coordinator", "admin")

T = Catalog({
    "title": {"vi": "ℹ️ {You} có thể dùng:", "en": "ℹ️ What you can do:"},
    "resident": {"vi": "👤 Mọi người", "en": "👤 Everyone"},
    "member": {"vi": "🧑‍💻 Thành viên tổ công nghệ số", "en": "🧑‍💻 Digital team members"},
    "coordinator": {"vi": "🏛️ Cán bộ điều phối xã, tỉnh", "en": "🏛️ Commune and province coordinators"},
    "admin": {"vi": "🔧 Quản trị hệ thống", "en": "🔧 System administrators"},
    "typos": {
        "vi": "Gõ nhầm tên lệnh cũng không sao: {me} sẽ hỏi lại lệnh gần đúng nhất.",
        "en": "A mistyped command is fine: I will suggest the closest one.",
    },
    "btn_menu": {"vi": "📋 Danh mục hướng dẫn", "en": "📋 Guide menu"},
})


@dataclass(frozen=True)
class HelpLine:
    """One line of /help: a command with its arguments ("/ghi việc, cho ai") or "" for a plain tip."""

    role: str
    command: str
    vi: str
    en: str = ""

    def render(self, locale: str) -> str:
        text = self.en if locale == "en" and self.en else self.vi
        return f"• {self.command} — {text}" if self.command else f"• {text}"


async def roles_of(turn: Turn) -> list[str]:
    """The roles of the person in TURN, in the order /help shows them."""
    found = ["resident"]
    if await teams.active_team(turn.db, turn.person.id) is not None:
        found.append("member")
    if turn.is_admin or await teams.coordinator_areas(turn.db, turn.person.id):
        found.append("coordinator")
    if turn.is_admin:
        found.append("admin")
    return found


def feature(lines: Sequence[HelpLine]) -> Feature:
    """The /help command (also /huongdan, /trogiup) over LINES."""
    unknown = {line.role for line in lines} - set(ROLES)
    if unknown:
        raise ValueError(f"help lines for unknown roles: {sorted(unknown)}")

    async def show_help(turn: Turn, arg: str) -> list[Reply]:
        loc, voice = turn.locale, turn.voice
        roles = await roles_of(turn)
        parts = [T(voice, "title")]
        for role in roles:
            mine = [line.render(loc) for line in lines if line.role == role]
            if mine:
                parts.append("\n".join([T(loc, role), *mine]) if len(roles) > 1 else "\n".join(mine))
        parts.append(T(voice, "typos"))
        return [Reply("\n\n".join(parts), (Choice(T(loc, "btn_menu"), "m"),))]

    return Feature(commands={"help": show_help, "huongdan": show_help, "trogiup": show_help})
