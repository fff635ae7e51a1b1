"""What residents read: the Vietnamese-first catalog for menus, guides and help."""

from bot.core.i18n import Catalog

T = Catalog({
    "greeting": {
        "vi": "Xin chào {name}! 👋 Mình là trợ lý tự động của Tổ công nghệ số cộng đồng. Mình hướng dẫn từng "
              "bước cách dùng VNeID, dịch vụ công, thanh toán bằng mã QR và nhiều việc khác trên điện thoại.\n"
              "Bạn cứ gõ câu hỏi (có dấu hay không dấu đều được), hoặc chọn một mục bên dưới.",
        "en": "Hello {name}! 👋 I am the automated assistant of the community digital-technology team. I guide you "
              "step by step through VNeID, online public services, QR payments and more.\n"
              "Type your question, or pick a topic below.",
    },
    "menu": {"vi": "📋 Bạn cần hướng dẫn về việc gì?", "en": "📋 What do you need help with?"},
    "stale": {
        "vi": "Nút này đã cũ nên mình không mở được nữa. Bạn chọn lại trong danh mục mới nhất nhé.",
        "en": "That button is out of date. Please choose again from the latest menu.",
    },
    "category": {"vi": "{icon} {title}\nBạn chọn một hướng dẫn:", "en": "{icon} {title}\nPick a guide:"},
    "guide_gone": {
        "vi": "Hướng dẫn này hiện không còn. Bạn chọn hướng dẫn khác trong danh mục nhé.",
        "en": "This guide is no longer available. Please pick another one from the menu.",
    },
    "intro_needs": {"vi": "Bạn cần chuẩn bị:", "en": "Before you start you need:"},
    "intro_prereq": {"vi": "👉 Nên làm trước: {titles}", "en": "👉 Do this first: {titles}"},
    "intro_steps": {"vi": "Hướng dẫn có {n} bước.", "en": "This guide has {n} steps."},
    "step": {"vi": "Bước {n}/{total}", "en": "Step {n}/{total}"},
    "done": {
        "vi": "✅ Bạn đã xem hết hướng dẫn «{title}».\nHướng dẫn này có giúp được bạn không?",
        "en": "✅ You have reached the end of “{title}”.\nDid this guide help you?",
    },
    "thanks_yes": {
        "vi": "Cảm ơn bạn! Rất vui vì đã giúp được bạn. 🌟", "en": "Thank you! Glad it helped. 🌟",
    },
    "thanks_no": {
        "vi": "Cảm ơn bạn đã cho biết. Nếu cần, tổ công nghệ số của thôn có thể đến giúp trực tiếp.",
        "en": "Thanks for telling us. If you like, your village's digital team can help you in person.",
    },
    "stuck": {
        "vi": "Đừng lo, nhiều người cũng gặp vướng ở bước này. Một số cách xử lý:",
        "en": "Don't worry, many people get stuck here. Some things to try:",
    },
    "ask_team": {
        "vi": "Bạn có muốn nhờ tổ công nghệ số của thôn đến giúp trực tiếp không?",
        "en": "Would you like your village's digital team to help you in person?",
    },
    "help_saved": {
        "vi": "✅ Mình đã ghi lại yêu cầu số {id}. Tổ công nghệ số của thôn sẽ nhắn cho bạn qua đây để hẹn giúp. "
              "Bạn không cần gửi số điện thoại hay giấy tờ gì.",
        "en": "✅ Request no. {id} is saved. Your village's digital team will message you here to arrange a visit. "
              "You do not need to send your phone number or any documents.",
    },
    "found_one": {"vi": "Mình tìm thấy hướng dẫn phù hợp:", "en": "I found a matching guide:"},
    "found_many": {"vi": "Bạn muốn xem hướng dẫn nào?", "en": "Which guide would you like?"},
    "not_found": {
        "vi": "Xin lỗi, mình chưa có hướng dẫn cho câu hỏi này. Bạn thử hỏi cách khác, chọn trong danh mục, "
              "hoặc nhờ tổ công nghệ số của thôn giúp trực tiếp nhé.",
        "en": "Sorry, I don't have a guide for that yet. Try asking another way, pick from the menu, or ask "
              "your village's digital team for help in person.",
    },
    "resume": {
        "vi": "Lần trước bạn đang xem «{title}», {step}. Bạn muốn làm tiếp không?",
        "en": "Last time you were on “{title}”, {step}. Continue?",
    },
    "language": {"vi": "Đã chuyển sang tiếng Việt.", "en": "Switched to English."},
    "btn_start": {"vi": "▶️ Bắt đầu", "en": "▶️ Start"},
    "btn_next": {"vi": "Tiếp ▶️", "en": "Next ▶️"},
    "btn_back": {"vi": "◀️ Quay lại", "en": "◀️ Back"},
    "btn_finish": {"vi": "✅ Xong", "en": "✅ Done"},
    "btn_menu": {"vi": "📋 Danh mục", "en": "📋 Menu"},
    "btn_stuck": {"vi": "🆘 Tôi bị kẹt", "en": "🆘 I'm stuck"},
    "btn_team": {"vi": "🙋 Nhờ tổ công nghệ số giúp", "en": "🙋 Ask the village team"},
    "btn_continue": {"vi": "▶️ Làm tiếp", "en": "▶️ Continue"},
    "btn_yes": {"vi": "👍 Có", "en": "👍 Yes"},
    "btn_no": {"vi": "👎 Chưa", "en": "👎 Not really"},
    "btn_not_this": {"vi": "Không phải", "en": "Not this"},
    "btn_lang": {"vi": "🌐 English", "en": "🌐 Tiếng Việt"},
})
