"""People: one row per (channel, user id), created on first contact."""

from __future__ import annotations

from dataclasses import dataclass, fields

from storage.db import Database, Row


@dataclass(frozen=True)
class Person:
    id: int
    channel: str
    user_id: str
    chat_id: str
    display_name: str
    locale: str
    role: str
    village_code: str | None
    created_at: str
    last_seen_at: str
    address_as: str | None = None  # how they asked to be called ('bac', 'co', …); None = neutral
    announcements_off_at: str | None = None  # when they turned broadcasts off; None = they receive them

    @property
    def identity(self) -> str:
        return f"{self.channel}:{self.user_id}"


_COLUMNS = ("id, channel, user_id, chat_id, display_name, locale, role, village_code, created_at, last_seen_at,"
            " address_as, announcements_off_at")


_FIELDS = tuple(f.name for f in fields(Person))


def person_from(row: Row) -> Person:
    return Person(**{key: row[key] for key in _FIELDS})


NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
# Someone known: refresh where to answer them (a blank name keeps the one we have); they wrote, so they
# can be reached again.
TOUCH = (
    "UPDATE people SET chat_id = ?, display_name = CASE WHEN ? = '' THEN display_name ELSE ? END,"
    f" last_seen_at = {NOW}, unreachable_at = NULL WHERE channel = ? AND user_id = ? RETURNING {_COLUMNS}"
)
CREATE = (
    "INSERT INTO people (channel, user_id, chat_id, display_name, locale) VALUES (?, ?, ?, ?, ?)"
    f" ON CONFLICT (channel, user_id) DO NOTHING RETURNING {_COLUMNS}"
)


def touch_params(channel: str, user_id: str, chat_id: str, display_name: str) -> tuple[str, ...]:
    return (chat_id, display_name[:100], display_name[:100], channel, user_id)


def create_params(channel: str, user_id: str, chat_id: str, display_name: str, locale: str) -> tuple[str, ...]:
    return (channel, user_id, chat_id, display_name[:100], locale)


async def touch_person(
    db: Database, channel: str, user_id: str, chat_id: str, display_name: str, locale: str
) -> tuple[Person, bool]:
    """Create or refresh the person; returns (person, created)."""
    # Single statements, one thread hop each, the common case (someone known) first: this runs on
    # every turn, and the engine's per-person lock already keeps one person's turns apart.
    for _ in range(2):  # a second pass only if someone else created the row in between
        rows = await db.returning(TOUCH, touch_params(channel, user_id, chat_id, display_name))
        if rows:
            return person_from(rows[0]), False
        rows = await db.returning(CREATE, create_params(channel, user_id, chat_id, display_name, locale))
        if rows:
            return person_from(rows[0]), True
    raise RuntimeError(f"person {channel}:{user_id} could be neither updated nor created")


async def get_person(db: Database, person_id: int) -> Person | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM people WHERE id = ?", (person_id,))
    return person_from(row) if row else None


async def find_person(db: Database, channel: str, user_id: str) -> Person | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM people WHERE channel = ? AND user_id = ?", (channel, user_id)
    )
    return person_from(row) if row else None


async def set_locale(db: Database, person_id: int, locale: str) -> None:
    await db.write_later("UPDATE people SET locale = ? WHERE id = ?", (locale, person_id))


async def set_role(db: Database, person_id: int, role: str) -> None:
    await db.execute("UPDATE people SET role = ? WHERE id = ?", (role, person_id))


async def set_village(db: Database, person_id: int, village_code: str | None) -> None:
    await db.execute("UPDATE people SET village_code = ? WHERE id = ?", (village_code, person_id))


async def set_address(db: Database, person_id: int, address_as: str | None) -> None:
    await db.write_later("UPDATE people SET address_as = ? WHERE id = ?", (address_as, person_id))
