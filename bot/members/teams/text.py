"""Texts for creating teams, invite codes, joining, leaving and removing members."""

from __future__ import annotations

from bot.core.i18n import Catalog

T = Catalog({
    "team_where": {
        "vi": "Tổ mới thuộc thôn (hoặc xã) nào? Bạn chọn bên dưới, hoặc gõ tên thôn, xã (không dấu cũng được).",
        "en": "Which village (or commune) is the new team for? Pick below, or type its name.",
    },
    "team_where_type": {
        "vi": "Tổ mới thuộc thôn (hoặc xã) nào? Bạn gõ tên thôn hoặc xã (không dấu cũng được).",
        "en": "Which village (or commune) is the new team for? Type its name.",
    },
    "team_level": {
        "vi": "Tổ công nghệ số lập theo thôn hoặc theo xã, không lập theo tỉnh. Bạn chọn một thôn hoặc xã nhé.",
        "en": "Teams belong to a village or a commune, not a province. Please choose a village or commune.",
    },
    "team_name_ask": {
        "vi": "Tổ ở {place}. Bạn gõ tên tổ, hoặc bấm nút để dùng tên gợi ý.",
        "en": "The team is for {place}. Type its name, or press the button to use the suggested one.",
    },
    "team_default_name": {"vi": "Tổ công nghệ số {area}", "en": "Tổ công nghệ số {area}"},
    "btn_use_name": {"vi": "✅ Dùng tên «{name}»", "en": "✅ Use “{name}”"},
    "team_created": {
        "vi": "✅ Đã lập «{name}» (số {id}) ở {place}.\nBước tiếp theo: tạo mã mời để các thành viên tham gia.",
        "en": "✅ Created “{name}” (number {id}) for {place}.\nNext: create an invite code for the members.",
    },
    "btn_invite_one": {"vi": "🔑 Tạo mã mời (1 người)", "en": "🔑 Invite code (1 person)"},
    "btn_invite_many": {"vi": "🔑 Mã mời cho cả tổ ({uses} người)", "en": "🔑 Code for the whole team ({uses} people)"},
    "no_teams": {
        "vi": "Địa bàn của bạn chưa có tổ nào. Bạn lập tổ bằng lệnh /taoto nhé.",
        "en": "There is no team in your area yet. Create one with /newteam.",
    },
    "pick_team_invite": {"vi": "Bạn tạo mã mời cho tổ nào?", "en": "Which team is the invite for?"},
    "pick_team_remove": {"vi": "Bạn muốn xem thành viên của tổ nào?", "en": "Which team's members?"},
    "team_label": {"vi": "{name} — {place} (tổ số {id})", "en": "{name} — {place} (team {id})"},
    "no_such_team": {
        "vi": "Mình không tìm thấy tổ «{text}» trong địa bàn của bạn.",
        "en": "No team “{text}” in your area.",
    },
    "invite_made": {
        "vi": "🔑 Mã mời vào «{team}» ({place}):\n\n{code}\n\nDùng được {uses} lần, hết hạn lúc {expires}. Bạn gửi "
              "tin nhắn bên dưới cho người được mời.",
        "en": "🔑 Invite code for “{team}” ({place}):\n\n{code}\n\nValid for {uses} use(s) until {expires}. Forward "
              "the next message to the person you invite.",
    },
    "invite_forward": {
        "vi": "Mời bạn vào {team} trên Trợ lý Tổ công nghệ số. Bạn gõ: /thamgia {code}",
        "en": "You are invited to {team} on the digital team assistant. Type: /join {code}",
    },
    "join_ask": {
        "vi": "Bạn gõ mã mời do cán bộ xã gửi (8 ký tự, ví dụ: K7PM-3QXA).",
        "en": "Type the invite code from your commune (8 characters, e.g. K7PM-3QXA).",
    },
    "join_ok": {
        "vi": "🎉 Chào mừng bạn vào «{team}» ({place})!\nTừ nay bạn nhận được tin khi bà con trong thôn cần giúp.\n\n"
              "📝 Giúp ai xong, bạn ghi lại trong một dòng, ví dụ:\n/ghi cài vneid cho bà Lan, hộ ông Ba\n"
              "Giúp nhiều người thì mỗi người một dòng. Mình đọc rồi hỏi lại, bạn bấm «Lưu» là xong.\n"
              "📊 /toi — số liệu và các phiếu bạn đã ghi · /help — các lệnh khác · /roito — rời tổ",
        "en": "🎉 Welcome to “{team}” ({place})!\nYou will now hear when residents here ask for help.\n\n"
              "📝 After helping someone, log it in one line, e.g.:\n/log cài vneid cho bà Lan, hộ ông Ba\n"
              "Several people: one line each. I read it back, you press “Save”.\n"
              "📊 /me — your figures and records · /help — other commands · /leave — leave the team",
    },
    "join_moved": {"vi": "Bạn đã rời «{team}» cũ.", "en": "You have left your previous team “{team}”."},
    "join_already": {"vi": "Bạn đã là thành viên của «{team}» rồi.", "en": "You are already a member of “{team}”."},
    "join_wrong": {
        "vi": "Mã mời này không đúng. Bạn kiểm tra lại từng chữ (không có chữ O, I, L và số 0, 1) rồi gõ lại nhé.",
        "en": "That invite code is not right. Check each character (there is no O, I, L, 0 or 1) and try again.",
    },
    "join_used": {
        "vi": "Mã mời này đã dùng hết lượt. Bạn xin cán bộ xã một mã mới nhé.",
        "en": "That invite code has been used up. Please ask your commune for a new one.",
    },
    "join_expired": {
        "vi": "Mã mời này đã hết hạn. Bạn xin cán bộ xã một mã mới nhé.",
        "en": "That invite code has expired. Please ask your commune for a new one.",
    },
    "join_revoked": {
        "vi": "Mã mời này đã bị hủy. Bạn xin cán bộ xã một mã mới nhé.",
        "en": "That invite code was cancelled. Please ask your commune for a new one.",
    },
    "join_limited": {
        "vi": "Bạn đã nhập sai mã nhiều lần. Để giữ an toàn, bạn vui lòng thử lại sau {minutes} phút.",
        "en": "Too many wrong codes. To keep things safe, please try again in {minutes} minute(s).",
    },
    "leave_none": {"vi": "Bạn chưa ở trong tổ nào.", "en": "You are not in a team."},
    "leave_confirm": {
        "vi": "Bạn có chắc muốn rời «{team}» không? Các ghi chép hỗ trợ của bạn vẫn được giữ.",
        "en": "Do you really want to leave “{team}”? Your assist records are kept.",
    },
    "btn_leave_yes": {"vi": "🚪 Có, rời tổ", "en": "🚪 Yes, leave"},
    "btn_leave_no": {"vi": "Không, ở lại", "en": "No, stay"},
    "left": {"vi": "Bạn đã rời «{team}». Cảm ơn bạn đã giúp bà con!", "en": "You left “{team}”. Thank you for helping!"},
    "stayed": {"vi": "Bạn vẫn ở trong tổ.", "en": "You are still in the team."},
    "members_pick": {
        "vi": "Thành viên của «{team}». Bạn chọn người cần đưa ra khỏi tổ:",
        "en": "Members of “{team}”. Choose who to remove:",
    },
    "members_none": {"vi": "«{team}» chưa có thành viên nào.", "en": "“{team}” has no members yet."},
    "remove_confirm": {
        "vi": "Đưa {name} ra khỏi «{team}»? Các ghi chép của người này vẫn được giữ.",
        "en": "Remove {name} from “{team}”? Their records are kept.",
    },
    "btn_remove_yes": {"vi": "Có, đưa ra khỏi tổ", "en": "Yes, remove"},
    "btn_cancel": {"vi": "Thôi", "en": "Cancel"},
    "removed": {"vi": "Đã đưa {name} ra khỏi «{team}».", "en": "{name} was removed from “{team}”."},
    "removed_notice": {
        "vi": "Bạn không còn là thành viên của «{team}». Nếu có nhầm lẫn, bạn liên hệ cán bộ xã nhé.",
        "en": "You are no longer a member of “{team}”. If this is a mistake, please contact your commune.",
    },
    "not_in_team": {"vi": "Người này không còn trong tổ.", "en": "That person is no longer in the team."},
    "cancelled": {"vi": "Đã thôi, không thay đổi gì.", "en": "Cancelled; nothing changed."},
    "btn_menu": {"vi": "📋 Danh mục", "en": "📋 Menu"},
    "stale": {
        "vi": "Nút này đã cũ nên mình không dùng được nữa. Bạn gõ lại lệnh nhé.",
        "en": "That button is out of date. Please type the command again.",
    },
})
