"""/dashboard (/bangdieukhien): a coordinator gets a signed link to the read-only page of their area."""

from __future__ import annotations

from bot.areas import lookup as area_lookup
from bot.coordinators.reports.scope import covered_area, resolve_area
from bot.core.engine import Feature, Turn
from bot.core.i18n import Catalog
from bot.core.messages import Reply
from bot.web.links import DASHBOARD, Claim, Links
from storage.areas import Area

T = Catalog({
    "link": {"vi": "📊 Bảng theo dõi {area} (chỉ xem, không có thông tin cá nhân của người dân). Mở đường dẫn "
                   "sau trên điện thoại hoặc máy tính; dùng được đến {until}, đừng chuyển cho người ngoài:\n{url}",
             "en": "📊 Dashboard for {area} (read-only, no resident's personal data). Open this link on a phone or "
                   "computer; it works until {until}, do not pass it on:\n{url}"},
    "off": {"vi": "Trang web của trợ lý chưa được bật nên chưa có bảng theo dõi. Người quản trị cần đặt web.public_url "
                  "và web.secret trong tệp cấu hình. Trong lúc chờ, bạn gõ /baocao để xem số liệu ngay tại đây.",
            "en": "The assistant's web pages are not switched on, so there is no dashboard yet. An administrator "
                  "needs to set web.public_url and web.secret in the config file. Meanwhile, type /report to see "
                  "the figures here."},
    "example": {"vi": "/bangdieukhien xã Định Hóa", "en": "/dashboard 00070"},
})


async def dashboard(turn: Turn, args: str) -> list[Reply]:
    """/dashboard [area]: the coordinator's own area, or one inside it."""
    found = await resolve_area(turn, args, lambda a: f"db:{a.code}", T(turn.locale, "example"))
    return found.replies if found.area is None else await _link(turn, found.area)


async def on_button(turn: Turn, arg: str) -> list[Reply]:
    """db:<area>: a choice among the coordinator's areas, checked again."""
    found = await covered_area(turn, arg)
    return found.replies if found.area is None else await _link(turn, found.area)


async def _link(turn: Turn, area: Area) -> list[Reply]:
    config = turn.services.config
    if not config.web.links_ready:
        return [Reply(T(turn.locale, "off"))]
    links = Links(config.web, turn.services.clock)
    link = links.link(Claim(DASHBOARD, area.code, turn.person.id, turn.locale))
    until = link.expires.astimezone(config.tz)
    label = await area_lookup.describe(turn.db, area)
    return [Reply(T(turn.locale, "link", area=label, until=f"{until:%H:%M %d/%m/%Y}", url=link.url))]


FEATURE = Feature(commands={"dashboard": dashboard, "bangdieukhien": dashboard}, actions={"db": on_button})
