"""What /help tells about teams: joining, logging assists and sessions, figures, residents' requests."""

from bot.core.help import HelpLine

LINES = (
    HelpLine("resident", "/thamgia MÃ", "vào tổ công nghệ số bằng mã mời (dán cả tin nhắn mời vào đây cũng được)",
             "join a digital team with an invite code (/join; pasting the invitation works too)"),
    HelpLine("member", "/ghi …", "ghi lượt hỗ trợ trong một dòng, ví dụ «/ghi cài vneid cho bà Lan, hộ ông Ba, xóm "
             "Đồng Tâm»; giúp nhiều người thì mỗi người một dòng", "log an assist in one line (/log), e.g. “/ghi "
             "cài vneid cho bà Lan, hộ ông Ba”; several people: one line each"),
    HelpLine("member", "/toi", "số liệu của bạn và 10 phiếu gần nhất", "your figures and latest 10 records (/me)"),
    HelpLine("member", "/to", "số liệu của cả tổ", "your team's figures (/team)"),
    HelpLine("member", "/sua SỐ", "sửa phiếu trong 24 giờ", "edit a record within 24 hours (/edit)"),
    HelpLine("member", "/hoantac SỐ", "hoàn tác phiếu (không ghi số: phiếu mới nhất)",
             "undo a record (/undo; no number: the latest)"),
    HelpLine("member", "/buoi", "ghi buổi hướng dẫn nhóm", "log a group session (/session)"),
    HelpLine("member", "/yeucau", "yêu cầu hỗ trợ của bà con trong thôn", "residents' requests for help (/requests)"),
    HelpLine("member", "/roito", "rời tổ", "leave the team (/leave)"),
    HelpLine("coordinator", "/taoto", "lập tổ công nghệ số cho thôn, xã", "create a team (/newteam)"),
    HelpLine("coordinator", "/moi", "tạo mã mời vào tổ", "create an invite code (/invite)"),
    HelpLine("coordinator", "/loaibo", "đưa thành viên ra khỏi tổ", "remove a member (/remove)"),
    HelpLine("coordinator", "/yeucau", "yêu cầu hỗ trợ trong địa bàn", "requests for help in your area"),
)
