"""A coordinator on a commune's OA gets the report export: the .xlsx as an uploaded file, the chart as a picture."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from broadcast_world import AN_BINH
from fake_zalo_oa import FakeZaloOa
from openpyxl import load_workbook
from PIL import Image
from zalo_oa_harness import OA_A, OaBot, texts

from bot.channels.images import fit_image
from bot.core.messages import Reply
from storage import people, teams

GUIDES = Path(__file__).resolve().parents[2] / "guides"
COORD = "7000000000000001"


@pytest.fixture
async def oa_bot(oa_bot: OaBot) -> OaBot:
    """The bot, with a coordinator of An Bình who has written to its OA."""
    await oa_bot.say(OA_A, COORD, "xin chào")
    person = await people.find_person(oa_bot.db, "zalo_oa", f"{OA_A}:{COORD}")
    assert person is not None
    await teams.grant_coordinator(oa_bot.db, person.id, AN_BINH, "test")
    return oa_bot


async def test_the_report_export_reaches_a_coordinator_on_the_oa(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    shown = await oa_bot.say(OA_A, COORD, "/xuatbaocao tháng 10")
    assert "📥 Báo cáo Xã An Bình" in texts(shown)
    files = [d for d in shown if d.message.get("attachment", {}).get("type") == "file"]
    assert len(files) == 2  # the workbook and the one-page PDF
    kind, name, content = fake_oa.uploads[files[0].message["attachment"]["payload"]["token"]]
    assert kind == "file" and name.endswith(".xlsx") and name.startswith(f"baocao-{AN_BINH}-2026-10")
    pdf = fake_oa.uploads[files[1].message["attachment"]["payload"]["token"]]
    assert pdf[1].endswith(".pdf") and pdf[2].startswith(b"%PDF")
    workbook = load_workbook(io.BytesIO(content))
    assert "Tổng hợp" in workbook.sheetnames
    pictures = [d for d in shown if d.message.get("attachment", {}).get("payload", {}).get("template_type") == "media"]
    assert len(pictures) == 2  # the summary's picture and the weekly chart, shown in the chat
    attachment_id = pictures[0].message["attachment"]["payload"]["elements"][0]["attachment_id"]
    assert fake_oa.uploads[attachment_id][0] == "image" and fake_oa.uploads[attachment_id][2].startswith(b"\x89PNG")
    assert not any(d.paid for d in shown)


async def test_a_file_zalo_refuses_is_explained_not_lost(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    fake_oa.file_types = {".pdf", ".doc", ".docx", ".csv"}  # as one summary of Zalo's rules lists them
    shown = await oa_bot.say(OA_A, COORD, "/xuatbaocao tháng 10")
    assert "📥 Báo cáo Xã An Bình" in texts(shown)
    assert "Zalo không nhận tệp «baocao-99001-2026-10.xlsx»" in texts(shown) and "CLI" in texts(shown)
    delivered = [fake_oa.uploads[d.message["attachment"]["payload"]["token"]][1] for d in shown
                 if d.message.get("attachment", {}).get("type") == "file"]
    assert delivered == ["baocao-99001-2026-10.pdf"]  # the PDF is a type Zalo takes; the workbook is explained


async def test_a_guide_picture_is_shrunk_to_1_mb_uploaded_once_and_reused(
    oa_bot: OaBot, fake_oa: FakeZaloOa, tmp_path: Path,
) -> None:
    (tmp_path / "anh").mkdir()
    noisy = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    noisy.save(tmp_path / "anh" / "buoc1.png")
    assert (tmp_path / "anh" / "buoc1.png").stat().st_size > 1024 * 1024
    small = fit_image((tmp_path / "anh" / "buoc1.png").read_bytes(), "buoc1.png", 1024 * 1024)
    assert small is not None and len(small.content) <= 1024 * 1024 and small.mime == "image/jpeg"
    assert fit_image(b"not a picture", "x.png", 1024 * 1024) is None
    oa_bot.channel.guides_dir = tmp_path
    for _ in range(2):
        await oa_bot.channel.send(f"{OA_A}:{COORD}", Reply("Bước 1: mở ứng dụng", image="anh/buoc1.png"))
    images = [h for h, (kind, _, _) in fake_oa.uploads.items() if kind == "image"]
    assert len(images) == 1 and len(fake_oa.uploads[images[0]][2]) <= 1024 * 1024  # uploaded once, then reused
    shown = fake_oa.to(OA_A, COORD)[-4:]
    assert [d.message.get("attachment", {}).get("payload", {}).get("template_type") for d in shown] == [
        "media", None, "media", None]
