"""What /help tells everyone about asking for guides, the menu, language and announcements."""

from bot.core.help import HelpLine

LINES = (
    HelpLine("resident", "", "Gõ câu hỏi, ví dụ «cài vneid», «quên mật khẩu dịch vụ công» (có dấu hay không dấu "
             "đều được).", "Type a question, e.g. “cài vneid” (with or without tone marks)."),
    HelpLine("resident", "/menu", "danh mục hướng dẫn", "the guide menu"),
    HelpLine("resident", "/start", "bắt đầu lại, làm tiếp hướng dẫn đang xem dở",
             "start again, or continue the guide you left"),
    HelpLine("resident", "/ngonngu", "đổi ngôn ngữ (Tiếng Việt / English)", "change language (/lang)"),
    HelpLine("resident", "/xungho", "chọn cách trợ lý xưng hô (bác, cô, chú, anh, chị…)",
             "how the assistant addresses you (Vietnamese forms)"),
    HelpLine("resident", "/nghe", "nghe đọc to từng bước, hoặc thôi", "hear each step read aloud, or stop"),
    HelpLine("resident", "/stop", "không nhận thông báo của xã, thôn nữa (gõ /start để nhận lại)",
             "no more announcements (type /start to get them again)"),
    HelpLine("resident", "", "Khi bị kẹt, chọn «Tôi bị kẹt» để xem cách xử lý hoặc nhờ tổ công nghệ số của thôn "
             "giúp.", "When stuck, press “I'm stuck” for fixes or to ask your village team."),
)
