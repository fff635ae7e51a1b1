"""Wording of the Excel export: sheet names, headers and the notes/sources sheet."""

from __future__ import annotations

from bot.core.i18n import Catalog

T = Catalog({
    "sheet_summary": {"vi": "Tổng hợp", "en": "Summary"},
    "sheet_details": {"vi": "Chi tiết theo thôn", "en": "Details by village"},
    "sheet_assists": {"vi": "Lượt hỗ trợ", "en": "Assists"},
    "sheet_sessions": {"vi": "Buổi hướng dẫn", "en": "Sessions"},
    "sheet_skills": {"vi": "Theo kỹ năng", "en": "By skill"},
    "sheet_members": {"vi": "Theo thành viên", "en": "By member"},
    "sheet_help": {"vi": "Yêu cầu hỗ trợ", "en": "Help requests"},
    "sheet_weeks": {"vi": "Theo tuần", "en": "By week"},
    "sheet_notes": {"vi": "Ghi chú", "en": "Notes"},
    "title": {"vi": "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG",
              "en": "COMMUNITY DIGITAL TECHNOLOGY TEAMS — ACTIVITY REPORT"},
    "area": {"vi": "Địa bàn: {area}", "en": "Area: {area}"},
    "period": {"vi": "Kỳ báo cáo: {label} ({start} – {end}); lũy kế từ {cum}; {target}",
               "en": "Period: {label} ({start} – {end}); cumulative since {cum}; {target}"},
    "target_period": {"vi": "kỳ chỉ tiêu: {period}", "en": "target period: {period}"},
    "no_target": {"vi": "chưa có chỉ tiêu", "en": "no targets entered"},
    "total": {"vi": "Tổng cộng", "en": "Total"},
    "h_assists": {"vi": "Mã|Thời gian|Mã thôn|Thôn|Thành viên|Nhóm kỹ năng|Hướng dẫn / việc|Cách hỗ trợ|Số người|Hộ",
                  "en": "No.|Time|Village code|Village|Member|Skill group|Guide / task|How|People|Household"},
    "h_sessions": {"vi": "Mã|Ngày|Mã thôn|Thôn|Thành viên|Nội dung|Địa điểm|Người dự",
                   "en": "No.|Date|Village code|Village|Member|Topics|Place|Attending"},
    "h_skills": {"vi": "Nhóm kỹ năng|Lượt hỗ trợ|Tự làm có hướng dẫn|Làm hộ|Số người",
                 "en": "Skill group|Assists|Self-done with guidance|Done for them|People"},
    "h_guides": {"vi": "Hướng dẫn / việc|Nhóm kỹ năng|Lượt hỗ trợ|Tự làm có hướng dẫn|Làm hộ",
                 "en": "Guide / task|Skill group|Assists|Self-done with guidance|Done for them"},
    "h_members": {"vi": "Thành viên|Tổ|Lượt hỗ trợ|Tự làm có hướng dẫn|Làm hộ|Buổi hướng dẫn|Người dự",
                  "en": "Member|Team|Assists|Self-done with guidance|Done for them|Sessions|Attending"},
    "h_help": {"vi": "Mã|Ngày gửi|Mã thôn|Thôn|Hướng dẫn|Bước|Trạng thái|Ngày xong|Số giờ để xong",
               "en": "No.|Opened|Village code|Village|Guide|Step|Status|Closed|Hours to close"},
    "h_weeks": {"vi": "Tuần (từ thứ Hai)", "en": "Week (from Monday)"},
    "mode_self": {"vi": "Tự làm có hướng dẫn", "en": "Self-done with guidance"},
    "mode_for_them": {"vi": "Làm hộ", "en": "Done for them"},
    "status_open": {"vi": "Đang chờ", "en": "Waiting"},
    "status_claimed": {"vi": "Đã có người nhận", "en": "Claimed"},
    "status_closed": {"vi": "Đã xong", "en": "Closed"},
    "status_cancelled": {"vi": "Đã hủy", "en": "Cancelled"},
    "truncated": {"vi": "… còn {n} lượt nữa không đưa vào tệp gửi qua tin nhắn. Xuất đầy đủ bằng lệnh: {command}",
                  "en": "… {n} more assists not included in the file sent by chat. Full export: {command}"},
    "chart_title": {"vi": "Lượt hỗ trợ theo tuần và nhóm kỹ năng — {area}",
                    "en": "Assists per week by skill group — {area}"},
    "chart_axis": {"vi": "Lượt hỗ trợ", "en": "Assists"},
    "notes": {
        "vi": "Thông tin|Nội dung\n"
              "Báo cáo|Kết quả hoạt động tổ công nghệ số cộng đồng\n"
              "Địa bàn|{area}\n"
              "Kỳ báo cáo|{label}: {start} – {end}\n"
              "Số liệu đến hết ngày|{through}\n"
              "So sánh với|{compared}\n"
              "Lũy kế|Từ {cum} đến hết ngày {through}\n"
              "Kỳ chỉ tiêu|{target}\n"
              "Thời điểm lập|{generated}\n"
              "Nguồn số liệu|Nhật ký hỗ trợ do thành viên tổ ghi trong bot (/ghi); buổi hướng dẫn (/buoi); yêu cầu "
              "hỗ trợ người dân gửi qua bot; lượt người dân mở hướng dẫn trong bot; số hộ, số người trưởng thành và "
              "chỉ tiêu do cán bộ nhập (/chitieu).\n"
              "Không thuộc báo cáo này|Tỷ lệ hồ sơ trực tuyến, số tài khoản VNeID… lấy từ hệ thống của cơ quan nhà "
              "nước; nhập đúng như hệ thống đó công bố, không suy ra từ nhật ký của tổ.\n"
              "Lượt hỗ trợ|Mỗi lần thành viên giúp người dân một việc; bản ghi đã hoàn tác không được tính.\n"
              "Tự làm có hướng dẫn|Người dân tự thao tác, thành viên hướng dẫn — phản ánh kỹ năng người dân có thêm.\n"
              "Làm hộ|Thành viên làm thay người dân; tính riêng để số liệu trung thực.\n"
              "Hộ được hỗ trợ|Số hộ khác nhau trong mỗi thôn (theo tên hộ đã ghi); một hộ được giúp nhiều lần chỉ "
              "tính một lần; lượt không ghi hộ không được tính vào số hộ. «Hộ mới» trong kỳ là hộ được hỗ trợ lần "
              "đầu trong kỳ: cộng được giữa các thôn và các kỳ (lũy kế kỳ trước + hộ mới = lũy kế kỳ này).\n"
              "Độ phủ hộ|Hộ được hỗ trợ lũy kế ÷ tổng số hộ của thôn. Dòng tổng chỉ tính các thôn đã có số hộ.\n"
              "Chỉ tiêu, % đạt|% đạt = kết quả lũy kế ÷ chỉ tiêu của kỳ chỉ tiêu. Dòng tổng: tổng kết quả của các "
              "thôn có chỉ tiêu ÷ tổng chỉ tiêu (thôn chưa báo cáo tính là chưa đạt).\n"
              "Thôn đã báo cáo|Thôn có ít nhất một lượt hỗ trợ hoặc một buổi hướng dẫn trong kỳ.\n"
              "Ô trống|Chưa có số liệu (thôn chưa báo cáo, chưa nhập số hộ hoặc chỉ tiêu) — không có nghĩa là 0.\n"
              "Cần kiểm tra|Số hộ được hỗ trợ lớn hơn số hộ của thôn, hoặc người dự nhiều hơn số người trưởng thành.\n"
              "Người dân dùng bot|Số người (đã chọn thôn) mở ít nhất một hướng dẫn trong kỳ.\n"
              "Riêng tư|Tệp không có tên người dân, ghi chú hay số giấy tờ; chỉ có nhãn hộ do thành viên ghi.\n"
              "Tên cột|Tỉnh có thể đổi tên hoặc ẩn cột ở trang Tổng hợp: /chitieu cot",
        "en": "Item|Details\n"
              "Report|Activity of community digital technology teams\n"
              "Area|{area}\n"
              "Period|{label}: {start} – {end}\n"
              "Figures up to|{through}\n"
              "Compared with|{compared}\n"
              "Cumulative|From {cum} to {through}\n"
              "Target period|{target}\n"
              "Generated|{generated}\n"
              "Data sources|Assist logs members keep in the bot (/log); sessions (/session); residents' help "
              "requests sent through the bot; residents opening guides in the bot; households, adults and targets "
              "entered by coordinators (/target).\n"
              "Not in this report|Official system rates (online applications, VNeID accounts…) come from government "
              "systems; enter them as published there, never derived from team logs.\n"
              "Assists|Each time a member helped a resident with one task; undone records are not counted.\n"
              "Self-done with guidance|The resident did it, guided by the member — skills gained.\n"
              "Done for them|The member did it for the resident; kept apart so figures stay honest.\n"
              "Households reached|Distinct households per village (by the label logged); a household helped several "
              "times counts once; assists without a household label are not counted as households. \"New\" "
              "households in a period were reached for the first time then: they add up across villages and "
              "periods.\n"
              "Household coverage|Cumulative households reached ÷ households in the village. The total row counts "
              "only villages with a household number.\n"
              "Targets, % of target|% = cumulative result ÷ the target of the target period. Total row: results of "
              "villages with a target ÷ their summed targets (a village that has not reported counts as nothing "
              "done).\n"
              "Villages that reported|At least one assist or session in the period.\n"
              "Empty cell|No data (not reported, or households/targets not entered) — it does not mean 0.\n"
              "Check|More households reached than the village has, or more attending than its adults.\n"
              "Residents using the bot|People (who chose their village) that opened at least one guide.\n"
              "Privacy|No residents' names, notes or ID numbers; only the household labels members logged.\n"
              "Column names|A province can rename or hide Summary columns: /target cot",
    },
})


def header(locale: str, key: str) -> list[str]:
    return T(locale, key).split("|")
