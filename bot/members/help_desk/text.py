"""What members, coordinators and residents read about requests for in-person help."""

from bot.core.i18n import Catalog

T = Catalog({
    "alert": {
        "vi": "🆘 Yêu cầu hỗ trợ #{id}\n{resident} ({village}) cần giúp: «{guide}»{stuck}\n\n"
              "Bấm «Nhận việc» rồi nhắn cho người dân qua bot. Người dân không cần cho số điện thoại.",
        "en": "🆘 Help request #{id}\n{resident} ({village}) needs help with: “{guide}”{stuck}\n\n"
              "Press “Take it”, then message the resident through the bot. They need not give a phone number.",
    },
    "alert_stuck": {"vi": "\nĐang kẹt ở bước {n}/{total}: {text}", "en": "\nStuck at step {n}/{total}: {text}"},
    "reminder": {
        "vi": "⏰ Nhắc lại: yêu cầu #{id} vẫn chưa có ai nhận sau {minutes} phút.",
        "en": "⏰ Reminder: request #{id} is still not taken after {minutes} minutes.",
    },
    "escalation": {
        "vi": "📣 Yêu cầu #{id} chưa có ai nhận sau {minutes} phút. Đề nghị cán bộ xã phân công người giúp.",
        "en": "📣 Request #{id} has not been taken after {minutes} minutes. Please assign someone.",
    },
    "no_guide": {"vi": "hỗ trợ trực tiếp", "en": "in-person help"},
    "someone": {"vi": "Một người dân", "en": "A resident"},
    "unknown_village": {"vi": "chưa rõ thôn", "en": "village unknown"},
    "ask_village": {
        "vi": "📍 Để {me} gửi yêu cầu cho đúng tổ công nghệ số gần nhà, {you} ở thôn (xóm, ấp) nào, xã nào? "
              "{You} gõ tên, ví dụ «thôn Một, Định Hưng» (không dấu cũng được).",
        "en": "📍 So the right digital team gets your request: which village and commune do you live in? "
              "Type the name, e.g. “Thôn Một, Định Hưng”.",
    },
    "village_not_found": {
        "vi": "{Me} chưa tìm thấy nơi nào tên «{text}». {You} gõ lại tên thôn, hoặc chỉ tên xã cũng được.",
        "en": "I could not find a place called “{text}”. Please type the village again, or just the commune.",
    },
    "village_which": {"vi": "Có mấy nơi tên «{text}». {You} ở nơi nào?", "en": "Several places are called “{text}”. Which one?"},
    "village_noted": {"vi": "📍 {Me} đã ghi nơi ở: {place}.", "en": "📍 Noted where you live: {place}."},
    "village_later": {
        "vi": "Yêu cầu số {id} vẫn được giữ. Khi nào tiện, {you} gõ /thon để chọn nơi ở, {me} sẽ gửi ngay "
              "cho tổ công nghệ số ở đó.",
        "en": "Request no. {id} is kept. When you can, type /village to set where you live and it goes out at once.",
    },
    "sent_village": {
        "vi": "📨 {Me} đã gửi yêu cầu cho tổ công nghệ số {place} ({n} người). Ai nhận việc sẽ nhắn cho {you} "
              "ngay tại đây.",
        "en": "📨 Sent to the digital team of {place} ({n} people). Whoever takes it will message you here.",
    },
    "sent_commune": {
        "vi": "📨 {place} chưa có tổ công nghệ số riêng, nên {me} đã gửi yêu cầu cho tổ công nghệ số của "
              "{commune} ({n} người). Ai nhận việc sẽ nhắn cho {you} ngay tại đây.",
        "en": "📨 {place} has no digital team of its own, so the request went to the team of {commune} "
              "({n} people). Whoever takes it will message you here.",
    },
    "sent_coordinators": {
        "vi": "📨 Khu vực của {you} chưa có tổ công nghệ số trên hệ thống, nên {me} đã gửi yêu cầu cho cán bộ "
              "phụ trách chuyển đổi số ({n} người). Ai nhận việc sẽ nhắn cho {you} ngay tại đây.",
        "en": "📨 Your area has no digital team on the system yet, so the request went to the officials in "
              "charge ({n} people). Whoever takes it will message you here.",
    },
    "sent_admins": {
        "vi": "📨 Khu vực của {you} chưa có ai phụ trách trên hệ thống, nên {me} đã gửi yêu cầu cho ban quản "
              "trị ({n} người) để tìm người giúp.",
        "en": "📨 Nobody covers your area on the system yet, so the request went to the administrators ({n}).",
    },
    "which_village": {
        "vi": "📍 {You} ở thôn (tổ dân phố) nào? Chọn nơi ở để lần sau tổ công nghệ số gần nhà {you} nhận yêu cầu "
              "ngay.",
        "en": "📍 Which village do you live in? Choose it so that next time the team nearest you gets the request.",
    },
    "btn_pick_village": {"vi": "📍 Chọn thôn", "en": "📍 Choose my village"},
    "nobody_yet": {
        "vi": "Khu vực của {you} chưa có ai nhận yêu cầu trên hệ thống. Yêu cầu số {id} vẫn được giữ và sẽ "
              "được gửi ngay khi có tổ công nghệ số ở đó.",
        "en": "Nobody on the system covers your area yet. Request no. {id} is kept and goes out as soon as "
              "a team is there.",
    },
    "still_waiting": {
        "vi": "Yêu cầu #{id} của {you} đã được gửi và đang chờ tổ công nghệ số nhận.",
        "en": "Your request #{id} was sent and is waiting for the digital team.",
    },
    "already_taken_by": {
        "vi": "{member} đã nhận yêu cầu #{id}. {You} cứ nhắn ở đây, tin sẽ tới {member}.",
        "en": "{member} has taken request #{id}. Just write here and it reaches them.",
    },
    "claimed": {
        "vi": "✅ Bạn đã nhận yêu cầu #{id}. Hãy nhắn cho {resident} qua bot để hẹn giúp.",
        "en": "✅ You took request #{id}. Message {resident} through the bot to arrange help.",
    },
    "claimed_resident": {
        "vi": "🙋 {member} ở tổ công nghệ số đã nhận yêu cầu #{id} của {you}. Từ giờ {you} nhắn gì ở đây "
              "(chữ, ảnh, tin nhắn thoại) cũng sẽ tới {member}.",
        "en": "🙋 {member} from the digital team took your request #{id}. Anything you send here (text, photos, "
              "voice notes) now reaches them.",
    },
    "taken": {"vi": "Yêu cầu #{id} đã có người nhận.", "en": "Request #{id} has already been taken."},
    "closed_already": {"vi": "Yêu cầu #{id} đã xong.", "en": "Request #{id} is already closed."},
    "no_request": {"vi": "Không có yêu cầu số {id}.", "en": "There is no request #{id}."},
    "outside": {
        "vi": "Yêu cầu #{id} không thuộc địa bàn của bạn.", "en": "Request #{id} is outside your area.",
    },
    "not_claimer": {
        "vi": "Chỉ người đã nhận yêu cầu #{id} mới làm được việc này.",
        "en": "Only the person who took request #{id} can do this.",
    },
    "ask_message": {
        "vi": "✍️ Bạn gõ tin nhắn gửi cho {resident}. Người dân sẽ thấy tên «{member}» của bạn.",
        "en": "✍️ Type your message to {resident}. They will see your name “{member}”.",
    },
    "relay_to_resident": {
        "vi": "💬 {member} (tổ công nghệ số) nhắn:\n{text}",
        "en": "💬 {member} (digital team) says:\n{text}",
    },
    "relay_sent": {"vi": "✅ Đã gửi cho {name}.", "en": "✅ Sent to {name}."},
    "ask_answer": {"vi": "✍️ {You} gõ câu trả lời cho {member}:", "en": "✍️ Type your answer to {member}:"},
    "relay_to_member_head": {"vi": "💬 {resident} (yêu cầu #{id}) nhắn:", "en": "💬 {resident} (request #{id}):"},
    "relay_to_resident_head": {"vi": "💬 {member} (tổ công nghệ số) nhắn:", "en": "💬 {member} (digital team):"},
    "relayed": {"vi": "✅ Đã chuyển cho {member}.", "en": "✅ Passed on to {member}."},
    "kind_photo": {"vi": "📷 [ảnh]", "en": "📷 [photo]"},
    "attached_head": {"vi": "Người dân gửi kèm yêu cầu:", "en": "Sent with the request:"},
    "kind_voice": {"vi": "🎤 [tin nhắn thoại]", "en": "🎤 [voice note]"},
    "kind_sticker": {"vi": "😊 [nhãn dán]", "en": "😊 [sticker]"},
    "kind_other": {"vi": "📎 [tệp]", "en": "📎 [file]"},
    "kind_elsewhere": {
        "vi": "(gửi trên ứng dụng khác nên không xem được ở đây; hãy nhờ người dân kể lại bằng lời)",
        "en": "(sent on another app, so it cannot be shown here; ask them to describe it)",
    },
    "talk_over": {
        "vi": "Dạ, {me} đã báo lại. Cảm ơn {you}! Khi cần, {you} cứ nhắn cho {me} nhé.",
        "en": "Thank you, noted. Message me any time you need help.",
    },
    "resident_done": {
        "vi": "✅ {resident} báo đã xong (yêu cầu #{id}). Bấm «Đã giúp xong» để lưu lượt hỗ trợ.",
        "en": "✅ {resident} says they are done (request #{id}). Press “Done helping” to log the assist.",
    },
    "btn_done_talking": {"vi": "✅ Xong rồi, cảm ơn", "en": "✅ All done, thanks"},
    "btn_pause": {"vi": "⏸️ Ngừng chuyển tin", "en": "⏸️ Stop passing messages"},
    "relay_to_member": {
        "vi": "💬 {resident} (yêu cầu #{id}) trả lời:\n{text}",
        "en": "💬 {resident} (request #{id}) replies:\n{text}",
    },
    "not_open_for_messages": {
        "vi": "Yêu cầu #{id} không còn mở nên không nhắn qua đây được nữa.",
        "en": "Request #{id} is no longer open, so messages cannot be sent.",
    },
    "relay_cancelled": {"vi": "Đã huỷ, không gửi gì.", "en": "Cancelled; nothing was sent."},
    "ask_close": {
        "vi": "Yêu cầu #{id}: người dân tự làm được (bạn hướng dẫn) hay bạn làm hộ?",
        "en": "Request #{id}: did the resident do it (with your guidance), or did you do it for them?",
    },
    "closed": {
        "vi": "✅ Đã đóng yêu cầu #{id} và lưu lượt hỗ trợ, số phiếu #{assist}.",
        "en": "✅ Request #{id} closed and the assist saved as record #{assist}.",
    },
    "closed_resident": {
        "vi": "✅ Yêu cầu #{id} đã được giải quyết. Cảm ơn {you}! Khi cần giúp thêm, {you} cứ nhắn cho {me} nhé.",
        "en": "✅ Request #{id} is resolved. Thank you! Message me any time you need more help.",
    },
    "not_claimed": {
        "vi": "Yêu cầu #{id} chưa có ai nhận, nên chưa đóng được. Bấm «Nhận việc» trước nhé.",
        "en": "Request #{id} has not been taken yet, so it cannot be closed. Take it first.",
    },
    "list_title": {"vi": "📋 Yêu cầu đang mở trong địa bàn của bạn:", "en": "📋 Open requests in your area:"},
    "list_empty": {
        "vi": "Không có yêu cầu nào đang chờ trong địa bàn của bạn. 👍",
        "en": "No open requests in your area. 👍",
    },
    "list_open": {"vi": "chờ người nhận", "en": "waiting"},
    "list_claimed": {"vi": "{member} đã nhận", "en": "taken by {member}"},
    "minutes_ago": {"vi": "{n} phút trước", "en": "{n} min ago"},
    "hours_ago": {"vi": "{n} giờ trước", "en": "{n} h ago"},
    "days_ago": {"vi": "{n} ngày trước", "en": "{n} days ago"},
    "btn_claim": {"vi": "🙋 Nhận việc", "en": "🙋 Take it"},
    "btn_claim_n": {"vi": "🙋 Nhận #{id}", "en": "🙋 Take #{id}"},
    "btn_message": {"vi": "💬 Nhắn cho người dân", "en": "💬 Message the resident"},
    "btn_message_n": {"vi": "💬 Nhắn #{id}", "en": "💬 Message #{id}"},
    "btn_close": {"vi": "✅ Đã giúp xong", "en": "✅ Done helping"},
    "btn_close_n": {"vi": "✅ Xong #{id}", "en": "✅ Done #{id}"},
    "btn_answer": {"vi": "↩️ Trả lời", "en": "↩️ Reply"},
    "btn_cancel": {"vi": "✖️ Huỷ", "en": "✖️ Cancel"},
    "btn_self": {"vi": "🧑‍🏫 Người dân tự làm, mình hướng dẫn", "en": "🧑‍🏫 They did it, I guided"},
    "btn_for_them": {"vi": "🤝 Mình làm hộ", "en": "🤝 I did it for them"},
    "btn_menu": {"vi": "📋 Danh mục", "en": "📋 Menu"},
})
