"""Finding "bạn"/"mình" used as pronouns in what a resident reads, apart from labels and friends."""

from __future__ import annotations

import re

# Quoted app labels and on-screen text stay as the app shows them ("Bạn đang có thông tin chờ xác nhận…");
# a label cut short on a button ("Máy báo "Tài khoản của bạn…") is still a label up to the line's end.
QUOTED = re.compile(r'"[^"\n]*"|«[^»\n]*»|"[^"\n]*$', re.MULTILINE)
# Words that hold "bạn" without meaning "you": a friend list, adding a contact on Zalo.
NOT_PRONOUNS = re.compile(r"\b(?:bạn bè|kết bạn)\b", re.IGNORECASE)
PRONOUN = re.compile(r"\b(?:bạn|mình)\b", re.IGNORECASE)


def bare_pronouns(text: str) -> list[str]:
    """The "bạn"/"mình" in TEXT that speak to or for someone."""
    return PRONOUN.findall(NOT_PRONOUNS.sub("", QUOTED.sub("", text)))
