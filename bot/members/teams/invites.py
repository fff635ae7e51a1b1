"""Invite codes: random, easy to type on a phone, stored only as a hash, expiring and limited in uses."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.flows import iso
from storage import teams
from storage.db import Database
from storage.teams import Invite, Team

# No 0/O, 1/I/L: nothing to confuse when a code is read aloud or copied from paper. 31 symbols, 8 of them:
# about 8.5e11 codes, so with 5 tries per 15 minutes a guess essentially never lands.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
DEFAULT_DAYS = 7
DEFAULT_USES = 1
MAX_DAYS = 90
MAX_USES = 50
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def new_code() -> str:
    """'K7PM-3QXA': two groups of four, never a group of digits only (it would look like an OTP)."""
    while True:
        raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        halves = raw[:4], raw[4:]
        if not any(h.isdigit() for h in halves):
            return "-".join(halves)


def canonical(text: str) -> str:
    """What the person typed, upper case, without spaces or dashes: 'k7pm 3qxa' → 'K7PM3QXA'."""
    return _NOT_CODE.sub("", text.upper())


def code_hash(code: str) -> str:
    return hashlib.sha256(canonical(code).encode("ascii", "ignore")).hexdigest()


async def create(
    db: Database, team: Team, created_by: str, now: datetime, days: int = DEFAULT_DAYS, uses: int = DEFAULT_USES
) -> tuple[str, Invite]:
    """A new code for TEAM; only its hash is stored. Returns (code, invite)."""
    if not 1 <= days <= MAX_DAYS or not 1 <= uses <= MAX_USES:
        raise ValueError(f"days must be 1–{MAX_DAYS} and uses 1–{MAX_USES}")
    code = new_code()
    invite = await teams.create_invite(db, code_hash(code), team.id, created_by, iso(now + timedelta(days=days)),
                                       uses)
    return code, invite


@dataclass(frozen=True)
class JoinResult:
    """outcome: ok, already, wrong, expired, used, revoked, or limited (too many wrong codes)."""

    outcome: str
    team: Team | None = None
    previous: Team | None = None
    wait_minutes: int = 0


async def join(db: Database, person_id: int, typed: str, now: datetime) -> JoinResult:
    """Use a code: refused while the person has MAX_FAILURES failures in the last FAILURE_WINDOW."""
    failures, first = await teams.failed_joins_since(db, person_id, iso(now - FAILURE_WINDOW))
    if failures >= MAX_FAILURES and first is not None:
        opens = datetime.fromisoformat(first) + FAILURE_WINDOW
        return JoinResult("limited", wait_minutes=max(1, math.ceil((opens - now).total_seconds() / 60)))
    done = await teams.redeem_invite(db, code_hash(typed), person_id, iso(now))
    return JoinResult(done.outcome, done.team, done.previous)
