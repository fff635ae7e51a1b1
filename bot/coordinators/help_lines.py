"""What /help tells coordinators (announcements, reports, targets) and admins (roles)."""

from bot.core.help import HelpLine

LINES = (
    HelpLine("coordinator", "/thongbao", "gửi thông báo cho bà con, thành viên — một thôn, nhiều thôn hay cả xã; "
             "người dân trả lời trong 48 giờ thì tin đến bạn hoặc tổ của thôn",
             "send an announcement to one village, several or the whole area; replies within 48 h reach you or "
             "the village team (/broadcast)"),
    HelpLine("coordinator", "/broadcasts", "xem các thông báo đã gửi, dừng thông báo chưa gửi xong",
             "recent announcements; stop one still sending"),
    HelpLine("coordinator", "/baocao [kỳ] [nơi]", "báo cáo, ví dụ «/baocao tháng này»",
             "the report, e.g. “/report this month”"),
    HelpLine("coordinator", "/xuatbaocao [kỳ] [nơi]", "báo cáo gửi lên trên: tệp Excel, PDF một trang (trên Zalo: "
             "ảnh và đường dẫn tải)", "the report to send upward: Excel, a one-page PDF (on Zalo: a picture and "
             "a download link) (/export)"),
    HelpLine("coordinator", "/chitieu thôn Đồng Tâm 120 hộ", "nhập chỉ tiêu, số hộ, số người lớn của thôn (hoặc dán "
             "bảng CSV); bot nhắc lại để bạn xác nhận", "enter a village's targets, households and adults (or "
             "paste CSV); echoed back to confirm (/target)"),
    HelpLine("coordinator", "/mauvanban", "tên cơ quan, số văn bản, người ký trên báo cáo",
             "the issuer, document number and signer on reports (/letterhead)"),
    HelpLine("coordinator", "/tomtat", "bật, tắt bản tóm tắt hằng tuần", "weekly digest on or off (/digest)"),
    HelpLine("admin", "/capquyen kênh:số MÃ", "giao vai trò cán bộ điều phối cho một xã, tỉnh",
             "make someone a coordinator of an area (/grant)"),
    HelpLine("admin", "/thuhoi kênh:số MÃ", "thu hồi vai trò đó", "take that role back (/revoke)"),
)
