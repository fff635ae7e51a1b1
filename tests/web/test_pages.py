"""Guide pages through the real server: structure, every step, both languages, headers, refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import lxml.html
from lxml.html import HtmlElement

from bot.core.engine import Services
from bot.residents.guides import Guide
from bot.residents.library import GuideLibrary

ROOT = Path(__file__).resolve().parents[2]


def words(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def parse(response: httpx.Response) -> HtmlElement:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


async def test_every_guide_page_has_every_step_warnings_first_in_both_languages(
    site: str, guide_library: GuideLibrary
) -> None:
    async with httpx.AsyncClient(base_url=site) as client:
        for guide in guide_library.current.guides.values():
            for locale, prefix in (("vi", ""), ("en", "/en")):
                page = parse(await client.get(f"{prefix}/g/{guide.id}/"))
                assert page.get("lang") == locale
                assert words(page.cssselect("h1")[0]) == guide.title.get(locale)
                steps = page.cssselect("ol.steps > li.step")
                assert [words(s.cssselect(".step-text")[0]) for s in steps] == \
                    [" ".join(s.text.get(locale).split()) for s in guide.steps]
                if locale == "vi" and guide.id == "vneid-install":  # read by anyone: the neutral anh/chị
                    assert "Thẻ căn cước / CCCD gắn chip của anh/chị." in words(page)
                numbers = [words(s.cssselect(".step-number")[0]) for s in steps]
                total = len(guide.steps)
                assert numbers[-1] == (f"Bước {total}/{total}" if locale == "vi" else f"Step {total} of {total}")
                _warnings_come_before_steps(page, guide, locale)
                assert not page.cssselect("script"), "readable without JavaScript"
                assert "{you}" not in words(page).lower() and "{me}" not in words(page).lower()  # pronouns filled
                keyword = page.cssselect(".reach .keyword")
                assert keyword and words(keyword[0]) == guide.code


def _warnings_come_before_steps(page: HtmlElement, guide: Guide, locale: str) -> None:
    body = words(page)
    first_step = body.index(" ".join(guide.steps[0].text.get(locale).split()))
    for warning in guide.warnings:
        assert body.index(" ".join(warning.get(locale).split())) < first_step
    step_warnings = [s.warning.get(locale) for s in guide.steps if s.warning]
    shown = [words(w) for w in page.cssselect(".step-warning")]
    assert shown == [" ".join(w.split()) for w in step_warnings]


async def test_index_lists_every_guide_by_category_and_links_resolve(site: str, guide_library: GuideLibrary) -> None:
    async with httpx.AsyncClient(base_url=site) as client:
        for prefix in ("", "/en"):
            index = parse(await client.get(f"{prefix}/"))
            sections = index.cssselect("section.category")
            assert [s.get("id") for s in sections] == [c.id for c in guide_library.current.categories
                                                       if guide_library.current.in_category(c.id)]
            links = [a.get("href") for a in index.cssselect("ul.guide-list a")]
            assert len(links) == len(guide_library.current.guides)
            for href in links:  # relative links, as the static copy needs
                assert not href.startswith("/")
                target = httpx.URL(f"{site}{prefix}/").join(href)
                assert (await client.get(target)).status_code == 200
        css = await client.get("/static/style.css")
        assert css.status_code == 200 and "text/css" in css.headers["content-type"]


async def test_stable_addresses_headers_and_caching(site: str) -> None:
    async with httpx.AsyncClient(base_url=site) as client:
        moved = await client.get("/g/vneid-install")
        assert moved.status_code == 301 and moved.headers["location"] == "/g/vneid-install/"
        page = await client.get("/g/vneid-install/")
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["x-content-type-options"] == "nosniff"
        assert "max-age" in page.headers["cache-control"]
        css = await client.get("/static/style.css")
        assert "max-age=86400" in css.headers["cache-control"] and css.headers.get("etag")
        again = await client.get("/static/style.css", headers={"If-None-Match": css.headers["etag"]})
        assert again.status_code == 304
        missing = await client.get("/g/no-such-guide/")
        assert missing.status_code == 404 and "Không tìm thấy trang này" in missing.text
        assert missing.headers["referrer-policy"] == "no-referrer"
        assert (await client.get("/en/g/no-such-guide/")).text.count("Page not found") == 1


async def test_path_traversal_and_private_files_are_refused(site: str, services: Services) -> None:
    attempts = [
        "/static/../bot.db", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2f..%2fpyproject.toml",
        "/static/guides/vneid-install.yaml", "/static/guides/../../pyproject.toml", "/static//etc/passwd",
        "/static/guides/%2e%2e/categories.yaml", "/static/%5c..%5cpyproject.toml",
    ]
    async with httpx.AsyncClient(base_url=site) as client:
        for path in attempts:
            response = await client.get(httpx.URL(site + path))  # sent as written, not normalised by the client
            assert response.status_code in (400, 403, 404), path
            assert "[tool" not in response.text and "root:" not in response.text and "SQLite" not in response.text


async def test_oversized_requests_are_refused_before_reading(site: str, services: Services) -> None:
    limit = services.config.web.max_body_kb * 1024
    async with httpx.AsyncClient(base_url=site) as client:
        big = await client.post("/zalo", content=b"x" * (limit + 1))
        assert big.status_code == 413
        nothing_there = await client.post("/zalo", content=b"{}")
        assert nothing_there.status_code == 404  # no channel mounted this path
        long_url = await client.get("/g/" + "a" * 20_000 + "/")
        assert long_url.status_code in (400, 404, 414, 431)
        assert (await client.get("/")).status_code == 200  # still serving


def test_static_site_holds_the_same_pages(tmp_path: Path, services: Services) -> None:
    out = tmp_path / "site"
    config = tmp_path / "config.yaml"
    result = subprocess.run([sys.executable, "-m", "bot", "guides", "site", "--out", str(out), "--config",
                             str(config)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    library = services.library
    assert (out / "index.html").is_file() and (out / "en" / "index.html").is_file()
    assert (out / "static" / "style.css").is_file()
    for guide in library.current.guides.values():
        for locale, base in (("vi", out), ("en", out / "en")):
            page = lxml.html.fromstring((base / "g" / guide.id / "index.html").read_text(encoding="utf-8"))
            assert words(page.cssselect("h1")[0]) == guide.title.get(locale)
            assert len(page.cssselect("li.step")) == len(guide.steps)
            style = page.cssselect("link[rel=stylesheet]")[0].get("href")
            assert (base / "g" / guide.id / style).resolve() == (out / "static" / "style.css").resolve()
