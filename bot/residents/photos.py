"""Photos of error screens and voice notes from residents, outside a conversation with a volunteer.

A photo is read with OCR and matched to the guides' troubleshooting; the picture itself is never written
anywhere, and text that looks like an ID card, an OTP or a password stops everything with a warning. When
nothing matches, or for a voice note, the resident is offered a person, with the photo or voice note
attached to the request (as the channel's handle, forgotten when the request closes).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from bot.core.delivery import MediaFetcher
from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog, address
from bot.core.messages import Choice, Kind, Media, Reply
from bot.core.normalize import fold
from bot.core.privacy import find_secret
from bot.residents.screen_errors import match_screen

log = logging.getLogger(__name__)

ATTACH = "attach"  # state key: the photo or voice note a help request opened next will carry

T = Catalog({
    "fix": {
        "vi": "📷 Màn hình báo «{error}» — cách xử lý:\n{answer}",
        "en": "📷 The screen says “{error}” — what to do:\n{answer}",
    },
    "unread": {
        "vi": "📷 {Me} đã nhận ảnh nhưng chưa nhận ra lỗi trên màn hình. {You} có muốn nhờ tổ công nghệ số "
              "xem ảnh này và giúp không?",
        "en": "📷 I got the photo but could not recognise an error on it. Would you like the village team to "
              "look at it and help?",
    },
    "voice": {
        "vi": "🎤 {Me} chưa nghe được tin nhắn thoại. {You} có muốn nhờ tổ công nghệ số nghe và giúp không? "
              "Hoặc {you} gõ vài chữ, ví dụ «cài VNeID».",
        "en": "🎤 I can't listen to voice messages yet. Would you like the village team to listen and help? "
              "Or type a few words, e.g. “install VNeID”.",
    },
    "secret": {
        "vi": "⚠️ Ảnh này có vẻ chứa số căn cước, mã OTP hoặc mật khẩu. {Me} không lưu ảnh này và không gửi "
              "cho ai. {You} đừng gửi ảnh giấy tờ hay mã số cho người lạ nhé. Nếu cần, chụp lại chỉ phần "
              "thông báo lỗi.",
        "en": "⚠️ This picture seems to show an ID card, an OTP or a password. It was not stored or passed on. "
              "Never send pictures of your papers or codes to strangers. If needed, photograph only the error "
              "message.",
    },
    "btn_team": {"vi": "🙋 Nhờ tổ xem giúp (gửi kèm)", "en": "🙋 Ask the team (attached)"},
    "btn_guide": {"vi": "📘 Mở hướng dẫn «{title}»", "en": "📘 Open “{title}”"},
    "btn_menu": {"vi": "📋 Danh mục", "en": "📋 Menu"},
})

# The words printed on Vietnamese ID cards (chip card, old card, the 2024 card) in either language.
_ID_CARD = re.compile(r"can cuoc|chung minh nhan dan|citizen identity|identity card|so dinh danh|personal identification")


def shows_secret(text: str) -> bool:
    return find_secret(text) is not None or _ID_CARD.search(fold(text)) is not None


def _offer_person(turn: Turn, media: Media, key: str) -> list[Reply]:
    turn.state[ATTACH] = {"kind": media.kind.value, "ref": media.ref}
    guide, step = turn.state.get("guide"), turn.state.get("step")
    where = f"{guide}:{step}" if isinstance(guide, str) and isinstance(step, int) else ""
    return [Reply(T(turn.voice, key), (Choice(T(turn.voice, "btn_team"), f"h:{where}"),
                                       Choice(T(turn.voice, "btn_menu"), "m")))]


async def _fetch(turn: Turn, media: Media) -> bytes | None:
    fetcher = turn.services.senders.get(turn.incoming.channel)
    if not isinstance(fetcher, MediaFetcher):
        return None
    try:
        return await fetcher.fetch_media(media)
    except Exception:
        log.warning("could not download a %s from %s", media.kind, turn.incoming.channel, exc_info=True)
        return None


async def read_photo(turn: Turn) -> list[Reply] | None:
    """A photo: the fix for the error it shows, or the offer of a person with the photo attached."""
    media = turn.incoming.media
    if media is None or media.kind != Kind.PHOTO:
        return None
    if media.caption and shows_secret(media.caption):
        return [Reply(T(turn.voice, "secret"))]
    reader = turn.services.ocr
    image = await _fetch(turn, media) if reader is not None else None
    if reader is None or image is None:
        return _offer_person(turn, media, "unread")
    try:
        text = await reader.read(image)
    except Exception:
        log.warning("could not read a photo", exc_info=True)
        return _offer_person(turn, media, "unread")
    finally:
        del image  # the picture lives only in this function
    if shows_secret(text):
        turn.state.pop(ATTACH, None)
        return [Reply(T(turn.voice, "secret"))]
    current = turn.state.get("guide")
    found = match_screen(turn.library.current.guides, text, prefer=current if isinstance(current, str) else None)
    if found is None:
        return _offer_person(turn, media, "unread")
    voice = turn.voice
    body = T(voice, "fix", error=address(found.quoted, voice), answer=found.trouble.answer.get(voice))
    title = found.guide.title.get(voice)
    choices = (Choice(T(voice, "btn_guide", title=title), f"g:{found.guide.id}:0"),
               Choice(T(voice, "btn_team"), f"h:{found.guide.id}:0"), Choice(T(voice, "btn_menu"), "m"))
    turn.state[ATTACH] = {"kind": media.kind.value, "ref": media.ref}
    return [Reply(body, choices)]


async def hear_voice(turn: Turn) -> list[Reply] | None:
    """A voice note: understood when a recogniser is plugged in, otherwise offered to a person."""
    media = turn.incoming.media
    if media is None or media.kind != Kind.VOICE:
        return None
    recognizer = turn.services.recognizer
    audio = await _fetch(turn, media) if recognizer is not None else None
    if recognizer is not None and audio is not None:
        try:
            text = (await recognizer.transcribe(audio, media.mime)).strip()
        except Exception:
            log.warning("could not transcribe a voice note", exc_info=True)
            text = ""
        if text and shows_secret(text):
            return [Reply(T(turn.voice, "secret"))]
        if text:  # from here on it is a typed question like any other
            turn.incoming = replace(turn.incoming, kind=Kind.TEXT, text=text, media=None)
            return await turn.as_question(text)
    return _offer_person(turn, media, "voice")


FEATURE = Feature(claims=(read_photo, hear_voice))
