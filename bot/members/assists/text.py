"""What members read while logging, undoing and editing assists; also the reporting groups' names."""

from bot.core.i18n import Catalog

T = Catalog({
    "ask_line": {
        "vi": "📝 Ghi lượt hỗ trợ — gõ một dòng: việc gì, cho ai, hộ nào, ở đâu. Ví dụ:\n"
              "«cài vneid cho bà Lan, hộ ông Ba, xóm Đồng Tâm»\n"
              "Giúp nhiều người: mỗi người một dòng, hoặc «bà Nụ cài vneid, ông Khải quên passcode».\n"
              "Hoặc chọn việc bên dưới rồi gõ tên người được giúp.",
        "en": "📝 Log an assist — type one line: what, for whom, which household, where. For example:\n"
              "“cài vneid cho bà Lan, hộ ông Ba, xóm Đồng Tâm”\n"
              "Several people: one per line, or “bà Nụ cài vneid, ông Khải quên passcode”.\n"
              "Or pick the task below, then type who you helped.",
    },
    "ask_people": {
        "vi": "🙋 Ai được giúp? Gõ tên (ví dụ «bà Lan, ông Tư»), hoặc số người («3 người»), có thể kèm hộ "
              "(«hộ ông Ba»). Đừng ghi số điện thoại hay số căn cước.",
        "en": "🙋 Who did you help? Type names (e.g. “bà Lan, ông Tư”) or a number (“3 người”), with the "
              "household if you like (“hộ ông Ba”). No phone or ID-card numbers.",
    },
    "ask_household": {
        "vi": "🏠 Hộ nào? Gõ ví dụ «hộ ông Ba» hoặc «nhà bà Lan» — mỗi hộ được đếm một lần trong báo cáo. "
              "Gõ «không» để bỏ trống.",
        "en": "🏠 Which household? Type e.g. “hộ ông Ba” or “nhà bà Lan” — reports count each household once. "
              "Type “không” to leave it empty.",
    },
    "ask_task": {
        "vi": "🧩 Việc đã giúp là gì? Gõ vài chữ (ví dụ «kích hoạt mức 2») hoặc chọn bên dưới.",
        "en": "🧩 What did you help with? Type a few words (e.g. “kích hoạt mức 2”) or pick below.",
    },
    "ask_village": {
        "vi": "📍 Bạn đã giúp ở thôn nào? Chọn hoặc gõ tên thôn.",
        "en": "📍 In which village? Pick or type its name.",
    },
    "draft_one": {"vi": "📝 Mình hiểu là:\n\n{summary}", "en": "📝 I understood:\n\n{summary}"},
    "draft_many": {"vi": "📝 Mình hiểu là {n} lượt hỗ trợ:\n\n{lines}", "en": "📝 I understood {n} assists:\n\n{lines}"},
    "draft_hint": {
        "vi": "Đúng thì bấm «Lưu». Chỗ nào chưa đúng thì bấm mục đó để sửa.",
        "en": "If right, press “Save”. Press any part that is wrong to fix it.",
    },
    "item_hint": {
        "vi": "Xong thì bấm «Xong lượt này» để về danh sách rồi bấm «Lưu».",
        "en": "When done, press “Done with this one” to go back to the list, then “Save”.",
    },
    "item_view": {"vi": "✏️ Lượt {k}/{n}:\n\n{summary}", "en": "✏️ Assist {k} of {n}:\n\n{summary}"},
    "waiting_line": {
        "vi": "Dòng bạn vừa gõ («{line}») mình giữ lại và sẽ đọc ngay khi bạn lưu hoặc huỷ phiếu dưới đây.",
        "en": "I kept the line you just typed (“{line}”) and will read it as soon as you save or cancel the entry "
              "below.",
    },
    "still_open": {
        "vi": "Bạn còn một phiếu chưa lưu:", "en": "You have an entry that is not saved yet:",
    },
    "not_an_answer": {
        "vi": "ℹ️ «{text}» không giống {what}, nên mình không ghi vào phiếu. Phiếu chưa lưu vẫn được giữ — gõ /ghi "
              "để xem lại.",
        "en": "ℹ️ “{text}” does not look like {what}, so it was not put in your entry. The unsaved entry is kept — "
              "type /log to see it.",
    },
    "draft_kept": {
        "vi": "📝 Bạn còn một phiếu chưa lưu — gõ /ghi để xem lại.",
        "en": "📝 You have an entry not saved yet — type /log to see it.",
    },
    "not_a_line": {
        "vi": "ℹ️ «{text}» không giống một lượt hỗ trợ nên mình chưa ghi gì. Khi cần ghi, bạn gõ /ghi nhé.",
        "en": "ℹ️ “{text}” does not look like an assist, so nothing was logged. Type /log when you need to.",
    },
    "what_people": {"vi": "tên người được giúp", "en": "the names of people helped"},
    "what_household": {"vi": "một hộ gia đình", "en": "a household"},
    "what_village": {"vi": "một thôn của tổ", "en": "one of your team's villages"},
    "what_task": {"vi": "một việc trong các hướng dẫn", "en": "a task from the guides"},
    "what_line": {"vi": "một lượt hỗ trợ", "en": "an assist"},
    "what_confirm": {"vi": "lời Lưu hay Huỷ", "en": "Save or Cancel"},
    "nothing_read": {
        "vi": "Mình chưa đọc ra việc đã giúp trong «{text}». Bạn gõ lại, ví dụ «cài vneid cho bà Lan».",
        "en": "I could not find what you helped with in “{text}”. Try e.g. “cài vneid cho bà Lan”.",
    },
    "too_many": {
        "vi": "Mình chỉ đọc {n} lượt đầu trong một tin nhắn. Các lượt sau, bạn gửi trong tin khác nhé.",
        "en": "I only read the first {n} assists of a message. Please send the rest in another message.",
    },
    "no_village_match": {
        "vi": "Mình không tìm thấy thôn «{text}» trong địa bàn của tổ. Bạn chọn trong danh sách nhé.",
        "en": "No village “{text}” in your team's area. Please pick from the list.",
    },
    "saved": {
        "vi": "✅ Đã lưu, số phiếu #{id}.\n{summary}\n\nCần sửa hay hoàn tác thì trong 24 giờ gõ /sua {id} hoặc /hoantac.",
        "en": "✅ Saved as record #{id}.\n{summary}\n\nTo edit or undo within 24 hours type /edit {id} or /undo.",
    },
    "saved_many": {
        "vi": "✅ Đã lưu {n} phiếu:\n{lines}\n\nCần sửa hay hoàn tác thì trong 24 giờ gõ /sua SỐ hoặc /hoantac SỐ "
              "(ví dụ /sua {first}).",
        "en": "✅ Saved {n} records:\n{lines}\n\nTo edit or undo within 24 hours type /edit NUMBER or /undo NUMBER "
              "(e.g. /edit {first}).",
    },
    "already_saved": {"vi": "Phiếu này đã được lưu rồi, số phiếu {ids}.", "en": "Already saved as record {ids}."},
    "cancelled": {"vi": "Đã huỷ, không lưu gì.", "en": "Cancelled; nothing was saved."},
    "stale_form": {
        "vi": "Nút này thuộc một phiếu cũ (đã lưu, đã huỷ hoặc đã hết hạn). Gõ /ghi để ghi lượt hỗ trợ mới.",
        "en": "That button belongs to an old entry (saved, cancelled or expired). Type /log to log a new assist.",
    },
    "reminder": {
        "vi": "⏰ Bạn còn phiếu chưa lưu từ {time}. Bấm «Lưu» để lưu, hoặc «Huỷ» nếu không cần — phiếu chưa lưu "
              "sẽ hết hạn sau {hours} giờ.",
        "en": "⏰ You have an unsaved entry from {time}. Press “Save” to keep it, or “Cancel” — unsaved entries "
              "expire after {hours} hours.",
    },
    "expired": {
        "vi": "⌛ Phiếu chưa lưu từ {time} đã hết hạn nên không được tính:\n\n{lines}",
        "en": "⌛ The unsaved entry from {time} expired and does not count:\n\n{lines}",
    },
    "expired_again": {
        "vi": "Nếu cần, bạn gõ lại:\n/ghi {line}", "en": "If needed, type it again:\n/log {line}",
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
    "sum_skill_unsure": {"vi": "• Việc: {skill} ❓ (bạn xem lại giúp)", "en": "• Skill: {skill} ❓ (please check)"},
    "sum_skill_other": {"vi": "• Việc: «{skill}» ❓ (không khớp hướng dẫn nào)",
                        "en": "• Skill: “{skill}” ❓ (matches no guide)"},
    "sum_group": {"vi": "• Nhóm kỹ năng: {group}", "en": "• Skill group: {group}"},
    "sum_count": {"vi": "• Số người: {n}", "en": "• People: {n}"},
    "sum_names": {"vi": "• Tên: {names}", "en": "• Names: {names}"},
    "sum_household": {"vi": "• Hộ: {household}", "en": "• Household: {household}"},
    "sum_mode": {"vi": "• Cách làm: {mode}", "en": "• How: {mode}"},
    "sum_village": {"vi": "• Nơi: {village}", "en": "• Where: {village}"},
    "sum_no_village": {"vi": "• Nơi: ❓ chưa chọn thôn", "en": "• Where: ❓ no village chosen"},
    "sum_note": {"vi": "• Ghi chú: {note}", "en": "• Note: {note}"},
    "line_all": {"vi": "(Tất cả: {parts})", "en": "(All: {parts})"},
    "line_people": {"vi": "{n} người", "en": "{n} people"},
    "mode_self": {"vi": "người dân tự làm, có hướng dẫn", "en": "resident did it with guidance"},
    "mode_for_them": {"vi": "làm hộ", "en": "done for them"},
    "btn_save": {"vi": "💾 Lưu", "en": "💾 Save"},
    "btn_save_all": {"vi": "💾 Lưu cả {n} phiếu", "en": "💾 Save all {n}"},
    "btn_for_them": {"vi": "🤝 Mình làm hộ", "en": "🤝 I did it for them"},
    "btn_self": {"vi": "🧑‍🏫 Người dân tự làm", "en": "🧑‍🏫 They did it, I guided"},
    "btn_all_for_them": {"vi": "🤝 Tất cả: mình làm hộ", "en": "🤝 All: done for them"},
    "btn_all_self": {"vi": "🧑‍🏫 Tất cả: người dân tự làm", "en": "🧑‍🏫 All: they did it"},
    "btn_task": {"vi": "✏️ Việc", "en": "✏️ Task"},
    "btn_people": {"vi": "✏️ Người được giúp", "en": "✏️ People"},
    "btn_household": {"vi": "✏️ Hộ", "en": "✏️ Household"},
    "btn_village": {"vi": "✏️ Nơi", "en": "✏️ Village"},
    "btn_item": {"vi": "✏️ Sửa lượt {k}", "en": "✏️ Edit assist {k}"},
    "btn_edit_more": {"vi": "✏️ Sửa mục khác", "en": "✏️ Edit something else"},
    "btn_record": {"vi": "✏️ Sửa phiếu #{id}", "en": "✏️ Edit record #{id}"},
    "btn_item_done": {"vi": "✅ Xong lượt này", "en": "✅ Done with this one"},
    "btn_item_drop": {"vi": "🗑️ Bỏ lượt này", "en": "🗑️ Remove this one"},
    "btn_cancel": {"vi": "✖️ Huỷ", "en": "✖️ Cancel"},
    "btn_back": {"vi": "◀️ Quay lại", "en": "◀️ Back"},
    "btn_new": {"vi": "📝 Ghi tiếp", "en": "📝 Log another"},
    "btn_undo": {"vi": "↩️ Hoàn tác", "en": "↩️ Undo"},
    "btn_edit": {"vi": "✏️ Sửa", "en": "✏️ Edit"},
    "btn_to_for_them": {"vi": "🔁 Sửa thành: làm hộ", "en": "🔁 Change to: done for them"},
    "btn_to_self": {"vi": "🔁 Sửa thành: tự làm", "en": "🔁 Change to: they did it"},
    "ask_count": {
        "vi": "👥 Bạn đã giúp bao nhiêu người? Chọn hoặc gõ một số.",
        "en": "👥 How many people did you help? Pick or type a number.",
    },
    "ask_count_typed": {
        "vi": "👥 Bạn đã giúp bao nhiêu người? Gõ một số (ví dụ 1). Gõ «huỷ» nếu không sửa nữa.",
        "en": "👥 How many people did you help? Type a number (e.g. 1). Type “cancel” to stop.",
    },
    "bad_count": {
        "vi": "Số người cần là một số từ 1 đến 500. Bạn gõ lại giúp mình nhé.",
        "en": "The number of people must be from 1 to 500. Please type it again.",
    },
    "skill_not_found": {
        "vi": "Mình chưa tìm thấy việc «{text}». Bạn gõ cách khác, hoặc chọn trong danh sách.",
        "en": "Nothing matches “{text}”. Try other words, or pick from the list.",
    },
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
