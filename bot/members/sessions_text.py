"""What members read while recording a group guidance or training session."""

from bot.core.i18n import Catalog

T = Catalog({
    "ask_date": {
        "vi": "👥 Ghi buổi hướng dẫn nhóm\n📅 Buổi này diễn ra ngày nào? Chọn, hoặc gõ ngày/tháng (ví dụ 20/11).",
        "en": "👥 Record a group session\n📅 When was it held? Pick, or type day/month (e.g. 20/11).",
    },
    "bad_date": {
        "vi": "Mình chưa hiểu ngày «{text}». Bạn gõ theo kiểu ngày/tháng, ví dụ 20/11 (không sau hôm nay).",
        "en": "I could not read the date “{text}”. Type day/month, e.g. 20/11 (not after today).",
    },
    "ask_topics": {
        "vi": "📚 Buổi này hướng dẫn những nội dung nào? Bấm để chọn (bấm lần nữa để bỏ), rồi bấm «Xong».\n"
              "Bạn cũng có thể gõ vài chữ, ví dụ «vneid».",
        "en": "📚 Which topics were covered? Press to select (again to remove), then “Done”.\n"
              "You can also type a few words, e.g. “vneid”.",
    },
    "chosen": {"vi": "Đã chọn: {topics}", "en": "Selected: {topics}"},
    "need_topic": {"vi": "Bạn chọn ít nhất một nội dung nhé.", "en": "Please select at least one topic."},
    "topic_not_found": {
        "vi": "Mình không tìm thấy nội dung «{text}». Bạn bấm chọn trong danh sách nhé.",
        "en": "No topic matches “{text}”. Please pick from the list.",
    },
    "ask_place": {
        "vi": "📍 Địa điểm tổ chức? (ví dụ «nhà văn hoá thôn 3»)",
        "en": "📍 Where was it held? (e.g. “village 3 community hall”)",
    },
    "ask_attendees": {
        "vi": "🙋 Có bao nhiêu người tham dự? Chọn hoặc gõ một số.",
        "en": "🙋 How many people attended? Pick or type a number.",
    },
    "ask_attendees_typed": {
        "vi": "🙋 Có bao nhiêu người tham dự? Gõ một số (ví dụ 25). Gõ «huỷ» nếu không ghi nữa.",
        "en": "🙋 How many people attended? Type a number (e.g. 25). Type “cancel” to stop.",
    },
    "bad_attendees": {
        "vi": "Số người tham dự cần là một số từ 1 đến 5000. Bạn gõ lại nhé.",
        "en": "Attendance must be a number from 1 to 5000. Please type it again.",
    },
    "ask_note": {"vi": "🗒️ Ghi chú thêm (không bắt buộc).", "en": "🗒️ Any note (optional)."},
    "confirm": {"vi": "Bạn kiểm tra lại rồi bấm Lưu:\n\n{summary}", "en": "Please check, then press Save:\n\n{summary}"},
    "sum_date": {"vi": "• Ngày: {date}", "en": "• Date: {date}"},
    "sum_topics": {"vi": "• Nội dung: {topics}", "en": "• Topics: {topics}"},
    "sum_place": {"vi": "• Địa điểm: {place}", "en": "• Place: {place}"},
    "sum_attendees": {"vi": "• Số người dự: {n}", "en": "• Attendees: {n}"},
    "sum_note": {"vi": "• Ghi chú: {note}", "en": "• Note: {note}"},
    "saved": {
        "vi": "✅ Đã lưu buổi hướng dẫn, số #{id}.\n{summary}",
        "en": "✅ Session saved as #{id}.\n{summary}",
    },
    "already_saved": {"vi": "Buổi này đã được lưu rồi, số #{id}.", "en": "Already saved as session #{id}."},
    "cancelled": {"vi": "Đã huỷ, không lưu gì.", "en": "Cancelled; nothing was saved."},
    "stale": {
        "vi": "Nút này thuộc một phiếu cũ. Gõ /buoi để ghi buổi hướng dẫn mới.",
        "en": "That button belongs to an old form. Type /session to record a new one.",
    },
    "undone": {"vi": "↩️ Đã hoàn tác buổi #{id}.", "en": "↩️ Session #{id} was undone."},
    "cannot_undo": {
        "vi": "Không hoàn tác được buổi #{id} (đã hoàn tác, quá 24 giờ, hoặc do người khác ghi).",
        "en": "Session #{id} cannot be undone (already undone, older than 24 hours, or logged by someone else).",
    },
    "today": {"vi": "Hôm nay ({date})", "en": "Today ({date})"},
    "yesterday": {"vi": "Hôm qua ({date})", "en": "Yesterday ({date})"},
    "btn_done": {"vi": "✔️ Xong", "en": "✔️ Done"},
    "btn_save": {"vi": "💾 Lưu", "en": "💾 Save"},
    "btn_cancel": {"vi": "✖️ Huỷ", "en": "✖️ Cancel"},
    "btn_skip": {"vi": "⏭️ Bỏ qua", "en": "⏭️ Skip"},
    "btn_undo": {"vi": "↩️ Hoàn tác", "en": "↩️ Undo"},
})
