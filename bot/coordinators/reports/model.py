"""What a report holds: village rows (None = no data), breakdowns, progress against targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.coordinators.reports.period import Period
from storage.areas import Area

SKILL_GROUPS = (
    "identity", "public_services", "online_shopping", "online_payment", "online_safety", "other_platform", "other",
)
LOW_COVERAGE = 0.3  # below this share of households reached a village is listed as needing attention


@dataclass(frozen=True)
class Row:
    """One village (or commune team) — or the total. None means "no data" and is shown as "—"."""

    code: str
    name: str
    commune: str
    teams: int = 0
    members: int = 0
    active_members: int = 0
    reported: bool = False
    assists: int | None = None
    assists_self: int | None = None
    assists_for_them: int | None = None
    people: int | None = None
    households: int | None = None  # reached for the first time in the period
    groups: dict[str, int] = field(default_factory=dict)  # assists per skill group (empty: not reported)
    sessions: int | None = None
    attendees: int | None = None
    assists_cum: int | None = None
    households_cum: int | None = None
    sessions_cum: int | None = None
    attendees_cum: int | None = None
    households_total: int | None = None
    adults: int | None = None
    coverage: float | None = None
    targets: dict[str, int] = field(default_factory=dict)
    help_opened: int = 0
    help_closed: int = 0
    residents: int = 0
    flags: tuple[str, ...] = ()

    def cum(self, indicator: str) -> int | None:
        value: int | None = getattr(self, f"{indicator}_cum")
        return value

    def percent(self, indicator: str) -> float | None:
        target, done = self.targets.get(indicator), self.cum(indicator)
        return None if not target or done is None else done / target


@dataclass(frozen=True)
class SkillLine:
    group: str
    self_done: int
    for_them: int
    people: int

    @property
    def total(self) -> int:
        return self.self_done + self.for_them


@dataclass(frozen=True)
class GuideLine:
    guide_id: str | None
    group: str
    self_done: int
    for_them: int

    @property
    def total(self) -> int:
        return self.self_done + self.for_them


@dataclass(frozen=True)
class MemberLine:
    member_id: int
    name: str
    team: str
    self_done: int
    for_them: int
    sessions: int
    attendees: int


@dataclass(frozen=True)
class Progress:
    """Area-wide progress on one indicator against the summed targets of the villages that have one."""

    indicator: str
    target: int
    done: int
    ends: date  # the day after the target period
    days_left: int

    @property
    def percent(self) -> float:
        return self.done / self.target if self.target else 0.0

    @property
    def remaining(self) -> int:
        return max(self.target - self.done, 0)

    @property
    def per_week(self) -> float | None:
        return self.remaining * 7 / self.days_left if self.days_left > 0 and self.remaining else None


@dataclass(frozen=True)
class Totals:
    """The headline figures of a window, for "change vs the previous period"."""

    assists: int | None
    households: int | None
    sessions: int | None
    attendees: int | None
    residents: int
    help_opened: int


@dataclass(frozen=True)
class Report:
    area: Area
    period: Period
    through: date  # data up to (excluding) this local day: the period end, or tomorrow while it runs
    compared: Period
    cum_start: date
    target_period: str | None
    generated_at: datetime
    rows: tuple[Row, ...]
    total: Row
    teams: int
    teams_active: int
    by_skill: tuple[SkillLine, ...]
    by_guide: tuple[GuideLine, ...]
    by_member: tuple[MemberLine, ...]
    help_median_hours: float | None
    guides_started: int
    guides_finished: int
    dropoff: tuple[str, int, int] | None  # guide id, last step shown, people who stopped there
    previous: Totals
    progress: tuple[Progress, ...]

    @property
    def villages(self) -> int:
        return len(self.rows)

    @property
    def villages_reported(self) -> int:
        return sum(r.reported for r in self.rows)

    @property
    def running(self) -> bool:
        return self.through < self.period.end
