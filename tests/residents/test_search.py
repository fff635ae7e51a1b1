"""Search: Vietnamese normalisation, typos, aliases, and accuracy on the dev and held-out sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.normalize import fold, normal
from bot.residents.feature import MATCH_THRESHOLD
from bot.residents.library import GuideLibrary

ROOT = Path(__file__).resolve().parents[2]
DEV = Path(__file__).parents[1] / "data" / "questions-dev.tsv"
HELDOUT = Path(__file__).parents[1] / "data" / "questions-heldout.tsv"


@pytest.fixture(scope="module")
def library() -> GuideLibrary:
    return GuideLibrary(ROOT / "guides")


def best(library: GuideLibrary, question: str) -> str | None:
    hits = library.search(question)
    return hits[0].guide_id if hits and hits[0].score >= MATCH_THRESHOLD else None


def test_fold_strips_tones_marks_and_d() -> None:
    assert fold("Đăng ký tài khoản định danh ĐIỆN TỬ") == "dang ky tai khoan dinh danh dien tu"
    assert fold("hoá đơn") == fold("hóa đơn") == "hoa don"


def test_texting_abbreviations_are_expanded() -> None:
    assert normal("ko vào đc tk dvc") == "khong vao duoc tai khoan dich vu cong"


@pytest.mark.parametrize(
    ("question", "guide"),
    [
        ("cài đặt VNeID", "vneid-install"),
        ("cai dat vneid", "vneid-install"),
        ("cai dat vnied", "vneid-install"),  # a typo
        ("kết nối wifi", "wifi-connect"),
        ("ket noi wiifi", "wifi-connect"),
        ("quet ma qr thanh toan", "qr-pay"),
    ],
)
def test_with_or_without_diacritics_and_with_typos(library: GuideLibrary, question: str, guide: str) -> None:
    assert best(library, question) == guide


def test_words_typed_glued_together_are_understood(library: GuideLibrary) -> None:
    assert best(library, "nop ho so tren dichvucong") == "dvc-submit"


def test_tones_that_differ_from_every_guide_count_less(library: GuideLibrary) -> None:
    # "bạn" (you) and "bán" (sell) fold to the same letters; typed with tones they are told apart.
    assert best(library, "bạn tên gì") is None


def test_empty_or_stopword_only_questions_find_nothing(library: GuideLibrary) -> None:
    assert library.search("") == []
    assert library.search("làm sao ạ???") == []


def read(path: Path) -> list[tuple[str | None, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, question = line.split("\t", 1)
            rows.append((None if expected == "-" else expected, question))
    return rows


@pytest.mark.parametrize("path", [DEV, HELDOUT], ids=["dev", "heldout"])
def test_top1_accuracy_and_no_guide_rate(library: GuideLibrary, path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    rows = read(path)
    in_scope = [(e, q) for e, q in rows if e]
    out_scope = [q for e, q in rows if e is None]
    right = sum(best(library, q) == e for e, q in in_scope)
    rejected = sum(best(library, q) is None for q in out_scope)
    assert right / len(in_scope) >= 0.9
    assert rejected / len(out_scope) >= 0.9
