"""Texts for choosing a place to live and for coordinators adding or renaming villages.

What residents read speaks in their pronoun pair (``{you}``/``{me}``); the coordinators' texts say "bạn".
"""

from __future__ import annotations

from bot.core.i18n import Catalog

T = Catalog({
    "village_now": {"vi": "Nơi ở {you} đã chọn: {place}.", "en": "Your place: {place}."},
    "village_ask": {
        "vi": "{You} ở tỉnh, thành phố nào? {You} chọn bên dưới, hoặc gõ tên xã hay thôn của {you} "
              "(gõ không dấu cũng được, ví dụ: dinh hoa).",
        "en": "Which province do you live in? Pick below, or type the name of your commune or village "
              "(no accents needed, e.g. dinh hoa).",
    },
    "pick_commune": {
        "vi": "{province}: {you} chọn xã, phường của {you} (trang {page}/{pages}). Danh sách dài thì {you} gõ tên xã "
              "cho nhanh.",
        "en": "{province}: pick your commune (page {page}/{pages}). The list is long: typing the name is faster.",
    },
    "pick_village": {
        "vi": "{commune}: {you} chọn thôn, ấp, tổ dân phố của {you}.",
        "en": "{commune}: pick your village.",
    },
    "no_villages": {
        "vi": "{commune} chưa có danh sách thôn nên {me} lưu theo xã.",
        "en": "{commune} has no list of villages yet, so your commune is saved.",
    },
    "village_saved": {
        "vi": "✅ Đã lưu nơi ở của {you}: {place}.\nKhi {you} cần người hướng dẫn tận nơi, tổ công nghệ số ở đây sẽ "
              "nhận được tin. Muốn đổi, {you} gõ /thon.",
        "en": "✅ Your place is saved: {place}.\nWhen you ask for in-person help, the digital team here is told. "
              "To change it, type /village.",
    },
    "not_found": {
        "vi": "{Me} chưa tìm thấy nơi nào tên «{text}». {You} kiểm tra lại tên, hoặc gõ /thon để chọn theo danh sách.",
        "en": "I found no place called “{text}”. Check the name, or type /village to choose from the lists.",
    },
    "unknown_place": {
        "vi": "{Me} chưa tìm thấy nơi nào tên «{text}». {You} kiểm tra lại tên (gõ không dấu cũng được) nhé.",
        "en": "I found no place called “{text}”. Please check the name (no accents needed).",
    },
    "which_one": {
        "vi": "Có nhiều nơi tên giống «{text}». {You} chọn đúng nơi của {you}:",
        "en": "Several places match “{text}”. Pick yours:",
    },
    "did_you_mean": {
        "vi": "{Me} không thấy nơi nào tên đúng «{text}». Có phải {you} muốn tìm một trong các nơi này?",
        "en": "No place is called exactly “{text}”. Did you mean one of these?",
    },
    "more_found": {
        "vi": "(Còn {more} nơi khác. Nếu chưa thấy, {you} gõ tên đầy đủ hơn hoặc chọn theo tỉnh bằng /thon.)",
        "en": "({more} more. If yours is not here, type the full name or choose by province with /village.)",
    },
    "no_areas": {
        "vi": "Danh sách tỉnh, xã chưa được nạp nên chưa chọn được nơi ở. {You} thử lại sau nhé.",
        "en": "The list of provinces and communes is not loaded yet. Please try again later.",
    },
    "btn_whole_commune": {"vi": "📍 Chỉ chọn {commune}", "en": "📍 Just {commune}"},
    "btn_provinces": {"vi": "🗺 Chọn tỉnh khác", "en": "🗺 Another province"},
    "btn_communes": {"vi": "🗺 Chọn xã khác", "en": "🗺 Another commune"},
    "add_which_commune": {
        "vi": "Thôn mới thuộc xã, phường nào? Bạn gõ tên xã (không dấu cũng được).",
        "en": "Which commune is the new village in? Type the commune's name.",
    },
    "add_ask_name": {
        "vi": "Bạn gõ tên thôn, ấp hoặc tổ dân phố mới của {commune} (ví dụ: Thôn Đông).",
        "en": "Type the name of the new village in {commune} (e.g. Thôn Đông).",
    },
    "add_done": {
        "vi": "✅ Đã thêm «{name}» vào {commune}. Mã thôn: {code}.",
        "en": "✅ Added “{name}” to {commune}. Village code: {code}.",
    },
    "add_exists": {
        "vi": "{commune} đã có «{name}» (mã {code}) rồi, mình không thêm lần nữa.",
        "en": "{commune} already has “{name}” (code {code}); nothing added.",
    },
    "name_bad": {
        "vi": "Tên cần có chữ và không dài quá 100 ký tự. Bạn gõ lại lệnh với tên khác nhé.",
        "en": "A name needs letters and at most 100 characters. Please try the command again.",
    },
    "not_commune": {
        "vi": "Thôn chỉ thêm được vào một xã hoặc phường. Bạn gõ tên xã nhé.",
        "en": "Villages can only be added to a commune. Please type a commune's name.",
    },
    "rename_which": {
        "vi": "Bạn muốn đổi tên thôn nào? Bạn chọn bên dưới, hoặc gõ tên thôn.",
        "en": "Which village do you want to rename? Pick below or type its name.",
    },
    "rename_type": {
        "vi": "Bạn muốn đổi tên thôn nào? Bạn gõ tên thôn (không dấu cũng được).",
        "en": "Which village do you want to rename? Type its name.",
    },
    "rename_ask": {
        "vi": "Tên mới của «{place}» là gì? Bạn gõ tên mới.",
        "en": "What is the new name of “{place}”? Type it.",
    },
    "rename_done": {
        "vi": "✅ Đã đổi «{old}» thành «{new}». Mã {code} giữ nguyên nên mọi ghi chép cũ vẫn còn.",
        "en": "✅ Renamed “{old}” to “{new}”. The code {code} stays, so every earlier record is kept.",
    },
    "rename_same": {"vi": "Tên mới giống tên cũ nên mình không đổi gì.", "en": "That is the same name; nothing changed."},
    "not_village": {
        "vi": "«{text}» không phải một thôn trong địa bàn của bạn.",
        "en": "“{text}” is not a village in your area.",
    },
    "stale": {
        "vi": "Nút này đã cũ nên {me} không dùng được nữa. {You} gõ lại lệnh nhé.",
        "en": "That button is out of date. Please type the command again.",
    },
    "btn_menu": {"vi": "📋 Danh mục", "en": "📋 Menu"},
    "btn_add_more": {"vi": "➕ Thêm thôn khác", "en": "➕ Add another village"},
    "btn_new_team": {"vi": "👥 Lập tổ cho thôn này", "en": "👥 Create a team here"},
})
