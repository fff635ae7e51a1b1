"""Zalo OA webhook bodies in the documented shape, and their ``X-ZEvent-Signature``.

Written from the wire format (app_id, sender/recipient or follower/oa_id, event_name, message with msg_id
and attachments, timestamp in milliseconds as a string); the MAC is SHA-256 of app_id + raw body +
timestamp + the OA secret key, in hex, sent as ``mac=<hex>``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

JSON = dict[str, Any]


def millis(moment: datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def user_event(app_id: str, oa_id: str, user: str, at: datetime, event: str = "user_send_text", *,
               text: str | None = None, attachments: list[JSON] | None = None, msg_id: str | None = None) -> JSON:
    """Something a person sent to an OA (``user_send_*``)."""
    message: JSON = {"msg_id": msg_id or uuid.uuid4().hex}
    if text is not None:
        message["text"] = text
    if attachments is not None:
        message["attachments"] = attachments
    return {"app_id": app_id, "user_id_by_app": f"app-{user}", "event_name": event, "timestamp": millis(at),
            "sender": {"id": user}, "recipient": {"id": oa_id}, "message": message}


def follow_event(app_id: str, oa_id: str, user: str, at: datetime, event: str = "follow") -> JSON:
    """``follow`` / ``unfollow``: the person is in ``follower``, the OA in ``oa_id``."""
    return {"app_id": app_id, "oa_id": oa_id, "user_id_by_app": f"app-{user}", "event_name": event,
            "source": "oa_profile", "follower": {"id": user}, "timestamp": millis(at)}


def chatnow_event(app_id: str, oa_id: str, user: str, at: datetime) -> JSON:
    """``user_click_chatnow``: the "Nhắn tin" button on the OA's page; no message."""
    return {"app_id": app_id, "oa_id": oa_id, "user_id": user, "user_id_by_app": f"app-{user}",
            "event_name": "user_click_chatnow", "timestamp": millis(at)}


def attachment(kind: str, **payload: Any) -> JSON:
    return {"type": kind, "payload": payload}


def sign(app_id: str, raw: bytes, timestamp: str, secret_key: str) -> str:
    return "mac=" + hashlib.sha256(app_id.encode() + raw + timestamp.encode() + secret_key.encode()).hexdigest()


def signed(body: JSON, secret_key: str) -> tuple[bytes, dict[str, str]]:
    """The raw bytes Zalo would post and the headers, signature included."""
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json",
               "X-ZEvent-Signature": sign(str(body["app_id"]), raw, str(body["timestamp"]), secret_key)}
    return raw, headers
