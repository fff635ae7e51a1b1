"""Signed, expiring links: a report download or a coordinator's dashboard, for one area only.

A token is an itsdangerous timed signature (HMAC-SHA256 with ``web.secret``) over a small JSON claim; the
salt differs per kind, so a dashboard token never opens a download. A changed token is refused (403), an old
one is gone (410). Each use checks again that the person still coordinates the area.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from bot.core.config import WebConfig
from bot.core.routes import Link
from storage import areas, people, teams
from storage.areas import Area
from storage.db import Database
from storage.people import Person

REPORT, DASHBOARD = "report", "dashboard"
PATHS = {REPORT: "r", DASHBOARD: "d"}
Clock = Callable[[], datetime]


class Tampered(Exception):
    """The token was changed, cut, or signed with another secret."""


class Expired(Exception):
    """The token was genuine but its time is up."""


@dataclass(frozen=True)
class Claim:
    """What a token grants: KIND of page for AREA, asked for by PERSON, in LOCALE (and a report's PERIOD)."""

    kind: str
    area: str
    person: int
    locale: str
    period: str = ""


def _signer(clock: Clock) -> type[TimestampSigner]:
    class ClockSigner(TimestampSigner):
        """Reads the service clock, so tests and the bot agree on what "now" is."""

        def get_timestamp(self) -> int:
            return int(clock().timestamp())

    return ClockSigner


class Links:
    """Signs and checks tokens; builds the public addresses the bot sends."""

    def __init__(self, config: WebConfig, clock: Clock = lambda: datetime.now(UTC)) -> None:
        if not config.secret:
            raise ValueError("web.secret is not set")
        self.config, self.clock = config, clock
        self._serializers = {
            kind: URLSafeTimedSerializer(config.secret, salt=f"tcns-{kind}", signer=_signer(clock),
                                         signer_kwargs={"digest_method": hashlib.sha256})
            for kind in PATHS
        }
        self.lifetime = {REPORT: timedelta(hours=config.link_hours), DASHBOARD: timedelta(days=config.dashboard_days)}

    def token(self, claim: Claim) -> str:
        body: dict[str, Any] = {"a": claim.area, "u": claim.person, "l": claim.locale}
        if claim.period:
            body["p"] = claim.period
        return str(self._serializers[claim.kind].dumps(body))

    def link(self, claim: Claim) -> Link:
        base = self.config.public_url or ""
        return Link(f"{base}/{PATHS[claim.kind]}/{self.token(claim)}", self.clock() + self.lifetime[claim.kind])

    def check(self, kind: str, token: str) -> Claim:
        """The claim of a genuine, unexpired token of KIND; raises Tampered or Expired."""
        serializer = self._serializers[kind]
        try:
            body = serializer.loads(token, max_age=int(self.lifetime[kind].total_seconds()))
        except SignatureExpired as exc:
            raise Expired(str(exc)) from None
        except (BadSignature, UnicodeDecodeError, ValueError) as exc:
            raise Tampered(str(exc)) from None
        try:
            return Claim(kind, str(body["a"]), int(body["u"]), str(body.get("l", "vi")), str(body.get("p", "")))
        except (KeyError, TypeError, ValueError):
            raise Tampered("claim without its fields") from None

    def signed_at(self, kind: str, token: str) -> datetime:
        """When a token (already checked) was signed."""
        _, moment = self._serializers[kind].loads(token, return_timestamp=True)
        return moment if isinstance(moment, datetime) else datetime.fromtimestamp(moment, UTC)

    def report_link(self, person: Person, area_code: str, period_key: str) -> Link:
        """The ``ReportLink`` hook features call on channels that cannot carry files."""
        return self.link(Claim(REPORT, area_code, person.id, person.locale, period_key))


async def allowed_area(db: Database, claim: Claim, admins: tuple[str, ...]) -> Area | None:
    """The claim's area when its person may still see it (an admin, or a coordinator covering it)."""
    area = await areas.get_area(db, claim.area)
    person = await people.get_person(db, claim.person)
    if area is None or person is None:
        return None
    if person.identity in admins:
        return area
    codes = await teams.coordinator_areas(db, person.id)
    return area if any(area.within(code) for code in codes) else None
