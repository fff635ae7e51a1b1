"""What broadcasts say: the composing dialogue, the list, notices, and the message recipients read."""

from __future__ import annotations

from bot.core.i18n import Catalog

T = Catalog({
    "header": {"vi": "📢 Thông báo – {area}", "en": "📢 Announcement – {area}"},
    "replies_welcome": {"vi": "💬 Muốn hỏi thêm? {You} cứ nhắn trả lời ngay tại đây trong 48 giờ.",
                        "en": "💬 Questions? Just reply here within 48 hours."},
    "ack_author": {"vi": "✅ {Me} đã chuyển tin của {you} cho cán bộ đã gửi thông báo. Họ sẽ trả lời {you} tại đây.",
                   "en": "✅ Your message went to the person who sent the announcement. They will answer you here."},
    "ack_team": {"vi": "✅ {Me} đã chuyển tin của {you} cho tổ công nghệ số của thôn. Họ sẽ trả lời {you} tại đây.",
                 "en": "✅ Your message went to your village's digital team. They will answer you here."},
    "btn_search_it": {"vi": "🔎 Tìm hướng dẫn cho câu này", "en": "🔎 Find a guide for this"},
    "btn_menu": {"vi": "📋 Danh mục hướng dẫn", "en": "📋 Guides"},
    "reply_in": {"vi": "💬 Trả lời thông báo #{id} («{snippet}»)\nTừ: {resident} — {village}\n{body}",
                 "en": "💬 Reply to announcement #{id} (“{snippet}”)\nFrom: {resident} — {village}\n{body}"},
    "media_photo": {"vi": "🖼 (một ảnh){link}", "en": "🖼 (a photo){link}"},
    "media_voice": {"vi": "🎤 (một tin nhắn thoại){link}", "en": "🎤 (a voice message){link}"},
    "media_sticker": {"vi": "🙂 (một nhãn dán)", "en": "🙂 (a sticker)"},
    "media_other": {"vi": "📎 (một tệp){link}", "en": "📎 (a file){link}"},
    "someone": {"vi": "Một người dân", "en": "A resident"},
    "no_village": {"vi": "chưa chọn thôn", "en": "village not set"},
    "btn_answer": {"vi": "↩️ Trả lời", "en": "↩️ Answer"},
    "ask_answer": {"vi": "✍️ Bạn gõ câu trả lời cho {resident}.", "en": "✍️ Type your answer to {resident}."},
    "answer_cancelled": {"vi": "Đã thôi trả lời.", "en": "Answer cancelled."},
    "no_reply": {"vi": "Tin nhắn này không còn nữa.", "en": "That message is no longer available."},
    "not_yours": {"vi": "Tin trả lời này thuộc địa bàn khác, bạn không trả lời được.",
                  "en": "That reply belongs to another area; you cannot answer it."},
    "answer_to_resident": {"vi": "💬 {area} ({name}) trả lời {you}:\n«{text}»\n\n{You} có thể nhắn tiếp tại đây.",
                           "en": "💬 {area} ({name}) answered you:\n“{text}”\n\nYou can write back here."},
    "answer_sent": {"vi": "✅ Đã gửi câu trả lời cho {resident}.", "en": "✅ Your answer went to {resident}."},
    "footer_resident": {
        "vi": "—\nKhông muốn nhận thông báo nữa? Gõ «Hủy nhận tin».",
        "en": "—\nDon't want announcements any more? Type /stop.",
    },
    "aud_members": {"vi": "thành viên tổ công nghệ số", "en": "digital-team members"},
    "aud_residents": {"vi": "người dân", "en": "residents"},
    "aud_both": {"vi": "thành viên tổ và người dân", "en": "team members and residents"},
    "ask_audience": {
        "vi": "📢 Soạn thông báo mới.\nBạn muốn gửi cho ai?",
        "en": "📢 New announcement.\nWho should receive it?",
    },
    "btn_members": {"vi": "👥 Thành viên tổ", "en": "👥 Team members"},
    "btn_residents": {"vi": "🏠 Người dân", "en": "🏠 Residents"},
    "btn_both": {"vi": "👥🏠 Cả hai", "en": "👥🏠 Both"},
    "btn_cancel": {"vi": "❌ Hủy", "en": "❌ Cancel"},
    "ask_area": {
        "vi": "Gửi cho {audience} ở đâu? Chọn bên dưới, hoặc gõ tên xã, thôn (có dấu hay không dấu đều được).",
        "en": "Send to {audience} where? Choose below, or type the name of a commune or village.",
    },
    "ask_area_typed": {
        "vi": "Gửi cho {audience} ở đâu? Gõ tên hoặc mã tỉnh, xã hay thôn.",
        "en": "Send to {audience} where? Type the name or code of a province, commune or village.",
    },
    "btn_whole": {"vi": "📍 Toàn bộ {area}", "en": "📍 All of {area}"},
    "btn_pick_many": {"vi": "☑ Chọn nhiều thôn", "en": "☑ Several villages"},
    "pick_many": {"vi": "Bấm vào từng thôn để chọn hoặc bỏ chọn, rồi bấm «Xong». Bạn cũng có thể gõ danh sách, "
                        "ví dụ: Đồng Tâm, Nà Mò.",
                  "en": "Tap each village to tick or untick it, then “Done”. You can also type a list, for example: "
                        "Dong Tam, Na Mo."},
    "btn_pick_done": {"vi": "✅ Xong ({n} thôn)", "en": "✅ Done ({n} villages)"},
    "part_many": {"vi": "• «{text}»: có nhiều nơi — {options}", "en": "• “{text}”: several places — {options}"},
    "part_unknown": {"vi": "• «{text}»: không tìm thấy trong địa bàn của bạn",
                     "en": "• “{text}”: not found in your area"},
    "parts_problem": {"vi": "Mình đã hiểu: {known}. Còn mấy chỗ chưa rõ:\n{problems}\nBạn gõ lại cả danh sách "
                            "(có thể dùng mã trong ngoặc), hoặc chọn bên dưới.",
                      "en": "Understood: {known}. Not clear yet:\n{problems}\nType the whole list again (codes in "
                            "brackets work too), or choose below."},
    "place_line": {"vi": "• {name}: {n} người", "en": "• {name}: {n} people"},
    "place_line_households": {"vi": "• {name}: {n} người (thôn có {households} hộ)",
                              "en": "• {name}: {n} people (of {households} households)"},
    "place_line_team": {"vi": "• Thành viên tổ cấp xã: {n} người", "en": "• Commune-level team members: {n}"},
    "out_of_reach": {
        "vi": "Chưa nhận được: người dân chưa từng nhắn tin cho bot hoặc chưa chọn thôn (bot chỉ gửi được cho "
              "người đã nhắn trước); {off} người đã tắt nhận tin; {blocked} người đã chặn bot. Để nhiều người nhận "
              "hơn: dán áp phích có mã QR của bot ở nhà văn hóa, đọc trên loa «nhắn tin cho Trợ lý Tổ công nghệ "
              "số trên Zalo rồi gõ /thon để chọn thôn», và nhờ tổ công nghệ số chuyển tin này vào nhóm Zalo của thôn.",
        "en": "Not reached: residents who never wrote to the bot or have not chosen their village (the bot can only "
              "message people who wrote first); {off} turned announcements off; {blocked} blocked the bot. To reach "
              "more: put up the bot's QR poster at the village hall, announce on the loudspeaker “message the "
              "digital team's assistant on Zalo and type /village”, and ask the team to forward this to the "
              "village's Zalo group.",
    },
    "replies_author": {"vi": "↩️ Người dân trả lời trong 48 giờ: gửi về cho bạn.",
                       "en": "↩️ Residents' replies within 48 hours: sent to you."},
    "replies_team": {"vi": "↩️ Người dân trả lời trong 48 giờ: gửi tổ công nghệ số của thôn họ.",
                     "en": "↩️ Residents' replies within 48 hours: sent to their village's digital team."},
    "replies_none": {"vi": "↩️ Không nhận trả lời (tin trả lời được coi như câu hỏi cho bot).",
                     "en": "↩️ No replies wanted (answers are treated as questions to the bot)."},
    "ask_send": {"vi": "Gửi ngay, hay hẹn giờ gửi?", "en": "Send now, or schedule it?"},
    "btn_replies": {"vi": "↩️ Đổi nơi nhận trả lời", "en": "↩️ Change where replies go"},
    "area_unknown": {
        "vi": "Mình không tìm thấy nơi nào tên «{text}» trong địa bàn bạn phụ trách. Bạn gõ lại, hoặc chọn bên dưới.",
        "en": "I found no place called “{text}” in the area you coordinate. Type it again, or choose below.",
    },
    "area_many": {"vi": "Có mấy nơi khớp với «{text}». Bạn chọn một:", "en": "Several places match “{text}”. Choose one:"},
    "ask_text": {
        "vi": "Gửi tới: {audience} · {area}\n✍️ Bạn gõ nội dung thông báo (tối đa {max} ký tự).",
        "en": "To: {audience} · {area}\n✍️ Type the announcement (at most {max} characters).",
    },
    "ask_photo": {
        "vi": "Có kèm ảnh không? Gửi đường dẫn ảnh (bắt đầu bằng https://), hoặc bấm «Không kèm ảnh».",
        "en": "Add a photo? Send the photo's address (starting with https://), or press “No photo”.",
    },
    "btn_no_photo": {"vi": "🚫 Không kèm ảnh", "en": "🚫 No photo"},
    "bad_photo": {
        "vi": "Đường dẫn ảnh phải bắt đầu bằng https:// và không có dấu cách. Bạn gửi lại, hoặc bấm «Không kèm ảnh».",
        "en": "A photo address must start with https:// and have no spaces. Send it again, or press “No photo”.",
    },
    "preview": {
        "vi": "👀 Xem trước\nGửi tới: {audience} · {area}\nSố người nhận: {total}{channels}\n\n"
              "Người nhận sẽ thấy:\n──────────\n{message}\n──────────",
        "en": "👀 Preview\nTo: {audience} · {area}\nRecipients: {total}{channels}\n\n"
              "They will read:\n──────────\n{message}\n──────────",
    },
    "photo": {"vi": "🖼 Ảnh: {url}", "en": "🖼 Photo: {url}"},
    "preview_nobody": {
        "vi": "Không có ai để nhận thông báo này ở {area}: chưa ai đăng ký, hoặc tất cả đã tắt nhận tin. "
              "Bạn chọn nơi khác nhé.",
        "en": "Nobody in {area} can receive this: no one has signed up, or all turned announcements off. "
              "Please choose another place.",
    },
    "btn_send": {"vi": "✅ Gửi ngay", "en": "✅ Send now"},
    "btn_schedule": {"vi": "🕒 Hẹn giờ gửi", "en": "🕒 Schedule"},
    "btn_other_area": {"vi": "📍 Chọn nơi khác", "en": "📍 Another place"},
    "ask_time": {
        "vi": "Bạn muốn gửi lúc nào? Gõ ngày/tháng và giờ:phút (giờ Việt Nam), ví dụ: {example}",
        "en": "When should it go out? Type day/month and hour:minute (Vietnam time), for example: {example}",
    },
    "bad_time": {
        "vi": "Mình chưa hiểu «{text}». Bạn gõ theo mẫu ngày/tháng giờ:phút, ví dụ: {example}",
        "en": "I did not understand “{text}”. Type day/month hour:minute, for example: {example}",
    },
    "past_time": {
        "vi": "{when} đã qua rồi. Bạn chọn một thời điểm sau bây giờ nhé.",
        "en": "{when} has already passed. Please choose a later time.",
    },
    "far_time": {"vi": "Chỉ hẹn được trong vòng {days} ngày tới.", "en": "You can schedule at most {days} days ahead."},
    "queued": {
        "vi": "✅ Đã xếp hàng gửi thông báo số {id} cho {total} người. Gõ /broadcasts để xem tiến độ hoặc hủy.",
        "en": "✅ Announcement no. {id} is queued for {total} people. Type /broadcasts to follow or cancel it.",
    },
    "scheduled": {
        "vi": "🕒 Đã hẹn gửi thông báo số {id} lúc {when} cho {total} người. Gõ /broadcasts để xem hoặc hủy.",
        "en": "🕒 Announcement no. {id} will go out at {when} to {total} people. Type /broadcasts to see or cancel it.",
    },
    "draft_cancelled": {"vi": "Đã hủy bản nháp. Không có tin nào được gửi.", "en": "Draft discarded. Nothing was sent."},
    "no_draft": {
        "vi": "Bản nháp này không còn nữa. Gõ /broadcast để soạn thông báo mới.",
        "en": "That draft is no longer open. Type /broadcast to write a new announcement.",
    },
    "list_header": {"vi": "📋 Thông báo gần đây:", "en": "📋 Recent announcements:"},
    "list_empty": {
        "vi": "Chưa có thông báo nào trong địa bàn của bạn. Gõ /broadcast để soạn.",
        "en": "No announcements in your area yet. Type /broadcast to write one.",
    },
    "list_item": {
        "vi": "#{id} · {status} · {audience} · {area}\n«{snippet}»\n"
              "Đã gửi {sent} · Đang chờ {queued} · Lỗi {failed} · Đã chặn/tắt tin {stopped}{cancelled}",
        "en": "#{id} · {status} · {audience} · {area}\n“{snippet}”\n"
              "Sent {sent} · Waiting {queued} · Failed {failed} · Blocked/opted out {stopped}{cancelled}",
    },
    "list_cancelled": {"vi": " · Đã hủy {n}", "en": " · Cancelled {n}"},
    "st_scheduled": {"vi": "🕒 hẹn {when}", "en": "🕒 scheduled {when}"},
    "st_sending": {"vi": "📤 đang gửi {pct}%", "en": "📤 sending {pct}%"},
    "st_done": {"vi": "✅ đã xong", "en": "✅ done"},
    "st_cancelled": {"vi": "⛔ đã hủy", "en": "⛔ cancelled"},
    "btn_cancel_bc": {"vi": "⛔ Hủy #{id}", "en": "⛔ Cancel #{id}"},
    "btn_refresh": {"vi": "🔄 Cập nhật", "en": "🔄 Refresh"},
    "confirm_cancel": {
        "vi": "Hủy thông báo #{id}? Những tin chưa gửi sẽ không được gửi nữa.",
        "en": "Cancel announcement #{id}? Messages not yet sent will not be sent.",
    },
    "btn_yes_cancel": {"vi": "⛔ Có, hủy", "en": "⛔ Yes, cancel"},
    "btn_keep": {"vi": "↩️ Không, để tiếp", "en": "↩️ No, keep it"},
    "cancel_done": {
        "vi": "⛔ Đã hủy thông báo #{id}. Đã gửi trước đó: {sent} người; {cancelled} tin sẽ không gửi nữa.",
        "en": "⛔ Announcement #{id} cancelled. Already sent: {sent}; {cancelled} messages will not go out.",
    },
    "cancel_too_late": {
        "vi": "Thông báo #{id} đã gửi xong hoặc đã bị hủy nên không hủy được nữa.",
        "en": "Announcement #{id} has finished or was already cancelled, so it cannot be cancelled.",
    },
    "no_such_broadcast": {"vi": "Không có thông báo #{id}.", "en": "There is no announcement #{id}."},
    "done_notice": {
        "vi": "✅ Thông báo #{id} đã gửi xong: {sent} người đã nhận, {failed} lỗi, {stopped} đã chặn hoặc tắt nhận tin.",
        "en": "✅ Announcement #{id} is finished: {sent} received it, {failed} failed, {stopped} blocked or opted out.",
    },
})


def compose(area: str, text: str, locale: str, as_member: bool, image: str | None = None,
            replies: bool = False) -> str:
    """The message a recipient reads: who it is from, the text, the photo's link, and for residents how to stop.

    The photo travels as a link (Telegram shows its preview; Zalo shows the link): both channels' renderers
    take ``Reply.image`` as a guide file, not as an address on the web.
    """
    parts = [T(locale, "header", area=area), text.strip()]
    if image:
        parts.append(T(locale, "photo", url=image))
    if replies:
        parts.append(T(locale, "replies_welcome"))
    if not as_member:
        parts.append(T(locale, "footer_resident"))
    return "\n\n".join(parts)


def audience_label(locale: str, audience: str) -> str:
    return T(locale, f"aud_{audience}")
