"""The guide file schema: what a guide, a category and a referral must hold, and how errors are worded."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.core.i18n import Voice, address, unknown_placeholders
from bot.residents.codes import check_code

SkillGroup = Literal[
    "identity", "public_services", "online_shopping", "online_payment", "online_safety", "other_platform"
]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Ids go into Telegram callback data (≤ 64 bytes with a prefix and a step), so keep them short.
GuideId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=24)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_placeholders(value: str) -> str:
    """The schema's check: a text may name the reader and the bot only as {you}, {me}, {You}, {Me}."""
    unknown = unknown_placeholders(value)
    if unknown:
        raise ValueError(f"unknown placeholder {', '.join(unknown)} (only {{you}}, {{me}}, {{You}}, {{Me}})")
    return value


# Texts residents read: "{You} mở ứng dụng" becomes "Bác mở ứng dụng" for someone called bác.
Addressed = Annotated[NonEmpty, AfterValidator(check_placeholders)]


class LocalText(_Model):
    """Text per language; Vietnamese is required, English falls back to it."""

    vi: Addressed
    en: Addressed | None = None

    def get(self, reader: str | Voice) -> str:
        """The text for READER: a Voice fills in its pronoun pair, a bare locale the neutral anh/chị–em
        (web pages, handouts, a member's view of a step)."""
        voice = reader if isinstance(reader, Voice) else Voice(reader)
        if voice.locale == "en" and self.en:
            return address(self.en, voice)
        return address(self.vi, replace(voice, locale="vi"))  # Vietnamese words, even under an English voice


class Step(_Model):
    text: LocalText
    warning: LocalText | None = None
    image: str | None = None


class Trouble(_Model):
    problem: LocalText
    answer: LocalText


class Urgent(_Model):
    """Shown before anything else when the question says it already happened ("lỡ đọc mã")."""

    when: list[NonEmpty] = Field(min_length=1)  # phrases residents type, with or without tones
    text: LocalText  # the first line is the action: whom to call, what to lock


class Source(_Model):
    title: NonEmpty
    url: str | None = None
    checked: date


# The keyword code printed under a guide's QR code ("Nhắn VNEID2"); typing it in any channel opens the guide.
Code = Annotated[str, AfterValidator(check_code)]


class Guide(_Model):
    id: GuideId
    code: Code | None = None
    category: NonEmpty
    skill_group: SkillGroup
    title: LocalText
    summary: LocalText
    needs: list[LocalText] = []
    warnings: list[LocalText] = []
    prerequisites: list[GuideId] = []
    aliases: list[NonEmpty] = Field(min_length=1)
    keywords: list[NonEmpty] = []
    steps: list[Step] = Field(min_length=1, max_length=12)
    troubleshooting: list[Trouble] = Field(min_length=1)
    urgent: Urgent | None = None
    sources: list[Source] = Field(min_length=1)
    reviewed: date | None = None  # when the whole guide was last read against its sources


class Category(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$", max_length=16)]
    icon: str = ""
    title: LocalText


class Categories(_Model):
    categories: list[Category] = Field(min_length=1)


class Referral(_Model):
    """A common question no guide answers (pensions, land…): which office or hotline handles it."""

    id: GuideId
    title: LocalText
    answer: LocalText
    aliases: list[NonEmpty] = Field(min_length=1)
    keywords: list[NonEmpty] = []


class Referrals(_Model):
    referrals: list[Referral] = Field(min_length=1)


_MESSAGES = {
    "missing": "required",
    "extra_forbidden": "unknown key",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "must be lower-case letters, digits and dashes",
    "too_short": "needs at least one item",
    "model_type": "must be a mapping of keys",
    "dict_type": "must be a mapping of keys",
    "list_type": "must be a list",
    "string_type": "must be text",
}


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def schema_problems(label: str, error: ValidationError) -> list[str]:
    """One line per schema error: ``file: steps[3].text.vi: required``."""
    problems = []
    for item in error.errors():
        kind = item["type"]
        message = _MESSAGES.get(kind, item["msg"].replace("Input should be", "must be"))
        if kind == "value_error":
            message = item["msg"].removeprefix("Value error, ")
        elif kind.startswith("date"):
            message = "must be a date like 2026-11-23"
        elif kind == "too_long":
            message = item["msg"].lower()
        problems.append(f"{label}: {_path(tuple(item['loc']))}: {message}")
    return problems
