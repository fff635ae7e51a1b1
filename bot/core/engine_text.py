"""What the engine itself says: secret warnings, refusals, apologies.

In the reader's voice where the person is known; "delayed" goes out before anyone is looked up, so it
speaks in the neutral anh/chị–em.
"""

from __future__ import annotations

from bot.core.i18n import Catalog

T = Catalog({
    "secret_otp": {
        "vi": "⚠️ Tin nhắn của {you} giống một mã OTP (mã số gửi qua tin nhắn). Đừng gửi mã này cho ai, kể cả "
              "người xưng là công an hay ngân hàng. {Me} không lưu tin nhắn này.",
        "en": "⚠️ Your message looks like an OTP code. Never share it with anyone, even someone who says they are "
              "police or your bank. This message was not stored.",
    },
    "secret_id_number": {
        "vi": "⚠️ Tin nhắn của {you} có vẻ chứa số căn cước (CCCD). Đừng gửi số này cho người lạ hay qua tin nhắn. "
              "{Me} không lưu tin nhắn này.",
        "en": "⚠️ Your message seems to contain an ID-card number. Do not send it to strangers or in chats. "
              "This message was not stored.",
    },
    "secret_password": {
        "vi": "⚠️ Tin nhắn của {you} có vẻ chứa mật khẩu. Đừng bao giờ gửi mật khẩu cho ai. {Me} không lưu tin "
              "nhắn này. Nếu đã lỡ gửi cho người khác, {you} hãy đổi mật khẩu ngay.",
        "en": "⚠️ Your message seems to contain a password. Never send passwords to anyone. This message was not "
              "stored. If you already sent it to someone, change it now.",
    },
    "secret_media": {
        "vi": "⚠️ Lời kèm theo ảnh hay tin nhắn thoại của {you} có vẻ chứa số căn cước, mã OTP hoặc mật khẩu. {Me} "
              "không lưu ảnh này và không gửi cho ai. {You} đừng gửi giấy tờ hay mã số cho người lạ nhé.",
        "en": "⚠️ The words sent with your picture or voice note seem to hold an ID number, an OTP or a password. "
              "It was not stored or passed on. Never send your papers or codes to strangers.",
    },
    "too_long": {
        "vi": "Tin nhắn dài quá nên {me} chưa đọc được. {You} hỏi ngắn gọn trong một hai câu giúp {me} nhé.",
        "en": "That message is too long for me. Please ask in one or two short sentences.",
    },
    "not_text": {
        "vi": "{Me} chỉ đọc được chữ thôi ạ. {You} gõ câu hỏi bằng chữ, hoặc chọn trong danh mục bên dưới nhé.",
        "en": "I can only read text. Please type your question, or pick from the menu below.",
    },
    "no_such_number": {
        "vi": "Số {number} không có trong danh sách. {You} gõ một số trong danh sách mới nhất, hoặc 0 để về danh mục.",
        "en": "{number} is not in the list. Type a number from the latest list, or 0 for the menu.",
    },
    "error": {
        "vi": "Xin lỗi, {me} gặp trục trặc khi xử lý tin nhắn này. {You} thử lại sau ít phút nhé.",
        "en": "Sorry, something went wrong with that message. Please try again in a few minutes.",
    },
    "delayed": {
        "vi": "Xin lỗi, hệ thống đang trục trặc nên {me} chưa xử lý được tin nhắn này. {Me} sẽ trả lời ngay khi "
              "xử lý xong, {you} không cần gửi lại.",
        "en": "Sorry, something is wrong on our side and I could not handle this message yet. I will answer as "
              "soon as I can; there is no need to send it again.",
    },
})
