"""Replies drawn for a Zalo OA: buttons five at a time, merged texts, pictures, files, long menus numbered."""

from __future__ import annotations

from pathlib import Path

from bot.channels.zalo_oa_events import BUTTON_PREFIX, parse, to_incoming
from bot.channels.zalo_oa_render import Part, message, plan
from bot.core.messages import Choice, Kind, Reply

GUIDES = Path(__file__).resolve().parents[2] / "guides"


def choices(n: int) -> tuple[Choice, ...]:
    return tuple(Choice(f"Lựa chọn {i}", f"g:guide-{i}:0") for i in range(1, n + 1))


def test_up_to_five_choices_are_buttons_on_the_text() -> None:
    parts = plan([Reply("Bạn chọn một hướng dẫn:", choices(5))], GUIDES)
    assert len(parts) == 1
    body = message(parts[0])["attachment"]["payload"]
    assert body["template_type"] == "button" and body["text"] == "Bạn chọn một hướng dẫn:"
    assert [b["type"] for b in body["buttons"]] == ["oa.query.hide"] * 5
    assert body["buttons"][0] == {"type": "oa.query.hide", "title": "Lựa chọn 1",
                                  "payload": BUTTON_PREFIX + "g:guide-1:0"}


def test_a_longer_menu_is_split_and_a_very_long_last_one_is_numbered() -> None:
    split = plan([Reply("Danh mục", choices(7))], GUIDES)
    assert [len(p.buttons) for p in split] == [5, 2] and split[1].text == "Lựa chọn khác:"
    numbered = plan([Reply("Chọn tỉnh", choices(16))], GUIDES)
    assert len(numbered) == 1 and not numbered[0].buttons
    assert "1. Lựa chọn 1\n" in (numbered[0].text or "") and "16. Lựa chọn 16" in (numbered[0].text or "")
    # Not the last menu of the turn: typed numbers would mean the newer list, so buttons it is.
    earlier = plan([Reply("Chọn tỉnh", choices(16)), Reply("Hoặc:", choices(2))], GUIDES)
    assert [len(p.buttons) for p in earlier] == [5, 5, 5, 1, 2]


def test_texts_merge_into_as_few_messages_as_possible_and_long_ones_split_cleanly() -> None:
    parts = plan([Reply("Lời chào."), Reply("Hướng dẫn:", choices(2))], GUIDES)
    assert len(parts) == 1 and parts[0].text == "Lời chào.\n\nHướng dẫn:"  # each message spends a free reply
    long = "\n".join(f"Dòng {i}: " + "chữ " * 40 for i in range(30))
    pieces = plan([Reply(long, choices(3))], GUIDES)
    assert all(len(p.text or "") <= 2000 for p in pieces) and len(pieces) >= 3
    assert pieces[-1].buttons and not pieces[0].buttons
    assert "\n".join(p.text or "" for p in pieces).count("Dòng") == 30  # nothing lost at the cuts
    labels = plan([Reply("x", (Choice("L" * 150, "m"),))], GUIDES)
    assert len(message(labels[0])["attachment"]["payload"]["buttons"][0]["title"]) == 100


def test_pictures_go_above_their_step_and_files_are_uploads(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "buoc1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    parts = plan([Reply("Bước 1", image="img/buoc1.png"), Reply("Ảnh", image="https://x.vn/a.jpg")], tmp_path)
    assert parts[0].image_path == tmp_path / "img" / "buoc1.png" and parts[1].text == "Bước 1"
    by_url = message(parts[2])["attachment"]["payload"]["elements"]
    assert by_url == [{"media_type": "image", "url": "https://x.vn/a.jpg"}]
    assert message(parts[0], "att-1")["attachment"]["payload"]["elements"] == [
        {"media_type": "image", "attachment_id": "att-1"}]
    missing = plan([Reply("Bước 2", image="img/khong-co.png"), Reply("x", image="../../etc/passwd")], tmp_path)
    assert [p.text for p in missing] == ["Bước 2\n\nx"]  # a missing picture (or one outside guides/) is skipped
    report = plan([Reply("📥 Báo cáo", document=b"PK\x03\x04data", document_name="baocao.xlsx")], tmp_path)
    assert report[0].text == "📥 Báo cáo" and report[1] == Part(file=b"PK\x03\x04data", file_name="baocao.xlsx")
    assert message(report[1], "tok-1") == {"attachment": {"type": "file", "payload": {"token": "tok-1"}}}
    huge = plan([Reply("📥", document=b"x" * (5 * 1024 * 1024 + 1), document_name="lon.xlsx")], tmp_path)
    assert "lớn hơn 5 MB" in (huge[-1].text or "") and huge[-1].file is None


def _event(name: str, message_: dict[str, object]) -> dict[str, object]:
    return {"app_id": "1", "event_name": name, "timestamp": "1763258400000", "sender": {"id": "u1"},
            "recipient": {"id": "oa1"}, "message": {"msg_id": "m1", **message_}}


def test_each_kind_of_message_reaches_the_engine_with_its_media() -> None:
    cases = {
        "user_send_image": ({"attachments": [{"type": "image", "payload": {"url": "https://z/i.jpg"}}],
                             "text": "cái này"}, Kind.PHOTO, "https://z/i.jpg"),
        "user_send_audio": ({"attachments": [{"type": "audio", "payload": {"url": "https://z/v.m4a"}}]},
                            Kind.VOICE, "https://z/v.m4a"),
        "user_send_sticker": ({"attachments": [{"type": "sticker", "payload": {"id": "s1", "url": "https://z/s"}}]},
                              Kind.STICKER, "https://z/s"),
        "user_send_file": ({"attachments": [{"type": "file", "payload": {"url": "https://z/f", "name": "don.pdf"}}]},
                           Kind.FILE, "https://z/f"),
        "user_send_location": ({"attachments": [{"type": "location", "payload": {
            "coordinates": {"latitude": "21.02", "longitude": "105.83"}}}]}, Kind.LOCATION, "geo:21.02,105.83"),
    }
    for name, (content, kind, ref) in cases.items():
        event = parse(_event(name, content))
        assert event is not None
        incoming = to_incoming(event, "99001")
        assert incoming is not None and incoming.kind == kind and incoming.media is not None, name
        assert incoming.media.ref == ref and incoming.text is None and incoming.area == "99001"
    photo = to_incoming(parse(_event("user_send_image", cases["user_send_image"][0])) or _never(), None)
    assert photo is not None and photo.media is not None and photo.media.caption == "cái này"
    pdf = to_incoming(parse(_event("user_send_file", cases["user_send_file"][0])) or _never(), None)
    assert pdf is not None and pdf.media is not None and (pdf.media.mime, pdf.media.caption) == ("application/pdf",
                                                                                                  "don.pdf")


def test_a_button_payload_is_an_action_and_the_ids_are_per_oa() -> None:
    event = parse(_event("user_send_text", {"text": BUTTON_PREFIX + "g:vneid-install:3"}))
    incoming = to_incoming(event or _never(), "99001")
    assert incoming is not None and (incoming.kind, incoming.action, incoming.text) == (
        Kind.ACTION, "g:vneid-install:3", None)
    assert (incoming.channel, incoming.user_id, incoming.chat_id) == ("zalo_oa", "oa1:u1", "oa1:u1")
    assert incoming.identity == "zalo_oa:oa1:u1"
    typed = to_incoming(parse(_event("user_send_text", {"text": "#vneid"})) or _never(), None)
    assert typed is not None and typed.kind == Kind.TEXT and typed.text == "#vneid"  # a hashtag stays a word
    nothing = parse({"app_id": "1", "event_name": "user_send_text", "timestamp": "x", "sender": {"id": "u"},
                     "recipient": {"id": "o"}})
    assert nothing is None


def _never() -> object:
    raise AssertionError("the event did not parse")
