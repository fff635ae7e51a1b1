"""Printouts read back: text extracted from each PDF (Vietnamese intact), QR codes decoded to the right URL."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import decode
from report_world import MOT, build_world

from bot.core.config import Config
from bot.core.engine import Services
from bot.residents.library import GuideLibrary
from bot.web.handout import handout_pdf
from bot.web.pages import Reach
from bot.web.printing import printable

ROOT = Path(__file__).resolve().parents[2]
PDFTOPPM = shutil.which("pdftoppm")


def text_of(pdf: bytes) -> str:
    """The text of every page, without the page footers, so a step running over a page break reads whole."""
    lines = [line for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().splitlines()
             if not line.startswith(("In từ ", "Printed from "))]
    return " ".join(" ".join(lines).split())


def qr_codes(pdf: Path) -> list[str]:
    """Every QR code on the first page, read from the page as printed (rendered at 150 dpi)."""
    if PDFTOPPM is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run([PDFTOPPM, "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(pdf.with_suffix(""))],
                   check=True, timeout=60)
    image = Image.open(next(pdf.parent.glob(pdf.stem + "-*1.png")))
    return sorted(found.data.decode() for found in decode(image))


def bot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_every_guide_prints_with_its_steps_warnings_and_code(tmp_path: Path, config: Config,
                                                              guide_library: GuideLibrary) -> None:
    result = bot("guides", "print", "--all", "--out", str(tmp_path / "pdf"), "--config", str(tmp_path / "config.yaml"))
    assert result.returncode == 0, result.stderr
    assert "fontTools" not in result.stderr
    for guide in guide_library.current.guides.values():
        text = text_of((tmp_path / "pdf" / f"{guide.id}.pdf").read_bytes())
        assert " ".join(printable(guide.title.vi).split()) in text and "{you}" not in text and "{You}" not in text
        assert f"Nhắn mã {guide.code} cho trợ lý" in text
        for step in guide.steps:
            assert " ".join(printable(step.text.get("vi")).split()) in text, (guide.id, step.text.vi)
        for warning in guide.warnings:
            assert " ".join(printable(warning.get("vi")).split()) in text
        assert text.index(printable(guide.steps[0].text.get("vi"))[:40]) > text.index("Cần nhớ") if guide.warnings else True


def test_vietnamese_letters_survive_and_emoji_are_left_out(guide_library: GuideLibrary) -> None:
    guide = guide_library.get("vneid-install")
    assert guide is not None
    text = text_of(handout_pdf(guide, "vi", Reach("https://bot.example.vn")))
    total = len(guide.steps)
    for word in (guide.title.vi, "Điện thoại thông minh", f"Bước {total}/{total}", "căn cước", "ứng dụng"):
        assert word in text
    assert "📱" not in text and "✅" not in text and "⚠ Chỉ có một ứng dụng VNeID" in text
    english = text_of(handout_pdf(guide, "en", Reach("https://bot.example.vn")))
    assert f"{guide.title.en}" in english and f"Step 1 of {total}" in english


def test_the_qr_code_opens_the_guide_page(tmp_path: Path, guide_library: GuideLibrary) -> None:
    reach = Reach("https://bot.example.vn")
    for guide_id, locale, url in (("vneid-level2", "vi", "https://bot.example.vn/g/vneid-level2/"),
                                  ("qr-pay", "en", "https://bot.example.vn/en/g/qr-pay/")):
        guide = guide_library.get(guide_id)
        assert guide is not None
        pdf = tmp_path / f"{guide_id}.pdf"
        pdf.write_bytes(handout_pdf(guide, locale, reach))
        assert qr_codes(pdf) == [url]
    guide = guide_library.get("vssid")
    assert guide is not None
    only_telegram = tmp_path / "vssid.pdf"  # no web site: the QR code opens the guide in Telegram
    only_telegram.write_bytes(handout_pdf(guide, "vi", Reach(telegram_bot="TroLyToCNSBot")))
    assert qr_codes(only_telegram) == ["https://t.me/TroLyToCNSBot?start=VSSID1"]


async def test_poster_for_a_village_from_the_command_line(tmp_path: Path, services: Services) -> None:
    await build_world(services)
    out = tmp_path / "poster.pdf"
    result = bot("poster", "--area", MOT, "--out", str(out), "--config", str(tmp_path / "config.yaml"),
                 "--contact", "Anh Hùng, tổ trưởng: 0912 345 678")
    assert result.returncode == 0, result.stderr
    text = text_of(out.read_bytes())
    install = services.library.get("vneid-install")
    assert install is not None
    for expected in ("Hỏi trợ lý Tổ công nghệ số", "Thôn Một, Xã Hòa An, Tỉnh Kiểm Thử", "Tổ Một",
                     "Anh Hùng, tổ trưởng: 0912 345 678", "VNEID1", install.title.vi):
        assert expected in text
    web = services.config.web
    assert qr_codes(out) == sorted([web.zalo_oa_url or "", "https://t.me/TroLyToCNSBot", f"{web.public_url}/"])
    refused = bot("poster", "--area", "99999", "--out", str(out), "--config", str(tmp_path / "config.yaml"))
    assert refused.returncode == 2 and "no area '99999'" in refused.stderr


def test_poster_without_any_address_says_what_to_configure(tmp_path: Path) -> None:
    config = tmp_path / "bare.yaml"
    config.write_text(f"database:\n  path: {tmp_path / 'bare.db'}\n", encoding="utf-8")
    result = bot("poster", "--area", "00070", "--out", str(tmp_path / "p.pdf"), "--config", str(config))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no area" in result.stderr or "web.zalo_oa_url" in result.stderr


def test_print_refuses_unknown_ids_and_ambiguous_requests(tmp_path: Path) -> None:
    unknown = bot("guides", "print", "no-such-guide", "--out", str(tmp_path))
    assert unknown.returncode == 2 and "no guide 'no-such-guide'" in unknown.stderr
    both = bot("guides", "print", "qr-pay", "--all", "--out", str(tmp_path))
    assert both.returncode == 2 and "not both" in both.stderr
