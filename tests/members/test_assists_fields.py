"""Reading what members type: households counted once, one-line forms, secrets masked or refused."""

from __future__ import annotations

from bot.members.assists.fields import clean, household_key, parse_count, parse_quick
from bot.residents.library import GuideLibrary


def test_one_household_however_it_is_typed() -> None:
    same = {household_key(label) for label in (
        "Hộ ông Tư, xóm 3", "hộ ông tư - xóm 3", "nhà ông Tư xóm3", "HO ONG TU XOM 3", "gia đình ông Tư, xóm 3")}
    assert same == {"ong tu xom 3"}
    assert household_key("hộ bà Tư, xóm 3") != household_key("hộ ông Tư, xóm 3")
    assert household_key("hộ Đinh Văn Hùng") == "dinh van hung"  # a surname, not "gia đình"
    assert household_key("") == ""


def test_one_line_forms(guide_library: GuideLibrary) -> None:
    exact = parse_quick("vneid-level2 2 bà Lan, ông Tư", guide_library)
    assert (exact.guide_id, exact.count, exact.names, exact.mode) == ("vneid-level2", 2, "bà Lan, ông Tư", None)
    assert parse_quick("qr-pay 3 người làm hộ", guide_library).mode == "for_them"
    words = parse_quick("cài vneid cho bà Lan và ông Tư", guide_library)
    assert (words.guide_id, words.query, words.names, words.count) == (None, "cài vneid", "bà Lan và ông Tư", 2)
    counted = parse_quick("thanh toán qr cho 5 người", guide_library)
    assert (counted.query, counted.count, counted.names) == ("thanh toán qr", 5, "")
    named = parse_quick("hướng dẫn bà Lan cài vneid tự làm", guide_library)
    assert (named.query, named.names, named.mode) == ("hướng dẫn cài vneid", "bà Lan", "self")


def test_counts() -> None:
    assert [parse_count(t) for t in ("1", " 12 ", "3 người", "0", "501", "ba", "2.5")] == [1, 12, 3, None, None,
                                                                                          None, None]


def test_phone_numbers_masked_secrets_refused_length_limited() -> None:
    masked = clean("bà Lan  0912 345 678", 120)
    assert masked.text == "bà Lan ••••••678" and masked.masked
    assert clean("bà Lan", 120) == clean("  bà   Lan ", 120) and not clean("bà Lan", 120).masked
    assert clean("mật khẩu là abc123", 120).secret
    assert clean("x" * 121, 120).too_long
    otp = clean("mã OTP 4821", 120)
    assert otp.text is not None and "4821" not in otp.text
