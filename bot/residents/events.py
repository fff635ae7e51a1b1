"""Events without words: following or unfollowing an account, opening the chat, a message the platform hid.

A commune's Zalo OA tells the bot when someone follows it (announcements on), stops following it
(announcements off; nothing is sent to them), or taps "Nhắn tin" without writing (a greeting). Zalo also
withholds the text of people it flags as unable to read: they get a short answer offering a person, also read
aloud as a voice note where the channel can play one.
"""

from __future__ import annotations

from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Choice, Kind, Reply
from bot.core.speech import Speech
from bot.residents import optout
from bot.residents.feature import greeting_text, main_menu
from bot.residents.listen import spoken
from storage import broadcasts

T = Catalog({
    "followed": {
        "vi": "Cảm ơn {you} đã quan tâm! Thông báo của xã, phường sẽ đến {you} qua đây; gõ /stop nếu không muốn "
              "nhận.",
        "en": "Thank you for following! Announcements will reach you here; type /stop if you do not want them.",
    },
    "unreadable": {
        "vi": "{Me} chưa xem được tin nhắn {you} vừa gửi. {You} có muốn một người trong tổ công nghệ số giúp {you} "
              "trực tiếp không?",
        "en": "I could not see the message you just sent. Would you like someone from the digital team to help "
              "you in person?",
    },
    "btn_person": {"vi": "🙋 Nhờ người giúp", "en": "🙋 Ask a person"},
    "say_person": {
        "vi": "Nếu muốn có người giúp, {you} bấm nút thứ nhất, hoặc gõ số 1.",
        "en": "If you want a person to help, press the first button, or type 1.",
    },
    "btn_menu": {"vi": "📋 Danh mục", "en": "📋 Menu"},
})


async def on_event(turn: Turn) -> list[Reply] | None:
    """The claim for wordless events; None for everything else (photos, voice notes… go on to others)."""
    kind = turn.incoming.kind
    if kind == Kind.UNFOLLOW:
        await broadcasts.set_announcements(turn.db, turn.person.id, on=False)
        return []  # they left: no message follows them out
    if kind in (Kind.FOLLOW, Kind.OPENED):
        turn.greeted = True
        lead = greeting_text(turn)
        if kind == Kind.FOLLOW:
            await optout.resume(turn)
            lead = f"{lead}\n\n{T(turn.voice, 'followed')}"
        return main_menu(turn, lead)
    if kind == Kind.UNREADABLE:
        text = T(turn.voice, "unreadable")
        speaker = turn.services.speech if turn.incoming.plays_voice else None
        speech = Speech(spoken(text + " " + T(turn.voice, "say_person")), speaker) if speaker else None
        return [Reply(text, (Choice(T(turn.voice, "btn_person"), "h:"), Choice(T(turn.voice, "btn_menu"), "m")),
                      speech=speech)]  # read aloud too: whoever cannot read may still listen
    return None


FEATURE = Feature(claims=[on_event])
