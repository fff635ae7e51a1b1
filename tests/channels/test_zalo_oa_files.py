"""A coordinator on a commune's OA gets the report export: the .xlsx as an uploaded file, the chart as a picture."""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from broadcast_world import AN_BINH
from fake_zalo_oa import FakeZaloOa
from members_world import Clock
from openpyxl import load_workbook
from PIL import Image
from zalo_oa_harness import OA_A, OA_B, SECRET_A, SECRET_B, START, OaBot, oa_config, texts

from bot.channels.images import fit_image
from bot.core.messages import Reply
from bot.residents.library import GuideLibrary
from storage import people, teams

GUIDES = Path(__file__).resolve().parents[2] / "guides"
COORD = "7000000000000001"


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
async def fake(clock: Clock) -> AsyncIterator[FakeZaloOa]:
    async with FakeZaloOa(clock) as fake:
        fake.add_oa(OA_A, SECRET_A)
        fake.add_oa(OA_B, SECRET_B)
        yield fake


@pytest.fixture
async def bot(fake: FakeZaloOa, clock: Clock, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[OaBot]:
    async with OaBot(fake, oa_config(fake, tmp_path / "bot.db", GUIDES), clock, guide_library) as bot:
        await bot.say(OA_A, COORD, "xin chào")
        person = await people.find_person(bot.db, "zalo_oa", f"{OA_A}:{COORD}")
        assert person is not None
        await teams.grant_coordinator(bot.db, person.id, AN_BINH, "test")
        yield bot


async def test_the_report_export_reaches_a_coordinator_on_the_oa(bot: OaBot, fake: FakeZaloOa) -> None:
    shown = await bot.say(OA_A, COORD, "/xuatbaocao tháng 10")
    assert "📥 Báo cáo Xã An Bình" in texts(shown)
    files = [d for d in shown if d.message.get("attachment", {}).get("type") == "file"]
    assert len(files) == 1
    kind, name, content = fake.uploads[files[0].message["attachment"]["payload"]["token"]]
    assert kind == "file" and name.endswith(".xlsx") and name.startswith(f"baocao-{AN_BINH}-2026-10")
    workbook = load_workbook(io.BytesIO(content))
    assert "Tổng hợp" in workbook.sheetnames
    pictures = [d for d in shown if d.message.get("attachment", {}).get("payload", {}).get("template_type") == "media"]
    assert len(pictures) == 1  # the weekly chart, shown in the chat as a picture
    attachment_id = pictures[0].message["attachment"]["payload"]["elements"][0]["attachment_id"]
    assert fake.uploads[attachment_id][0] == "image" and fake.uploads[attachment_id][2].startswith(b"\x89PNG")
    assert not any(d.paid for d in shown)


async def test_a_file_zalo_refuses_is_explained_not_lost(bot: OaBot, fake: FakeZaloOa) -> None:
    fake.file_types = {".pdf", ".doc", ".docx", ".csv"}  # as one summary of Zalo's rules lists them
    shown = await bot.say(OA_A, COORD, "/xuatbaocao tháng 10")
    assert "📥 Báo cáo Xã An Bình" in texts(shown)
    assert "Zalo không nhận tệp «baocao-99001-2026-10.xlsx»" in texts(shown) and "CLI" in texts(shown)
    assert not [d for d in shown if d.message.get("attachment", {}).get("type") == "file"]


async def test_a_guide_picture_is_shrunk_to_1_mb_uploaded_once_and_reused(
    bot: OaBot, fake: FakeZaloOa, tmp_path: Path,
) -> None:
    (tmp_path / "anh").mkdir()
    noisy = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    noisy.save(tmp_path / "anh" / "buoc1.png")
    assert (tmp_path / "anh" / "buoc1.png").stat().st_size > 1024 * 1024
    small = fit_image((tmp_path / "anh" / "buoc1.png").read_bytes(), "buoc1.png", 1024 * 1024)
    assert small is not None and len(small.content) <= 1024 * 1024 and small.mime == "image/jpeg"
    assert fit_image(b"not a picture", "x.png", 1024 * 1024) is None
    bot.channel.guides_dir = tmp_path
    for _ in range(2):
        await bot.channel.send(f"{OA_A}:{COORD}", Reply("Bước 1: mở ứng dụng", image="anh/buoc1.png"))
    images = [h for h, (kind, _, _) in fake.uploads.items() if kind == "image"]
    assert len(images) == 1 and len(fake.uploads[images[0]][2]) <= 1024 * 1024  # uploaded once, then reused
    shown = fake.to(OA_A, COORD)[-4:]
    assert [d.message.get("attachment", {}).get("payload", {}).get("template_type") for d in shown] == [
        "media", None, "media", None]
