"""/xuatbaocao on a channel without files: a signed link to the same export; changed → 403, old → 410."""

from __future__ import annotations

import io
from datetime import timedelta

import httpx
import lxml.html
import openpyxl
from report_world import HOA_AN, NOW, World, build_world

from bot.channels.console import ConsoleChannel
from bot.core.engine import Services
from bot.core.messages import Incoming, Kind, Reply
from bot.web.links import DASHBOARD, REPORT, Claim, Links
from storage import people, teams

_ids = iter(range(1, 10_000))


async def export_without_files(console: ConsoleChannel, user: str, text: str = "/xuatbaocao 2026-10") -> list[Reply]:
    """What a coordinator on a channel that cannot carry files (Zalo's Bot Platform) gets."""
    await console.deliver(Incoming(channel="console", user_id=user, chat_id=user, text=text, kind=Kind.TEXT,
                                   message_id=f"nofiles:{next(_ids)}", numbered_choices=True, files=False))
    return console.last_replies


def summary_rows(content: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


async def test_the_link_serves_the_same_files_the_chat_attaches(
    site: str, services: Services, console: ConsoleChannel
) -> None:
    await build_world(services)
    link_reply, picture = (await export_without_files(console, "cx"))[-2:]  # after a one-time greeting
    assert link_reply.document is None and "đừng chuyển cho người ngoài" in link_reply.text
    url = next(word for word in link_reply.text.split() if word.startswith(site + "/r/"))
    assert picture.image == f"{url}/baocao-{HOA_AN}-2026-10-tomtat.png"  # Zalo fetches the summary's picture
    await console.say("/xuatbaocao 2026-10", user="cx")  # the same command where files can travel
    attached = {r.document_name: r.document for r in console.last_replies}
    async with httpx.AsyncClient(timeout=60) as client:
        page = await client.get(url)
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        assert "noindex" in page.headers["x-robots-tag"]
        names = [a.text_content().split(" (")[0] for a in lxml.html.fromstring(page.text).cssselect(".files a")]
        assert names == list(attached)
        workbook = await client.get(f"{url}/{names[0]}")
        assert workbook.headers["content-disposition"] == f'attachment; filename="{names[0]}"'
        assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats")
        got = summary_rows(workbook.content)
        sent = attached[names[0]]
        assert sent is not None and got == summary_rows(sent)
        assert any("Thôn Một" in str(cell) for row in got for cell in row)
        assert not any("Thôn Đông" in str(cell) for row in got for cell in row)  # another commune
        shown = await client.get(picture.image or "")
        assert shown.content[:8] == b"\x89PNG\r\n\x1a\n" and shown.content == attached[names[2]]
        assert [n.rsplit(".", 1)[1] for n in names] == ["xlsx", "pdf", "png", "png"]
        assert (await client.get(f"{url}/other.xlsx")).status_code == 404


async def test_changed_cut_foreign_or_misused_tokens_are_refused(site: str, services: Services) -> None:
    world = await build_world(services)
    links = Links(services.config.web, services.clock)
    good = links.link(Claim(REPORT, HOA_AN, world.commune_coordinator.id, "vi", "2026-10")).url
    token = good.rsplit("/", 1)[1]
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    other_secret = Links(services.config.web.model_copy(update={"secret": "z" * 40}), services.clock)
    foreign = other_secret.link(Claim(REPORT, HOA_AN, world.commune_coordinator.id, "vi", "2026-10")).url
    dashboard = links.link(Claim(DASHBOARD, HOA_AN, world.commune_coordinator.id, "vi")).url
    async with httpx.AsyncClient(timeout=60) as client:
        assert (await client.get(good)).status_code == 200
        for bad in (f"{site}/r/{flipped}", f"{site}/r/{token[:20]}", foreign.replace(foreign.split("/r/")[0], site),
                    f"{site}/r/{dashboard.rsplit('/', 1)[1]}", f"{site}/r/not-a-token"):
            refused = await client.get(bad)
            assert refused.status_code == 403, bad
            assert "Đường dẫn không hợp lệ" in refused.text and "Thôn" not in refused.text


async def test_an_old_link_is_gone_and_a_revoked_coordinator_is_refused(site: str, services: Services) -> None:
    world: World = await build_world(services)
    url = Links(services.config.web, services.clock).link(
        Claim(REPORT, HOA_AN, world.commune_coordinator.id, "en", "2026-10")).url
    async with httpx.AsyncClient(timeout=60) as client:
        assert (await client.get(url)).status_code == 200
        services.clock = lambda: NOW + timedelta(hours=services.config.web.link_hours, minutes=1)
        gone = await client.get(url)
        assert gone.status_code == 410 and "đã hết hạn" in gone.text
        services.clock = lambda: NOW + timedelta(hours=1)
        assert (await client.get(url)).status_code == 200
        assert await teams.revoke_coordinator(services.db, world.commune_coordinator.id, HOA_AN)
        refused = await client.get(url)
        assert refused.status_code == 403 and "no longer coordinate" in refused.text


async def test_residents_and_coordinators_of_elsewhere_get_no_link(services: Services, console: ConsoleChannel) -> None:
    await build_world(services)
    resident = await export_without_files(console, "ba-lan")
    assert "dành cho cán bộ điều phối" in resident[-1].text and "/r/" not in resident[-1].text
    elsewhere = await export_without_files(console, "cy", "/xuatbaocao 2026-10 97001")
    assert "ngoài địa bàn" in elsewhere[-1].text and "/r/" not in elsewhere[-1].text
    found = await people.find_person(services.db, "console", "cy")
    assert found is not None


async def test_without_a_secret_the_channel_explains_files_cannot_travel(
    services: Services, console: ConsoleChannel
) -> None:
    await build_world(services)
    services.report_link = None  # web.secret not set: no link can be signed
    replies = await export_without_files(console, "cx")
    assert all(r.document is None for r in replies)  # nothing the channel could not deliver
    assert "Kênh này chưa gửi được tệp" in replies[-2].text and "python -m bot report" in replies[-2].text
    assert "📊 BÁO CÁO Xã Hòa An" in replies[-1].text  # the report itself, as text
