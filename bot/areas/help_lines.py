"""What /help tells about places: a resident's village, and the villages coordinators manage."""

from bot.core.help import HelpLine

LINES = (
    HelpLine("resident", "/thon", "chọn thôn nơi đang ở, để tổ công nghệ số của thôn đến giúp được",
             "choose your village, so its digital team can help you"),
    HelpLine("coordinator", "/themthon", "thêm thôn vào xã", "add a village to a commune (/addvillage)"),
    HelpLine("coordinator", "/doiten", "đổi tên thôn", "rename a village (/renamevillage)"),
)
