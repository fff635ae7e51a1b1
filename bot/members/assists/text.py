"""What members read while logging, undoing and editing assists; also the reporting groups' names."""

from bot.core.i18n import Catalog

T = Catalog({
    "ask_skill": {
        "vi": "📝 Ghi lượt hỗ trợ\nBạn đã giúp người dân việc gì? Chọn bên dưới, hoặc gõ vài chữ (ví dụ «cài vneid»).",
        "en": "📝 Log an assist\nWhat did you help with? Pick below, or type a few words (e.g. “install vneid”).",
    },
    "ask_skill_in": {"vi": "📂 {title}\nBạn chọn việc đã giúp:", "en": "📂 {title}\nPick what you helped with:"},
    "ask_other": {
        "vi": "✏️ Bạn gõ ngắn gọn việc đã giúp (ví dụ «cài ứng dụng ngân hàng»).",
        "en": "✏️ Type in a few words what you helped with (e.g. “install a banking app”).",
    },
    "ask_group": {
        "vi": "Việc «{skill}» thuộc nhóm kỹ năng nào? (để báo cáo theo 5 kỹ năng số cơ bản)",
        "en": "Which skill group is “{skill}” in? (reports count the five basic digital skills)",
    },
    "ask_count": {
        "vi": "👥 Bạn đã giúp bao nhiêu người? Chọn hoặc gõ một số.",
        "en": "👥 How many people did you help? Pick or type a number.",
    },
    "ask_count_typed": {
        "vi": "👥 Bạn đã giúp bao nhiêu người? Gõ một số (ví dụ 1). Gõ «huỷ» nếu không ghi nữa.",
        "en": "👥 How many people did you help? Type a number (e.g. 1). Type “cancel” to stop.",
    },
    "ask_count_number": {"vi": "Bạn gõ số người (ví dụ 7).", "en": "Type the number of people (e.g. 7)."},
    "bad_count": {
        "vi": "Số người cần là một số từ 1 đến 500. Bạn gõ lại giúp mình nhé.",
        "en": "The number of people must be from 1 to 500. Please type it again.",
    },
    "ask_names": {
        "vi": "🙋 Tên người được giúp (không bắt buộc), ví dụ «bà Lan, ông Tư».\n"
              "Đừng ghi số điện thoại hay số căn cước.",
        "en": "🙋 Names of the people helped (optional), e.g. “Mrs Lan, Mr Tu”.\n"
              "Do not write phone or ID-card numbers.",
    },
    "ask_household": {
        "vi": "🏠 Hộ gia đình (không bắt buộc), ví dụ «hộ ông Tư, xóm 3» — để báo cáo đếm mỗi hộ một lần.",
        "en": "🏠 Household (optional), e.g. “Mr Tu's household, hamlet 3” — reports count each household once.",
    },
    "ask_mode": {
        "vi": "Người dân tự làm (bạn hướng dẫn) hay bạn làm hộ?",
        "en": "Did the resident do it themselves (with your guidance), or did you do it for them?",
    },
    "ask_village": {
        "vi": "📍 Bạn đã giúp ở thôn nào? Chọn hoặc gõ tên thôn.",
        "en": "📍 In which village? Pick or type its name.",
    },
    "no_village_match": {
        "vi": "Mình không tìm thấy thôn «{text}» trong địa bàn của tổ. Bạn chọn trong danh sách nhé.",
        "en": "No village “{text}” in your team's area. Please pick from the list.",
    },
    "ask_note": {
        "vi": "🗒️ Ghi chú thêm (không bắt buộc).", "en": "🗒️ Any note (optional).",
    },
    "confirm": {"vi": "Bạn kiểm tra lại rồi bấm Lưu:\n\n{summary}", "en": "Please check, then press Save:\n\n{summary}"},
    "confirm_quick": {
        "vi": "Mình hiểu là:\n\n{summary}\n\nĐúng thì bấm Lưu (chọn tự làm hay làm hộ).",
        "en": "I understood:\n\n{summary}\n\nIf right, press Save (resident did it, or done for them).",
    },
    "confirm_hint": {
        "vi": "Bạn bấm một nút bên dưới để lưu hoặc huỷ nhé.", "en": "Please press a button below to save or cancel.",
    },
    "skill_not_found": {
        "vi": "Mình chưa tìm thấy việc «{text}». Bạn chọn trong danh sách, hoặc bấm «Việc khác».",
        "en": "Nothing matches “{text}”. Pick from the list, or press “Something else”.",
    },
    "pick_guess": {
        "vi": "Bạn đã giúp việc nào trong các việc này?", "en": "Which of these did you help with?",
    },
    "saved": {
        "vi": "✅ Đã lưu, số phiếu #{id}.\n{summary}\n\nCần sửa hay hoàn tác thì trong 24 giờ gõ /sua {id} hoặc /hoantac.",
        "en": "✅ Saved as record #{id}.\n{summary}\n\nTo edit or undo within 24 hours type /edit {id} or /undo.",
    },
    "already_saved": {"vi": "Phiếu này đã được lưu rồi, số phiếu #{id}.", "en": "Already saved as record #{id}."},
    "cancelled": {"vi": "Đã huỷ, không lưu gì.", "en": "Cancelled; nothing was saved."},
    "stale_form": {
        "vi": "Nút này thuộc một phiếu cũ. Gõ /ghi để ghi lượt hỗ trợ mới.",
        "en": "That button belongs to an old form. Type /log to log a new assist.",
    },
    "masked": {
        "vi": "⚠️ Mình đã che bớt các chữ số dài (số điện thoại, số giấy tờ). Đừng ghi số điện thoại đầy đủ, số "
              "căn cước hay mã OTP vào phiếu.",
        "en": "⚠️ Long numbers (phone or ID numbers) were masked. Do not put full phone numbers, ID numbers or OTP "
              "codes in a record.",
    },
    "refused_secret": {
        "vi": "⚠️ Nội dung này có vẻ chứa mật khẩu hoặc mã bí mật nên mình không lưu. Bạn gõ lại, bỏ phần đó đi nhé.",
        "en": "⚠️ That seems to contain a password or secret code, so it was not stored. Please type it again "
              "without it.",
    },
    "too_long": {"vi": "Bạn ghi ngắn hơn giúp mình (tối đa {n} ký tự).", "en": "Please keep it under {n} characters."},
    "not_own_village": {
        "vi": "Bạn chỉ ghi được lượt hỗ trợ trong địa bàn tổ của mình.",
        "en": "You can only log assists in your own team's area.",
    },
    "sum_skill": {"vi": "• Việc: {skill}", "en": "• Skill: {skill}"},
    "sum_group": {"vi": "• Nhóm kỹ năng: {group}", "en": "• Skill group: {group}"},
    "sum_count": {"vi": "• Số người: {n}", "en": "• People: {n}"},
    "sum_names": {"vi": "• Tên: {names}", "en": "• Names: {names}"},
    "sum_household": {"vi": "• Hộ: {household}", "en": "• Household: {household}"},
    "sum_mode": {"vi": "• Cách làm: {mode}", "en": "• How: {mode}"},
    "sum_village": {"vi": "• Nơi: {village}", "en": "• Where: {village}"},
    "sum_note": {"vi": "• Ghi chú: {note}", "en": "• Note: {note}"},
    "mode_self": {"vi": "người dân tự làm, có hướng dẫn", "en": "resident did it with guidance"},
    "mode_for_them": {"vi": "làm hộ", "en": "done for them"},
    "btn_self": {"vi": "🧑‍🏫 Người dân tự làm, mình hướng dẫn", "en": "🧑‍🏫 They did it, I guided"},
    "btn_for_them": {"vi": "🤝 Mình làm hộ", "en": "🤝 I did it for them"},
    "btn_save": {"vi": "💾 Lưu", "en": "💾 Save"},
    "btn_save_self": {"vi": "💾 Lưu — người dân tự làm", "en": "💾 Save — they did it"},
    "btn_save_for_them": {"vi": "💾 Lưu — mình làm hộ", "en": "💾 Save — done for them"},
    "btn_more": {"vi": "➕ Thêm hộ, ghi chú", "en": "➕ Add household, note"},
    "btn_cancel": {"vi": "✖️ Huỷ", "en": "✖️ Cancel"},
    "btn_skip": {"vi": "⏭️ Bỏ qua", "en": "⏭️ Skip"},
    "btn_back": {"vi": "◀️ Quay lại", "en": "◀️ Back"},
    "btn_other": {"vi": "✏️ Việc khác", "en": "✏️ Something else"},
    "btn_more_count": {"vi": "5 trở lên", "en": "5 or more"},
    "btn_new": {"vi": "📝 Ghi lượt khác", "en": "📝 Log another"},
    "btn_undo": {"vi": "↩️ Hoàn tác", "en": "↩️ Undo"},
    "btn_edit": {"vi": "✏️ Sửa", "en": "✏️ Edit"},
    "btn_to_for_them": {"vi": "🔁 Sửa thành: làm hộ", "en": "🔁 Change to: done for them"},
    "btn_to_self": {"vi": "🔁 Sửa thành: tự làm", "en": "🔁 Change to: they did it"},
    # Undo and edit.
    "nothing_to_undo": {
        "vi": "Bạn chưa có phiếu nào để hoàn tác.", "en": "You have no record to undo.",
    },
    "undo_ask": {
        "vi": "Hoàn tác phiếu #{id}?\n{summary}", "en": "Undo record #{id}?\n{summary}",
    },
    "undone": {"vi": "↩️ Đã hoàn tác phiếu #{id}. Phiếu không còn được tính vào số liệu.",
               "en": "↩️ Record #{id} was undone and no longer counts."},
    "already_undone": {"vi": "Phiếu #{id} đã được hoàn tác trước đó.", "en": "Record #{id} was already undone."},
    "too_old": {
        "vi": "Phiếu #{id} đã quá 24 giờ nên không sửa hay hoàn tác được nữa. Nếu cần, bạn báo cán bộ xã nhé.",
        "en": "Record #{id} is older than 24 hours and can no longer be changed. Ask your commune coordinator.",
    },
    "no_record": {"vi": "Không có phiếu số {id}.", "en": "There is no record #{id}."},
    "not_yours": {
        "vi": "Phiếu #{id} do người khác ghi nên bạn không sửa hay hoàn tác được.",
        "en": "Record #{id} was logged by someone else, so you cannot change it.",
    },
    "edit_usage": {
        "vi": "Gõ /sua kèm số phiếu, ví dụ /sua 12. Bạn chưa có phiếu nào.",
        "en": "Type /edit with a record number, e.g. /edit 12. You have no records yet.",
    },
    "edit_menu": {"vi": "✏️ Sửa phiếu #{id}:\n{summary}\n\nBạn muốn sửa mục nào?",
                  "en": "✏️ Edit record #{id}:\n{summary}\n\nWhat do you want to change?"},
    "edit_ask_text": {"vi": "Bạn gõ nội dung mới cho «{field}» (gõ «xoá» để để trống).",
                      "en": "Type the new “{field}” (type “clear” to empty it)."},
    "edit_ask_skill": {"vi": "Bạn gõ vài chữ về việc đã giúp (ví dụ «thanh toán qr»).",
                       "en": "Type a few words about the skill (e.g. “qr payment”)."},
    "edit_pick_skill": {"vi": "Chọn việc đúng:", "en": "Pick the right skill:"},
    "edited": {"vi": "✅ Đã sửa phiếu #{id}: {changes}", "en": "✅ Record #{id} changed: {changes}"},
    "edit_nothing": {"vi": "Phiếu #{id} không có gì thay đổi.", "en": "Nothing changed in record #{id}."},
    "field_count": {"vi": "Số người", "en": "People"},
    "field_names": {"vi": "Tên", "en": "Names"},
    "field_household": {"vi": "Hộ", "en": "Household"},
    "field_note": {"vi": "Ghi chú", "en": "Note"},
    "field_mode": {"vi": "Cách làm", "en": "How"},
    "field_skill": {"vi": "Việc đã giúp", "en": "Skill"},
    # The reporting groups (guides' skill_group) and "other".
    "group_identity": {"vi": "Định danh điện tử (VNeID)", "en": "Electronic identity (VNeID)"},
    "group_public_services": {"vi": "Dịch vụ công trực tuyến", "en": "Online public services"},
    "group_online_shopping": {"vi": "Mua bán trực tuyến", "en": "Online shopping"},
    "group_online_payment": {"vi": "Thanh toán trực tuyến", "en": "Online payment"},
    "group_online_safety": {"vi": "An toàn trên mạng", "en": "Staying safe online"},
    "group_other_platform": {"vi": "Nền tảng số khác, của địa phương", "en": "Other or local platform"},
    "group_other": {"vi": "Việc khác", "en": "Other"},
})

GROUPS = ("identity", "public_services", "online_shopping", "online_payment", "online_safety", "other_platform",
          "other")


def group_name(locale: str, group: str) -> str:
    """The reporting group's name; unknown groups show as they are stored."""
    return T(locale, f"group_{group}") if group in GROUPS else group
