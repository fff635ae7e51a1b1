"""Search: Vietnamese normalisation, typos, aliases, accuracy on the question sets, pasted error texts."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from bot.core.normalize import fold, normal, toned_tokens
from bot.residents.feature import MATCH_THRESHOLD
from bot.residents.library import GuideLibrary
from bot.residents.search import Hit

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parents[1] / "data"
NEW_GUIDES = DATA / "questions-new-guides.tsv"


@pytest.fixture(scope="module")
def library() -> GuideLibrary:
    return GuideLibrary(ROOT / "guides")


def best(library: GuideLibrary, question: str) -> str | None:
    hits = library.search(question)
    return hits[0].guide_id if hits and hits[0].score >= MATCH_THRESHOLD else None


def test_fold_strips_tones_marks_and_d() -> None:
    assert fold("Đăng ký tài khoản định danh ĐIỆN TỬ") == "dang ky tai khoan dinh danh dien tu"
    assert fold("hoá đơn") == fold("hóa đơn") == "hoa don"


def test_fold_takes_letters_typed_as_a_base_and_a_combining_mark_like_precomposed_ones() -> None:
    vietnamese = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    assert fold(vietnamese.upper()) == fold(vietnamese) == "a" * 17 + "e" * 11 + "i" * 5 + "o" * 17 + "u" * 11 + "y" * 5 + "d"
    decomposed = unicodedata.normalize("NFD", "Đăng ký tài khoản")  # some keyboards send marks apart
    assert fold(decomposed) == "dang ky tai khoan"
    assert fold("Zalo 👍 ok") == "zalo 👍 ok"  # what is not a letter with marks stays as it was


def test_texting_abbreviations_are_expanded() -> None:
    assert normal("ko vào đc tk dvc") == "khong vao duoc tai khoan dich vu cong"
    assert normal("dk vneid xong r, quen pass") == "dang ky vneid xong roi quen mat khau"


@pytest.mark.parametrize(
    ("question", "guide"),
    [
        ("cài đặt VNeID", "vneid-install"),
        ("cai dat vneid", "vneid-install"),
        ("cai dat vnied", "vneid-install"),  # a typo
        ("dang nhap vssud", "vssid"),  # one wrong letter in a five-letter name
        ("quen pasxode", "vneid-passcode"),
        ("kết nối wifi", "wifi-connect"),
        ("ket noi wiifi", "wifi-connect"),
        ("quet ma qr thanh toan", "qr-pay"),
    ],
)
def test_with_or_without_diacritics_and_with_typos(library: GuideLibrary, question: str, guide: str) -> None:
    assert best(library, question) == guide


def test_words_typed_glued_together_are_understood(library: GuideLibrary) -> None:
    assert best(library, "nop ho so tren dichvucong") == "dvc-submit"


def test_a_tone_counts_fully_only_for_guides_that_write_the_word_so(library: GuideLibrary) -> None:
    # "bán" (sell) is the shop guide's word; "bạn" (you) typed with tones is only a pronoun there.
    assert best(library, "bán hàng trên mạng") == "online-shop"
    assert best(library, "bạn ơi") is None
    assert best(library, "kết bạn zalo") == "zalo-video-call"


@pytest.mark.parametrize(
    ("question", "guide"),
    [
        ("tải app công an ở đâu", "vneid-install"),  # "app của công an" is what many call VNeID
        ("cai phan mem moi cho may android", "install-app"),  # "phần mềm" is "ứng dụng"
        ("agribank bắt cập nhật khuôn mặt", "bank-biometrics"),  # a bank's name stands for the bank
        ("vneid tải ở đâu", "vneid-install"),  # word pairs in either order
        ("cài vê en ai đi", "vneid-install"),  # an app's name as voice typing spells it
        ("cho chú hỏi chú đổi số điện thoại trên vneid", "vneid-phone-change"),  # "chú" calls, "chữ" is text
    ],
)
def test_many_names_for_one_thing(library: GuideLibrary, question: str, guide: str) -> None:
    assert best(library, question) == guide


def test_regional_and_spoken_words_do_not_take_other_words() -> None:
    def words(text: str) -> str:
        return " ".join(w for w, _ in toned_tokens(text))

    assert words("bấm dô hổng được") == "bam vao khong duoc"  # southern "dô", "hổng", known by their tones
    assert words("ly hôn") == "ly hon" and words("điện thoại hỏng") == "dien thoai hong"
    assert words("đã lỡ bấm link") == "da lo bam link"  # not Zalo, though voice typing spells it "da lô"
    assert words("vê en ai đi trên ai phôn") == "vneid tren iphone"


def test_a_guide_about_another_app_than_the_one_named_loses(library: GuideLibrary) -> None:
    assert best(library, "quên mật khẩu vssid") == "vssid"
    assert best(library, "ông nhập sai mk vneid mấy lần giờ bị khóa tk") == "vneid-passcode"


@pytest.mark.parametrize(
    ("question", "referral"),
    [
        ("thẻ atm bị nuốt ở cây rút tiền", "bank-card"),
        ("Căn cước công dân bao lâu mới có theo quy định?", "law"),
        ("cần những điều kiện gì để được miễn thuế", "tax"),  # the topic's own office before the general one
        # Letters to the social insurance office that name the VssID app still belong to the office.
        ("tra trên vssid thấy công ty cũ chưa báo giảm, giờ muốn chốt sổ để công ty mới đóng tiếp", "social-insurance-book"),
        ("sinh con được 3 tháng rồi mà chưa nhận được tiền thai sản, hồ sơ đã duyệt chưa", "maternity"),
        ("doanh nghiệp nộp phí bằng chuyển khoản thì bao lâu được xác nhận", "business"),  # not the QR guides
    ],
)
def test_rules_fees_and_bank_cards_go_to_the_office_that_answers(
        library: GuideLibrary, question: str, referral: str) -> None:
    hits = library.find(question)
    assert hits and hits[0].referral == referral, hits


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


# Floors against regressions, not the goals: the goals (80 % top-1 on real questions, 92 % on short typed ones,
# 85 % of out-of-scope questions rejected) are measured by bench/eval_search.py, which these mirror: a question
# is right when what it opens is its guide, or nothing / a referral for '-' lines. (top-1, rejected) per set;
# each floor sits a little under the figure measured when it was set.
FLOORS = {
    "questions-dev.tsv": (0.95, 0.9),
    "questions-dev2.tsv": (0.85, 0.85),
    "questions-dev4.tsv": (0.92, 0.95),  # 82.7 % / 97.5 % when it arrived, before any tuning on it
    "questions-dev5.tsv": (0.86, 0.9),  # 79.2 % / 87.5 % when it arrived, before any tuning on it
    "questions-dev6.tsv": (0.92, 0.9),  # 85.1 % / 91.7 % when it arrived, before any tuning on it
    "questions-dev7.tsv": (0.95, 0.88),  # 92.3 % / 83.3 % when it arrived, before any tuning on it
    "questions-real-dev5.tsv": (0.6, 0.7),  # 21 lines: what public pages still had that no other set used
    "questions-real-dev.tsv": (0.9, 0.9),
    "questions-real-dev2.tsv": (0.75, 0.85),
    "questions-real-dev3.tsv": (0.9, 0.85),  # mostly out-of-scope questions next to a guide's topic
    "questions-next-to-referrals.tsv": (0.95, 1.0),  # referrals must not take what a guide answers (no '-' lines)
    # Held out (never read while tuning, totals only). Targets: 92 % short, 80 % real, 85 % rejected.
    # Set 4 (short typed) read once when it arrived: 90.5 % / 93.0 %.
    "questions-heldout4.tsv": (0.88, 0.9),
    # Held-out sets retired into development after their figures had been read three times. Set 1 became dev3 and
    # real-dev4; set 2 (95.0 % / 77.5 %, 95.0 % / 80.0 %, 95.7 % / 85.0 %; real 66.0 % / 72.0 % twice, then
    # 70.2 % / 84.0 %) became dev8 and real-dev6. Set 3 (citizens' letters to public Q&A portals, all out of scope:
    # 70.3 %, 62.2 %, then 56.8 % rejected) became real-dev7.
    "questions-dev3.tsv": (0.88, 0.8),
    "questions-real-dev4.tsv": (0.72, 0.6),
    "questions-dev8.tsv": (0.93, 0.8),
    "questions-real-dev6.tsv": (0.66, 0.8),
    "questions-real-dev7.tsv": (0.0, 0.6),
    "questions-real-dev8.tsv": (0.0, 0.6),  # questions to portals, second set: 67.7 % rejected when it arrived
}


@pytest.mark.parametrize("name", list(FLOORS))
def test_top1_accuracy_and_no_guide_rate(library: GuideLibrary, name: str) -> None:
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    rows = read(path)
    in_scope = [(e, q) for e, q in rows if e]
    out_scope = [q for e, q in rows if e is None]
    right = sum(_opens(library, q) == e for e, q in in_scope)
    rejected = sum(_opens(library, q) is None for q in out_scope)
    top1_floor, rejected_floor = FLOORS[name]
    assert not in_scope or right / len(in_scope) >= top1_floor, f"top-1 {right}/{len(in_scope)}"
    assert not out_scope or rejected / len(out_scope) >= rejected_floor, f"rejected {rejected}/{len(out_scope)}"


def _opens(library: GuideLibrary, question: str) -> str | None:
    hit = opened(library, question)
    return hit.guide_id if hit else None


def opened(library: GuideLibrary, question: str) -> Hit | None:
    """What a resident's question opens: the best guide hit, or None (nothing close enough, or a referral)."""
    hits = library.find(question)
    return hits[0] if hits and hits[0].score >= MATCH_THRESHOLD and not hits[0].referral else None


def test_each_new_guide_is_reached_by_its_public_questions(library: GuideLibrary) -> None:
    rows = read(NEW_GUIDES)
    asked: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    for expected, question in rows:
        if expected:
            hit = opened(library, question)
            asked[expected] += 1
            reached[expected] += hit is not None and hit.guide_id == expected
    assert set(asked) <= set(library.current.guides), "questions name a guide that does not exist"
    rates = {guide: reached[guide] / asked[guide] for guide in asked}
    assert all(rate >= 0.5 for rate in rates.values()), rates
    assert sum(reached.values()) / sum(asked.values()) >= 0.85, rates
    out_scope = [question for expected, question in rows if expected is None]
    assert sum(opened(library, question) is None for question in out_scope) > len(out_scope) / 2


@pytest.mark.parametrize(
    "error",
    [
        "Kết nối tới hệ thống thất bại",
        "Hệ thống đang bảo trì. Vui lòng thử lại sau",
        "Thông tin không hợp lệ",
        "Tài khoản đã được đăng ký",
        "không nhận được mã OTP",
        "CCCD không khớp thông tin",
        "Không tìm thấy tài khoản liên kết",
    ],
)
def test_a_pasted_error_text_leads_to_a_guide_that_explains_it(library: GuideLibrary, error: str) -> None:
    hit = opened(library, error)
    assert hit is not None, error
    guide = library.get(hit.guide_id)
    assert guide is not None
    quoted = fold(error.split(".")[0])
    explaining = [i for i, trouble in enumerate(guide.troubleshooting) if quoted in fold(trouble.problem.vi)]
    assert explaining, hit
    assert hit.entry is None or hit.entry in explaining, hit  # when an entry is named, it is the right one


def test_a_long_story_reaches_the_guide_its_words_point_to(library: GuideLibrary) -> None:
    story = ("Hôm qua tôi mới mua điện thoại mới cho mẹ, cài lại VNeID thì nó cứ bắt xác nhận trên máy cũ "
             "mà máy cũ hỏng rồi, giờ phải làm sao ạ")
    hit = opened(library, story)
    assert hit is not None and hit.guide_id == "vneid-passcode", library.find(story)


def test_a_story_opens_what_its_short_core_opens(library: GuideLibrary) -> None:
    # The story's extra words are not evidence against the guide: its score is scaled by its length.
    core = "vneid bắt xác nhận trên máy cũ"
    story = ("hôm qua cài lại vneid cho mẹ thì nó bắt xác nhận trên máy cũ, máy cũ hỏng mất rồi, con cháu đi làm "
             "xa cả, bà cụ chờ mấy hôm nay chưa xem được giấy tờ")
    assert _opens(library, core) == _opens(library, story) == "vneid-passcode", library.find(story)


def test_a_guide_that_does_not_know_the_named_topic_is_not_opened(library: GuideLibrary) -> None:
    shop = "quán nước nhỏ của tôi dán mã qr nhận tiền"
    assert _opens(library, shop) == "qr-receive"
    # "thuế" names a referral topic the QR guide knows nothing about: no guide opens.
    assert _opens(library, shop + " thì có phải đóng thuế không") is None
    # Untyped tones make "lúa" (rice) read like "lừa" (scam); "thương lái" names the farming topic.
    assert library.find("thuong lai ep gia lua thi hoi ai")[0].referral == "farming"


def test_a_referral_close_behind_the_best_guide_answers_instead(library: GuideLibrary) -> None:
    # What the two land papers are is the land office's matter; the VNeID land form only knows their names.
    best, runner_up = library.find("so hong voi so do khac nhau the nao")[:2]
    assert best.referral == "land" and runner_up.guide_id == "land-declaration", (best, runner_up)
    assert best.score >= MATCH_THRESHOLD  # it takes the guide's place, so the resident is told where to ask
    assert _opens(library, "khai thông tin sổ đỏ trên vneid") == "land-declaration"  # the phone task stays


def test_a_misspelling_fix_explains_less_than_the_word_typed_right(library: GuideLibrary) -> None:
    right = library.search("cai dat vneid")[0]
    typo = library.search("cai dat vnied")[0]
    assert right.guide_id == typo.guide_id == "vneid-install"
    assert typo.score < right.score


def test_a_guide_that_misses_a_word_the_best_one_knows_is_no_near_tie(library: GuideLibrary) -> None:
    best, runner_up = library.find("cách tải app vneid về điện thoại")[:2]
    assert best.guide_id == "vneid-install" and runner_up.guide_id == "install-app"
    assert not runner_up.rival  # the app-store guide does not know "vneid": no choice between the two
    passcode, vssid = library.find("quên mật khẩu")[:2]
    assert {passcode.guide_id, vssid.guide_id} == {"vneid-passcode", "vssid"} and vssid.rival


# Every hit for every dev question, printed by a fresh interpreter (so with its own string-hash seed).
_EVERY_HIT = """
import sys
from pathlib import Path
from bot.residents.library import GuideLibrary
library = GuideLibrary(Path(sys.argv[1]))
for path in sys.argv[2:]:
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            print(library.find(line.split("\\t", 1)[1]))
"""


def test_the_same_question_gets_the_same_answer_in_every_process() -> None:
    """Set order changes with each process's string-hash seed; a misspelling equally close to two words, or
    sums taken in another order, must not change a question's answer after a restart."""
    files = [str(path) for path in sorted(DATA.glob("questions-*dev*.tsv")) if "sources" not in path.name]
    outputs = set()
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONHASHSEED"}  # a new seed each
    for _ in range(6):
        result = subprocess.run(
            [sys.executable, "-c", _EVERY_HIT, str(ROOT / "guides"), *files], capture_output=True, text=True,
            env=environment, cwd=ROOT, check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1 and len(next(iter(outputs)).splitlines()) > 100


def test_an_answer_does_not_depend_on_what_was_asked_before() -> None:
    """The search remembers misspelling fixes, tones and folded words between questions; what it remembers
    from earlier questions must not change a later answer."""
    questions = [line.split("\t", 1)[1] for path in sorted(DATA.glob("questions-*dev*.tsv")) if "sources" not in path.name
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    forward, backward = GuideLibrary(ROOT / "guides"), GuideLibrary(ROOT / "guides")
    answers = [forward.find(q) for q in questions]
    assert [backward.find(q) for q in reversed(questions)][::-1] == answers and len(answers) > 1000


def test_a_topic_asked_about_inside_the_app_a_guide_is_about_goes_to_that_guide(library: GuideLibrary) -> None:
    """Naming an office's topic ("hưu trí", "bằng lái") does not send a question to the office when it asks about
    that thing in the app a guide is about; without the app it is the office's."""
    assert _opens(library, "thẻ bhyt của mẹ tôi hưu trí trên vneid báo hết hạn") == "vneid-documents"
    assert _opens(library, "Cách hiển thị bằng lái xe mới trên VNeID sau khi hoàn thành thủ tục online") == (
        "vneid-documents")
    assert library.find("mẹ tôi hưu trí được lĩnh bao nhiêu")[0].referral == "pension"
