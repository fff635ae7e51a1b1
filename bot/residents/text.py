"""What residents read: the Vietnamese-first catalog for menus, guides and help.

``{you}``/``{me}`` (``{You}``/``{Me}`` to start a sentence) are the reader's pronoun pair (bác–cháu, anh–em…).
"""

from bot.core.i18n import Catalog

T = Catalog({
    "greeting": {
        "vi": "Xin chào {name}! 👋 {Me} là trợ lý tự động của Tổ công nghệ số cộng đồng, hướng dẫn từng bước "
              "VNeID, dịch vụ công, thanh toán QR… {You} cứ gõ câu hỏi, có dấu hay không dấu đều được. Muốn "
              "{me} xưng hô khác, {you} gõ «gọi tôi là bác» (hoặc cô, chú, anh, chị…).",
        "en": "Hello {name}! 👋 I am the automated assistant of the community digital-technology team. I guide you "
              "step by step through VNeID, public services, QR payments and more. Type your question, or pick a "
              "topic below.",
    },
    "menu": {"vi": "📋 {You} cần hướng dẫn về việc gì?", "en": "📋 What do you need help with?"},
    "stale": {
        "vi": "Nút này đã cũ nên {me} không mở được nữa. {You} chọn lại trong danh mục mới nhất nhé.",
        "en": "That button is out of date. Please choose again from the latest menu.",
    },
    "category": {"vi": "{icon} {title}\n{You} chọn một hướng dẫn:", "en": "{icon} {title}\nPick a guide:"},
    "guide_gone": {
        "vi": "Hướng dẫn này hiện không còn. {You} chọn hướng dẫn khác trong danh mục nhé.",
        "en": "This guide is no longer available. Please pick another one from the menu.",
    },
    "intro_steps": {"vi": "Hướng dẫn có {n} bước.", "en": "This guide has {n} steps."},
    "intro_more": {
        "vi": "Trước khi bắt đầu, {you} xem «Cần chuẩn bị gì» nhé.",
        "en": "Before you start, look at “What you need”.",
    },
    "needs_title": {"vi": "📋 {title}: cần chuẩn bị", "en": "📋 {title}: what you need"},
    "intro_prereq": {"vi": "👉 Nên làm trước: {titles}", "en": "👉 Do this first: {titles}"},
    "step": {"vi": "Bước {n}/{total}", "en": "Step {n}/{total}"},
    "done": {
        "vi": "✅ {You} đã xem hết hướng dẫn «{title}».\nHướng dẫn này có giúp được {you} không?",
        "en": "✅ You have reached the end of “{title}”.\nDid this guide help you?",
    },
    "thanks_yes": {"vi": "Cảm ơn {you}! {Me} rất vui vì đã giúp được. 🌟", "en": "Thank you! Glad it helped. 🌟"},
    "thanks_no": {
        "vi": "Cảm ơn {you} đã cho biết. Nếu cần, tổ công nghệ số có thể giúp {you} trực tiếp.",
        "en": "Thanks for telling us. If you like, the digital team can help you in person.",
    },
    "stuck": {
        "vi": "Đừng lo, nhiều người cũng vướng ở đây. {You} gặp chuyện gì?",
        "en": "Don't worry, many people get stuck here. What is the problem?",
    },
    "trouble_more": {
        "vi": "Nếu vẫn chưa được, {you} bấm «Nhờ tổ công nghệ số» để có người giúp.",
        "en": "If it still does not work, press “Ask the digital team” and someone will help.",
    },
    "help_saved": {
        "vi": "✅ {Me} đã ghi lại yêu cầu số {id}. {You} không cần gửi số điện thoại hay giấy tờ gì.",
        "en": "✅ Request no. {id} is saved. You do not need to send your phone number or any documents.",
    },
    "found_one": {"vi": "{Me} tìm thấy hướng dẫn phù hợp:", "en": "I found a matching guide:"},
    "found_many": {"vi": "{You} muốn xem mục nào?", "en": "Which one would you like?"},
    "found_entry": {"vi": "Trong hướng dẫn «{title}»:", "en": "From the guide “{title}”:"},
    "not_found": {
        "vi": "Xin lỗi, {me} chưa có hướng dẫn cho câu hỏi này. {You} thử hỏi cách khác, chọn trong danh mục, "
              "hoặc nhờ tổ công nghệ số giúp trực tiếp.",
        "en": "Sorry, I don't have a guide for that yet. Try asking another way, pick from the menu, or ask "
              "the digital team for help in person.",
    },
    "in_guide_unclear": {
        "vi": "{Me} chưa hiểu ý {you}. {You} đang ở {step} của «{title}». {You} muốn làm gì?",
        "en": "I did not understand. You are at {step} of “{title}”. What would you like to do?",
    },
    "hello": {
        "vi": "Dạ, {me} chào {you}! {You} cần {me} hướng dẫn việc gì ạ? Cứ gõ câu hỏi, hoặc chọn bên dưới.",
        "en": "Hello! What can I help you with? Type your question, or pick below.",
    },
    "who": {
        "vi": "Dạ, {me} là trợ lý tự động của tổ công nghệ số cộng đồng: {me} chỉ từng bước cách dùng VNeID, "
              "dịch vụ công, trả tiền bằng mã QR… {You} cần {me} hướng dẫn việc gì ạ?",
        "en": "I am the community digital team's automated assistant: I show step by step how to use VNeID, "
              "public services, QR payments… What can I help you with?",
    },
    "thanks": {
        "vi": "Dạ không có gì ạ. Khi cần, {you} cứ nhắn cho {me} nhé! 🌟",
        "en": "You're welcome. Message me any time! 🌟",
    },
    "resume": {
        "vi": "Lần trước {you} đang xem «{title}», {step}. {You} muốn làm tiếp không?",
        "en": "Last time you were on “{title}”, {step}. Continue?",
    },
    "language": {"vi": "Đã chuyển sang tiếng Việt.", "en": "Switched to English."},
    "btn_start": {"vi": "▶️ Bắt đầu", "en": "▶️ Start"},
    "btn_needs": {"vi": "📝 Cần chuẩn bị gì", "en": "📝 What you need"},
    "btn_next": {"vi": "Tiếp ▶️", "en": "Next ▶️"},
    "btn_back": {"vi": "◀️ Quay lại", "en": "◀️ Back"},
    "btn_back_to": {"vi": "◀️ Về bước {n}", "en": "◀️ Back to step {n}"},
    "btn_guide": {"vi": "📘 Xem cả hướng dẫn", "en": "📘 See the whole guide"},
    "btn_finish": {"vi": "✅ Xong", "en": "✅ Done"},
    "btn_menu": {"vi": "📋 Danh mục", "en": "📋 Menu"},
    "btn_stuck": {"vi": "🆘 Tôi bị kẹt", "en": "🆘 I'm stuck"},
    "btn_team": {"vi": "🙋 Nhờ tổ công nghệ số", "en": "🙋 Ask the digital team"},
    "btn_continue": {"vi": "▶️ Làm tiếp", "en": "▶️ Continue"},
    "btn_yes": {"vi": "👍 Có", "en": "👍 Yes"},
    "btn_no": {"vi": "👎 Chưa", "en": "👎 Not really"},
    "btn_lang": {"vi": "🌐 English", "en": "🌐 Tiếng Việt"},
})
