"""Reading a log line into assists: task in guide words, people, household, place, who did it; several at once."""

from __future__ import annotations

from assist_corpus import load, score

from bot.members.assists.fields import household_key
from bot.members.assists.reader import Entry, read_line
from bot.residents.library import GuideLibrary

VILLAGES = [("v1", "Thôn Đồng Tâm"), ("v2", "Xóm Chùa"), ("v3", "Thôn 3"), ("v4", "Bản Phiêng")]


def one(text: str, library: GuideLibrary) -> Entry:
    [entry] = read_line(text, library, VILLAGES)
    return entry


def test_the_corpus_is_read_with_at_least_nine_fields_in_ten_exact(guide_library: GuideLibrary) -> None:
    corpus = load()
    assert len(corpus.lines) >= 150
    result = score(corpus, guide_library)
    assert result.share >= 0.9, "\n".join(result.misses)
    for name, (exact, total) in result.by_field.items():
        assert exact / total >= 0.85, (name, exact, total)


def test_place_and_household_leave_the_names(guide_library: GuideLibrary) -> None:
    lan = one("cài vneid cho bà Lan xóm Đồng Tâm", guide_library)
    assert (lan.guide_id, lan.names, lan.village, lan.household) == ("vneid-install", "bà Lan", "v1", "")
    ba = one("cài vneid cho bà Lan hộ ông Ba", guide_library)
    assert (ba.names, household_key(ba.household), ba.count) == ("bà Lan", "ong ba", 1)
    lan_home = one("đăng nhập dịch vụ công cho anh Hùng nhà bà Lan", guide_library)
    assert (lan_home.guide_id, lan_home.names, household_key(lan_home.household)) == ("dvc-login", "anh Hùng",
                                                                                       "ba lan")


def test_numbers_of_the_task_are_not_people(guide_library: GuideLibrary) -> None:
    for text in ("kich hoat muc 2", "kích hoạt mức 2 cho bà Lan", "cai vneid muc 1 cho co Hoa",
                 "bước 3 kích hoạt bị lỗi, làm lại cho ông Tư", "kich hoat muc2"):
        entry = one(text, guide_library)
        assert entry.count == 1, text
        assert entry.guide_id in ("vneid-level2", "vneid-install"), text
    assert one("kich hoat muc 2 cho 3 nguoi", guide_library).count == 3


def test_people_are_names_counts_couples_and_whole_families(guide_library: GuideLibrary) -> None:
    assert one("cài vneid cho bà Lan và ông Tư", guide_library).count == 2
    assert one("cai vneid cho 5 ba con thon 3", guide_library).count == 5
    couple = one("vợ chồng anh Lực cài vneid", guide_library)
    assert (couple.names, couple.count) == ("vợ chồng anh Lực", 2)
    family = one("cài vneid cho cả nhà anh Tâm 4 người", guide_library)
    assert (family.names, household_key(family.household), family.count) == ("cả nhà", "anh tam", 4)
    more = one("kích hoạt mức 2 cho bà Nhung và 2 người nữa", guide_library)
    assert (more.names, more.count) == ("bà Nhung", 3)
    child = one("chuyển tiền cho con qua mobile money, cô Thuỷ", guide_library)
    assert (child.guide_id, child.names) == ("mobile-money", "cô Thuỷ")  # "con" is who the money went to


def test_hộ_means_a_household_after_cho_and_for_them_after_the_task(guide_library: GuideLibrary) -> None:
    household = one("cài vneid cho hộ ông Ba", guide_library)
    assert (household_key(household.household), household.names, household.mode) == ("ong ba", "", None)
    for_him = one("cài vneid hộ ông Ba", guide_library)
    assert (for_him.household, for_him.names, for_him.mode) == ("", "ông Ba", "for_them")
    assert one("nộp hồ sơ làm hộ chiếu trên dịch vụ công cho chị Yến", guide_library).mode is None  # a passport


def test_several_assists_in_one_message(guide_library: GuideLibrary) -> None:
    morning = read_line("sáng nay ở nhà văn hoá: bà Nụ cài vneid, ông Khải quên passcode, cô Thuỷ chuyển tiền "
                        "cho con", guide_library, VILLAGES)
    assert [(e.guide_id, e.names) for e in morning] == [
        ("vneid-install", "bà Nụ"), ("vneid-passcode", "ông Khải"), ("mobile-money", "cô Thuỷ")]
    assert all(e.note == "ở nhà văn hoá" and e.village is None for e in morning)
    lines = read_line("- cài vneid cho bà Lan\n- quét qr trả tiền cho chị Hoa; chỉnh chữ to cho cụ Tám",
                      guide_library, VILLAGES)
    assert [e.guide_id for e in lines] == ["vneid-install", "qr-pay", "text-size"]
    shared = read_line("xóm Chùa: 3 người cài vneid, 2 người kích hoạt mức 2", guide_library, VILLAGES)
    assert [(e.guide_id, e.count, e.village) for e in shared] == [("vneid-install", 3, "v2"), ("vneid-level2", 2, "v2")]
    two_homes = read_line("cài vneid cho hộ ông Hai, hộ bà Năm", guide_library, VILLAGES)
    assert [household_key(e.household) for e in two_homes] == ["ong hai", "ba nam"]


def test_places_not_in_the_team_stay_with_the_household_or_in_the_note(guide_library: GuideLibrary) -> None:
    home = one("cài vneid cho nhà ông Tư xóm Giữa", guide_library)
    assert (home.village, household_key(home.household)) == (None, "ong tu xom giua")
    person = one("kích hoạt mức 2 cho ông Hưng ở xóm Giữa", guide_library)
    assert (person.village, person.note) == (None, "ở xóm Giữa")
    assert one("cài vneid cho anh Tín thôn Ba", guide_library).village == "v3"  # "Ba" is three


def test_a_task_no_guide_fits_is_kept_in_the_members_words(guide_library: GuideLibrary) -> None:
    other = one("sửa loa điện thoại cho bà Tư", guide_library)
    assert (other.guide_id, other.other, other.names) == (None, "sửa loa điện thoại", "bà Tư")
    typo = one("cài vnied cho ông Khải", guide_library)
    assert typo.guide_id == "vneid-install"
