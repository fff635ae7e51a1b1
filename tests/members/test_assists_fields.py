"""Cleaning what members type: households counted once, counts read, secrets masked or refused."""

from __future__ import annotations

from bot.members.assists.fields import clean, household_key, parse_count


def test_one_household_however_it_is_typed() -> None:
    same = {household_key(label) for label in (
        "Hộ ông Tư, xóm 3", "hộ ông tư - xóm 3", "nhà ông Tư xóm3", "HO ONG TU XOM 3", "gia đình ông Tư, xóm 3")}
    assert same == {"ong tu xom 3"}
    assert household_key("hộ bà Tư, xóm 3") != household_key("hộ ông Tư, xóm 3")
    assert household_key("hộ Đinh Văn Hùng") == "dinh van hung"  # a surname, not "gia đình"
    assert household_key("ông Ba") == household_key("hộ ông Ba") == household_key("nhà Ông Ba")
    assert household_key("") == ""


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
