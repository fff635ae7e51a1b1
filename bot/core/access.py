"""Who may do what where: admins from config, coordinators by area, members by team."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.engine import Turn
from bot.core.i18n import Catalog
from bot.core.messages import Reply
from storage import areas, teams
from storage.areas import Area
from storage.teams import Team

T = Catalog({
    "not_member": {
        "vi": "Chức năng này dành cho thành viên tổ công nghệ số. Nếu bạn là thành viên, hãy gõ /join kèm mã "
              "mời do cán bộ xã gửi.",
        "en": "This is for digital-team members. If you are one, type /join with the invite code from your commune.",
    },
    "not_coordinator": {
        "vi": "Chức năng này dành cho cán bộ điều phối cấp xã hoặc tỉnh. Bạn chưa được giao vai trò này.",
        "en": "This is for commune or province coordinators. You have not been given that role.",
    },
    "outside_area": {
        "vi": "Bạn không thể làm việc này cho «{area}» vì nơi này nằm ngoài địa bàn bạn phụ trách.",
        "en": "You cannot do this for “{area}”: it is outside the area you coordinate.",
    },
    "not_admin": {
        "vi": "Chỉ quản trị viên của hệ thống mới làm được việc này.",
        "en": "Only system administrators can do this.",
    },
})


@dataclass(frozen=True)
class Scope:
    """What the person in this turn may act on."""

    is_admin: bool
    team: Team | None
    area_codes: tuple[str, ...]  # areas they coordinate (communes or provinces)

    @property
    def is_coordinator(self) -> bool:
        return self.is_admin or bool(self.area_codes)

    def covers(self, area: Area) -> bool:
        """Admins cover everything; coordinators their areas and everything inside them."""
        return self.is_admin or any(area.within(code) for code in self.area_codes)


async def scope_of(turn: Turn) -> Scope:
    team = await teams.active_team(turn.db, turn.person.id)
    codes = await teams.coordinator_areas(turn.db, turn.person.id)
    return Scope(turn.is_admin, team, tuple(codes))


async def coordinator(turn: Turn) -> Scope | list[Reply]:
    """The person's scope, or the polite refusal when they coordinate nothing."""
    scope = await scope_of(turn)
    if not scope.is_coordinator:
        return [Reply(T(turn.locale, "not_coordinator"))]
    return scope


async def area_named(turn: Turn, code: str) -> Area | None:
    return await areas.get_area(turn.db, code)
