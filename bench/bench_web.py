"""Web side speed: page render time and PDF build time for every guide (prints figures, asserts nothing).

    .venv/bin/python bench/bench_web.py [--rounds N] [--requests N]

Renders every guide page in both languages from the templates (what a reload or `guides site` costs), then
serves them from the running server over loopback (pages are cached until the guides reload), then builds
every guide's A4 PDF and one poster. Figures are per page / per PDF; the machine is shared, so look at the
medians.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.core.config import Config  # noqa: E402
from bot.core.engine import Services  # noqa: E402
from bot.residents.library import GuideLibrary  # noqa: E402
from bot.web import server  # noqa: E402
from bot.web.handout import handout_pdf  # noqa: E402
from bot.web.pages import Reach, environment, guide_page, index_page  # noqa: E402
from bot.web.poster import poster_pdf  # noqa: E402
from storage.db import connect  # noqa: E402

REACH = Reach("https://bot.example.vn", "https://zalo.me/4318000000000000001", None, "TroLyToCNSBot")


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.2f} ms, max {max(values) * 1000:.2f} ms"


def render_pages(library: GuideLibrary, rounds: int) -> None:
    guides = library.current
    start = time.perf_counter()
    environment().get_template("guide.html")
    print(f"templates compiled once in {(time.perf_counter() - start) * 1000:.1f} ms")
    times: list[float] = []
    sizes: list[int] = []
    for _ in range(rounds):
        for guide in guides.guides.values():
            for locale in ("vi", "en"):
                start = time.perf_counter()
                html = guide_page(guides, guide, locale, REACH)
                times.append(time.perf_counter() - start)
                sizes.append(len(html.encode()))
    start = time.perf_counter()
    index_page(guides, "vi", REACH)
    index = time.perf_counter() - start
    print(f"render: {len(guides.guides)} guides x 2 languages x {rounds} rounds: {ms(times)} per page; "
          f"all {len(guides.guides) * 2} pages {sum(times) / rounds * 1000:.1f} ms; index {index * 1000:.2f} ms")
    print(f"page size: median {statistics.median(sizes) / 1024:.1f} KiB, max {max(sizes) / 1024:.1f} KiB "
          f"(+ style.css {(server.STATIC / 'style.css').stat().st_size / 1024:.1f} KiB, cached a day)")


async def serve_pages(library: GuideLibrary, requests: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = Config.model_validate({"database": {"path": f"{folder}/bench.db"},
                                        "web": {"listen": "127.0.0.1", "port": 18931}})
        db = await connect(config.database.url)
        services = Services(config=config, db=db, library=library)
        ready = asyncio.Event()
        task = asyncio.create_task(server.run(services, ready))
        await ready.wait()
        ids = list(library.current.guides)
        times: list[float] = []
        async with httpx.AsyncClient(base_url="http://127.0.0.1:18931") as client:
            for i in range(requests):
                start = time.perf_counter()
                response = await client.get(f"/g/{ids[i % len(ids)]}/")
                times.append(time.perf_counter() - start)
                assert response.status_code == 200
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await db.close()
    print(f"served over loopback (client in the same process): {requests} requests, {ms(times)} per request")


def build_pdfs(library: GuideLibrary) -> None:
    times: list[float] = []
    sizes: list[int] = []
    start_all = time.perf_counter()
    for guide in library.current.guides.values():
        start = time.perf_counter()
        pdf = handout_pdf(guide, "vi", REACH)
        times.append(time.perf_counter() - start)
        sizes.append(len(pdf))
    total = time.perf_counter() - start_all
    print(f"PDF: {len(times)} guides in {total:.2f} s ({ms(times)} per guide); size median "
          f"{statistics.median(sizes) / 1024:.0f} KiB, max {max(sizes) / 1024:.0f} KiB")
    start = time.perf_counter()
    poster = poster_pdf("Thôn Một, Xã Hòa An, Tỉnh Kiểm Thử", ["Tổ CNS thôn Một"], None, library.current, REACH)
    print(f"poster: {(time.perf_counter() - start) * 1000:.0f} ms, {len(poster) / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    library = GuideLibrary(ROOT / "guides")
    render_pages(library, args.rounds)
    asyncio.run(serve_pages(library, args.requests))
    build_pdfs(library)


if __name__ == "__main__":
    main()
