"""/dashboard: a signed read-only page whose figures are /baocao's, with no resident's personal data."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import lxml.html
from lxml.html import HtmlElement
from report_world import HAI, HOA_AN, MOT, build_world

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from storage import people


def link_in(text: str) -> str:
    return next(word for word in text.split() if "/d/" in word)


def tiles(page: HtmlElement) -> dict[str, str]:
    return {t.get("data-figure"): " ".join(t.cssselect(".value")[0].text_content().split())
            for t in page.cssselect("[data-figure]")}


def from_report(text: str) -> dict[str, str]:
    """The same figures, read off the chat report's lines."""
    def find(pattern: str) -> re.Match[str]:
        found = re.search(pattern, text)
        assert found, f"{pattern!r} not in:\n{text}"
        return found

    bot = find(r"Người dân dùng bot: (\S+).*Hoàn thành hướng dẫn: (\S+)/(\S+)")
    sessions = find(r"Buổi hướng dẫn: (\S+).*Người dự: (\S+)")
    helped = find(r"Yêu cầu hỗ trợ: (\S+) mới · (\S+) đã xong")
    return {
        "assists": find(r"Lượt hỗ trợ: (\S+)").group(1), "households": find(r"Hộ mới được hỗ trợ: (\S+)").group(1),
        "sessions": sessions.group(1), "attendees": sessions.group(2),
        "villages_reported": "/".join(find(r"Thôn đã báo cáo: (\d+)/(\d+)").groups()),
        "residents": bot.group(1), "guides_finished": f"{bot.group(2)}/{bot.group(3)}",
        "help_opened": helped.group(1), "help_closed": helped.group(2),
        "coverage": find(r"Độ phủ: (?:.* = (\S+)|(—))").group(1) or "—",
        "help_median": find(r"\(trung vị\): (.+)").group(1),
    }


async def residents_use_the_bot(services: Services, console: ConsoleChannel) -> None:
    """Three residents of Xã Hòa An open a guide; two stop at step 3 and ask the team; one finishes."""
    for user, village, last in (("r1", MOT, 9), ("r2", MOT, 3), ("r3", HAI, 3)):
        person, _ = await people.touch_person(services.db, "console", user, user, f"Cư dân {user}", "vi")
        await people.set_village(services.db, person.id, village)
        await console.press("g:vneid-install:0", user=user)
        for step in range(1, last + 1):
            await console.press(f"g:vneid-install:{step}", user=user)
        if last == 3:
            await console.press("h:vneid-install:3", user=user)


async def test_figures_equal_the_chat_report_this_month_and_last(
    site: str, services: Services, console: ConsoleChannel
) -> None:
    await build_world(services)
    services.clock = lambda: datetime.now(UTC)  # guide events carry the database's own clock
    await residents_use_the_bot(services, console)
    await console.say("/dashboard", user="cx")
    url = link_in(console.last_replies[-1].text)
    assert url.startswith(f"{site}/d/") and "Xã Hòa An" in console.last_replies[-1].text
    async with httpx.AsyncClient() as client:
        for query, command in (("", "/baocao"), ("?ky=2026-10", "/baocao 2026-10")):
            await console.say(command, user="cx")
            chat = console.last_replies[-1].text
            response = await client.get(url + query)
            assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
            page = lxml.html.fromstring(response.text)
            assert tiles(page) == from_report(chat)
            rows = {r.get("data-village"): r for r in page.cssselect("table.villages tbody tr")}
            assert set(rows) == {MOT, HAI, "97001-003"}
        this_month = lxml.html.fromstring((await client.get(url)).text)
        drops = {r.get("data-guide"): r for r in this_month.cssselect("table.dropoff tbody tr")}
        stop = drops["vneid-install"]
        assert (stop.get("data-stopped-at"), stop.get("data-stopped")) == ("3", "2")
        await console.say("/baocao", user="cx")
        install = services.library.get("vneid-install")
        assert install is not None
        assert f"Hay dừng nhất: «{install.title.vi}» ở bước 3 (2 người)" in console.last_replies[-1].text
        assert f"bước 3/{len(install.steps)} (2 người)" in stop.text_content()
        october = await client.get(url + "?ky=2026-10")
        assert "Lượt hỗ trợ theo tuần" in october.text and "<svg class=\"chart\"" in october.text
        assert october.text.count("<rect") > 3  # bars and the legend


async def test_no_personal_data_and_a_working_period_selector(
    site: str, services: Services, console: ConsoleChannel
) -> None:
    await build_world(services)
    await console.say("/bangdieukhien", user="cx")
    url = link_in(console.last_replies[-1].text)
    async with httpx.AsyncClient() as client:
        page = (await client.get(url + "?ky=2026-10")).text
        for private in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Chi", "Nhà ông Ba", "Nhà cô Hoa", "Cài Zalo cho cụ"):
            assert private not in page
        doc = lxml.html.fromstring(page)
        options = {o.get("value"): o.text_content() for o in doc.cssselect("select[name=ky] option")}
        assert options["2026-10"] == "tháng 10/2026" and doc.cssselect("option[selected]")[0].get("value") == "2026-10"
        assert doc.cssselect("form.period")[0].get("method") == "get"
        english = lxml.html.fromstring((await client.get(url + "?ky=2026-Q4&lang=en")).text)
        assert english.get("lang") == "en" and "Dashboard: " in english.cssselect("h1")[0].text_content()
        nonsense = await client.get(url + "?ky=thang-muoi-ba")
        assert nonsense.status_code == 200  # falls back to this month
        assert (await client.get(url.replace("/d/", "/r/"))).status_code == 403


async def test_only_coordinators_get_a_dashboard_and_only_for_their_area(
    services: Services, console: ConsoleChannel
) -> None:
    await build_world(services)
    await console.say("/dashboard", user="ba-lan")
    assert "dành cho cán bộ điều phối" in console.last_replies[-1].text
    await console.say(f"/dashboard {HOA_AN}", user="cy")
    assert "ngoài địa bàn" in console.last_replies[-1].text
    await console.say("/dashboard", user="ct")  # the province coordinator sees the province
    assert "/d/" in console.last_replies[-1].text and "Tỉnh Kiểm Thử" in console.last_replies[-1].text
