"""What /help tells coordinators about the web side: the dashboard link."""

from bot.core.help import HelpLine

LINES = (
    HelpLine("coordinator", "/bangdieukhien", "đường link xem số liệu của địa bàn trên điện thoại, máy tính",
             "a link to your area's figures in a browser (/dashboard)"),
)
