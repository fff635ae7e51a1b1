"""Photos of error screens and voice notes: the fix, a person, and never a kept ID card (console, real OCR)."""

from __future__ import annotations

from pathlib import Path

import pytest
from screenshots import error_dialog, id_card, noise

from bot.channels.console import ConsoleChannel
from bot.core.config import Config
from bot.core.engine import Services
from bot.core.messages import Kind
from bot.core.normalize import fold
from bot.core.ocr import TesseractReader
from bot.residents.screen_errors import shown_errors
from storage import media

needs_ocr = pytest.mark.skipif(not TesseractReader().available(),
                               reason="tesseract-ocr and tesseract-ocr-vie are not installed")


def screen_errors(services: Services) -> list[tuple[str, str]]:
    """(guide id, error text) for every error the guides say a screen shows."""
    return [(g.id, q) for g in services.library.current.guides.values()
            for t in g.troubleshooting for q in shown_errors(t)]


async def count(services: Services, sql: str, *params: object) -> int:
    row = await services.db.fetchone(sql, params)
    assert row is not None
    return int(row[0])


@needs_ocr
async def test_a_photo_of_an_error_screen_gets_its_fix(console: ConsoleChannel, services: Services,
                                                       tmp_path: Path) -> None:
    errors = screen_errors(services)
    assert len(errors) >= 10, "the guides quote too few on-screen errors to test with"
    right = 0
    for index, (_, error) in enumerate(errors):
        photo = tmp_path / f"screen-{index}.jpg"
        photo.write_bytes(error_dialog(f"{error}. Vui lòng thử lại sau.", seed=index))
        out = await console.send_file(photo, Kind.PHOTO, user=f"r{index}")
        said = out.split("Màn hình báo «", 1)[1].split("»", 1)[0] if "Màn hình báo «" in out else ""
        right += fold(said) == fold(error)
    assert right / len(errors) >= 0.9, f"{right} of {len(errors)} screenshots got the right fix"


@needs_ocr
async def test_the_fix_offers_its_guide_and_a_person_with_the_photo(console: ConsoleChannel, services: Services,
                                                                   tmp_path: Path) -> None:
    error = next(e for _, e in screen_errors(services) if "bảo trì" in e)
    photo = tmp_path / "maintenance.jpg"
    photo.write_bytes(error_dialog(error, seed=3))
    out = await console.send_file(photo, Kind.PHOTO)
    assert f"Màn hình báo «{error}»" in out and "cách xử lý" in out
    actions = [c.action for c in console.choices()]
    assert actions[0].startswith("g:") and actions[1].startswith("h:")
    await console.press(actions[1])
    request = await services.db.fetchone("SELECT id FROM help_requests")
    assert request is not None
    assert await media.attachments(services.db, request["id"]) == [media.Attachment("photo", str(photo))]


@needs_ocr
async def test_an_id_card_photo_is_refused_and_nothing_of_it_is_kept(console: ConsoleChannel, services: Services,
                                                                     config: Config, tmp_path: Path) -> None:
    photo = tmp_path / "card.jpg"
    photo.write_bytes(id_card("001234567890"))
    out = await console.send_file(photo, Kind.PHOTO)
    assert "không lưu ảnh này" in out
    assert "Nhờ tổ" not in out  # nothing to forward either
    await console.press("h:")  # even asking for help right after attaches nothing
    assert await count(services, "SELECT count(*) FROM help_request_attachments") == 0
    if config.database.sqlite_path:  # every byte on disk; on PostgreSQL the count above is the whole story
        stored = b"".join(p.read_bytes() for p in Path(config.database.sqlite_path).parent.glob("bot.db*"))
        assert b"001234567890" not in stored and str(photo).encode() not in stored


async def test_a_caption_with_an_otp_is_refused_before_reading(console: ConsoleChannel, services: Services,
                                                              tmp_path: Path) -> None:
    photo = tmp_path / "otp.jpg"
    photo.write_bytes(noise())
    incoming_caption = "mã OTP của tôi là 482913"
    out = await console.send_file(photo, Kind.PHOTO, caption=incoming_caption)
    assert "không lưu ảnh này" in out
    assert await count(services, "SELECT count(*) FROM help_requests") == 0


@needs_ocr
async def test_a_photo_without_a_known_error_is_offered_to_a_person(console: ConsoleChannel, services: Services,
                                                                    tmp_path: Path) -> None:
    await console.say("/start")
    photo = tmp_path / "blur.jpg"
    photo.write_bytes(noise(7))
    out = await console.send_file(photo, Kind.PHOTO)
    assert "chưa nhận ra lỗi" in out
    assert console.choices()[0].action == "h:"
    out = await console.say("1")  # typed by habit: the first choice is the team
    request = await services.db.fetchone("SELECT id FROM help_requests")
    assert request is not None, out
    assert [a.kind for a in await media.attachments(services.db, request["id"])] == ["photo"]
    await services.db.execute("UPDATE help_requests SET status = 'closed' WHERE id = ?", (request["id"],))
    assert await media.attachments(services.db, request["id"]) == []  # forgotten once the request is closed


async def test_without_ocr_a_photo_still_reaches_a_person(console: ConsoleChannel, services: Services,
                                                         tmp_path: Path) -> None:
    services.ocr = None  # as on a server without tesseract
    photo = tmp_path / "screen.jpg"
    photo.write_bytes(error_dialog("Hệ thống đang bảo trì"))
    out = await console.send_file(photo, Kind.PHOTO)
    assert "chưa nhận ra lỗi" in out and console.choices()[0].action == "h:"


async def test_a_voice_note_is_offered_to_a_person_with_the_recording(console: ConsoleChannel,
                                                                      services: Services, tmp_path: Path) -> None:
    note = tmp_path / "note.ogg"
    note.write_bytes(b"OggS fake voice")
    await console.press("g:vneid-install:2")
    out = await console.send_file(note, Kind.VOICE)
    assert "chưa nghe được tin nhắn thoại" in out
    assert console.choices()[0].action == "h:vneid-install:2"
    await console.press("h:vneid-install:2")
    request = await services.db.fetchone("SELECT id, guide_id, step FROM help_requests")
    assert request is not None and (request["guide_id"], request["step"]) == ("vneid-install", 2)
    assert await media.attachments(services.db, request["id"]) == [media.Attachment("voice", str(note))]


class WordsRecognizer:
    """Stands in for an operator's speech model: what was 'said' is in the file."""

    def __init__(self) -> None:
        self.heard: list[bytes] = []

    async def transcribe(self, audio: bytes, mime: str | None) -> str:
        self.heard.append(audio)
        return audio.decode()


async def test_a_plugged_in_recogniser_turns_voice_notes_into_questions(console: ConsoleChannel,
                                                                        services: Services, tmp_path: Path) -> None:
    recognizer = WordsRecognizer()
    services.recognizer = recognizer
    note = tmp_path / "q.ogg"
    note.write_text("làm sao cài vneid", encoding="utf-8")
    out = await console.send_file(note, Kind.VOICE)
    assert "VNeID" in out and "chưa nghe được" not in out
    secret = tmp_path / "s.ogg"
    secret.write_text("mã otp là 482913", encoding="utf-8")
    out = await console.send_file(secret, Kind.VOICE)
    assert "không lưu" in out
    assert len(recognizer.heard) == 2
