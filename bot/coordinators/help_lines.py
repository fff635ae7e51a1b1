"""What /help tells coordinators (announcements, reports, targets) and admins (roles)."""

from bot.core.help import HelpLine

LINES = (
    HelpLine("coordinator", "/thongbao", "gửi thông báo cho bà con, thành viên trong địa bàn",
             "send an announcement to your area (/broadcast)"),
    HelpLine("coordinator", "/broadcasts", "xem các thông báo đã gửi, dừng thông báo chưa gửi xong",
             "recent announcements; stop one still sending"),
    HelpLine("coordinator", "/baocao [kỳ] [nơi]", "báo cáo, ví dụ «/baocao tháng này»",
             "the report, e.g. “/report this month”"),
    HelpLine("coordinator", "/xuatbaocao [kỳ] [nơi]", "tệp Excel để gửi báo cáo lên trên",
             "the Excel file to send upward (/export)"),
    HelpLine("coordinator", "/chitieu", "nhập số hộ, số người lớn và chỉ tiêu của thôn",
             "enter a village's households, adults and targets (/target)"),
    HelpLine("coordinator", "/tomtat", "bật, tắt bản tóm tắt hằng tuần", "weekly digest on or off (/digest)"),
    HelpLine("admin", "/capquyen kênh:số MÃ", "giao vai trò cán bộ điều phối cho một xã, tỉnh",
             "make someone a coordinator of an area (/grant)"),
    HelpLine("admin", "/thuhoi kênh:số MÃ", "thu hồi vai trò đó", "take that role back (/revoke)"),
)
