"""How replies look on Zalo: numbered lists, 2,000-character pieces, photos by URL, no files; the Sender."""

from __future__ import annotations

import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_zalo import QUOTA, Failure, FakeZalo, user_id
from zalo_harness import GUIDES, ZaloBot, numbered, pick, zalo_config

from bot.channels.zalo_render import Outgoing, image_url, plan
from bot.core.delivery import DeliveryError, RecipientBlocked, RetryLater, TemporaryFailure
from bot.core.messages import Address, Choice, Reply
from bot.residents.library import GuideLibrary

U, V = user_id(1), user_id(2)
IMAGES = "https://anh.example.vn/guides/"
SCREENSHOT = """\
id: chup-man-hinh
category: phone
skill_group: other_platform
title: {vi: 'Chụp ảnh màn hình điện thoại', en: 'Take a screenshot'}
summary: {vi: 'Lưu lại những gì đang hiện trên màn hình.'}
aliases: ['chụp màn hình', 'chup man hinh']
steps:
  - text: {vi: 'Bấm cùng lúc nút nguồn và nút giảm âm lượng.'}
    image: img/bước-1.png
  - text: {vi: 'Mở Thư viện ảnh để xem ảnh vừa chụp.'}
troubleshooting:
  - problem: {vi: 'Không chụp được'}
    answer: {vi: 'Giữ cả hai nút lâu hơn một chút rồi thả ra cùng lúc.'}
sources:
  - title: 'Hướng dẫn sử dụng của nhà sản xuất điện thoại'
    checked: 2025-01-10
"""


@pytest.fixture
async def fake() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
def picture_guides(tmp_path: Path) -> Path:
    """A guides folder with one guide whose first step has a picture."""
    folder = tmp_path / "guides"
    (folder / "img").mkdir(parents=True)
    shutil.copy(GUIDES / "categories.yaml", folder / "categories.yaml")
    (folder / "chup-man-hinh.yaml").write_text(SCREENSHOT, encoding="utf-8")
    (folder / "img" / "bước-1.png").write_bytes(b"\x89PNG\r\n")
    return folder


@pytest.fixture
async def bot(fake: FakeZalo, tmp_path: Path, guide_library: GuideLibrary) -> AsyncIterator[ZaloBot]:
    async with ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db"), library=guide_library) as bot:
        yield bot


async def walk_to_first_step(bot: ZaloBot) -> int:
    """Open the screenshot guide's step 1; returns the call mark taken just before it."""
    menu = await bot.say(U, "xin chào")
    intro = await bot.say(U, pick(await bot.say(U, pick(menu, "Dùng điện thoại")), "Chụp ảnh màn hình"))
    mark = bot.fake.mark()
    assert "Bước 1/2" in await bot.say(U, pick(intro, "Bắt đầu"))
    return mark


async def test_step_pictures_go_by_public_url_above_the_step(fake: FakeZalo, tmp_path: Path,
                                                             picture_guides: Path) -> None:
    config = zalo_config(fake, tmp_path / "bot.db", guides=picture_guides, images_base_url=IMAGES)
    async with ZaloBot(fake, config) as bot:
        mark = await walk_to_first_step(bot)
        photo, text = fake.sends(U, after=mark)
        assert photo.method == "sendPhoto" and text.method == "sendMessage"
        assert photo.params["photo"] == "https://anh.example.vn/guides/img/b%C6%B0%E1%BB%9Bc-1.png"
        assert "Bước 1/2" in text.text


async def test_without_an_images_url_steps_are_text_only(fake: FakeZalo, tmp_path: Path,
                                                         picture_guides: Path) -> None:
    async with ZaloBot(fake, zalo_config(fake, tmp_path / "bot.db", guides=picture_guides)) as bot:
        await walk_to_first_step(bot)
    assert fake.calls_to("sendMessage") and not fake.calls_to("sendPhoto")


async def test_long_texts_are_split_at_line_boundaries_under_2000(bot: ZaloBot, fake: FakeZalo) -> None:
    long = "\n".join(f"Dòng {i}: " + "chữ tiếng Việt " * 8 for i in range(100))
    await bot.channel.send(V, Reply(long))
    pieces = fake.texts(V)
    assert len(pieces) >= 5 and all(len(p) <= 2000 for p in pieces)
    assert "\n".join(pieces) == long and all(p.startswith("Dòng ") for p in pieces)
    one_line = "chữ " * 1200
    await bot.channel.send(V, Reply(one_line))
    words = fake.texts(V)[len(pieces):]
    assert len(words) == 3 and all(len(p) <= 2000 for p in words)
    assert " ".join(words).split() == one_line.split()


async def test_files_cannot_go_on_zalo_so_a_note_says_where_to_get_them(bot: ZaloBot, fake: FakeZalo) -> None:
    report = Reply("📊 Báo cáo tháng 11 đã sẵn sàng.", document=b"PK\x03\x04", document_name="bao-cao-11.xlsx")
    await bot.channel.send(V, report)
    (text,) = fake.texts(V)
    assert text.startswith("📊 Báo cáo tháng 11")
    assert "không gửi được tệp «bao-cao-11.xlsx»" in text and "Telegram" in text and "CLI" in text
    assert {c.method for c in fake.calls} <= {"getMe", "getWebhookInfo", "getUpdates", "sendMessage"}


async def test_the_sender_is_registered_and_its_numbers_map_back(bot: ZaloBot, fake: FakeZalo) -> None:
    assert bot.services is not None
    sender = bot.services.senders["zalo"]
    assert sender is bot.channel and sender.numbered
    await bot.say(V, "xin chào")
    alert = Reply("🙋 Có người cần giúp cài VNeID.", (Choice("Xem hướng dẫn", "g:vneid-install:0"),
                                                      Choice("Để sau", "m")))
    await bot.channel.engine.deliver(Address("zalo", V, V), alert)
    assert numbered(fake.texts(V)[-1]) == {"Xem hướng dẫn": "1", "Để sau": "2"}
    assert (await bot.say(V, "1")).startswith("📘 Cài VNeID")


async def test_sender_failures_are_typed_for_the_broadcast_worker(bot: ZaloBot, fake: FakeZalo) -> None:
    fake.forbidden.add(V)
    with pytest.raises(RecipientBlocked):
        await bot.channel.send(V, Reply("Thông báo"))
    fake.forbidden.clear()
    fake.fail("sendMessage", Failure(500, "Internal error", http_status=200))
    with pytest.raises(TemporaryFailure):
        await bot.channel.send(V, Reply("Thông báo"))
    fake.fail("sendMessage", Failure(400, "Bad Request", http_status=200))
    with pytest.raises(DeliveryError) as permanent:
        await bot.channel.send(V, Reply("Thông báo"))
    assert not isinstance(permanent.value, TemporaryFailure | RetryLater | RecipientBlocked)
    await bot.channel.send(V, Reply("Thông báo"))
    assert fake.texts(V) == ["Thông báo"]
    fake.fail("sendMessage", QUOTA)
    with pytest.raises(RetryLater) as later:
        await bot.channel.send(V, Reply("Thông báo"))
    assert later.value.retry_after > 0


async def test_sends_are_paced_at_the_configured_rate(fake: FakeZalo, tmp_path: Path,
                                                      guide_library: GuideLibrary) -> None:
    config = zalo_config(fake, tmp_path / "bot.db", messages_per_second=20)
    async with ZaloBot(fake, config, library=guide_library) as bot:
        started = time.monotonic()
        for n in range(6):
            await bot.channel.send(V, Reply(f"Thông báo {n}"))
        assert time.monotonic() - started >= 5 / 20 * 0.9
    # The k-th send never comes before its slot, counted from the first (unpaced sends arrive about 1 ms apart).
    # A send that a busy machine made late may be followed closely by the next one on time: gaps prove nothing.
    assert all(d.at - started >= k / 20 * 0.9 for k, d in enumerate(fake.delivered))


def test_plan_numbers_only_the_last_list_and_merges_a_turn() -> None:
    first = Reply("Danh mục", (Choice("VNeID", "c:vneid"), Choice("Thanh toán", "c:payment")))
    second = Reply("Làm tiếp?", (Choice("Làm tiếp", "g:qr-pay:2"), Choice("Danh mục", "m")))
    (only,) = plan([first, second], None)
    assert only.text is not None and only.text.startswith("Danh mục\n\nLàm tiếp?")
    assert numbered(only.text) == {"Làm tiếp": "1", "Danh mục": "2"} and "VNeID" not in only.text
    english = plan([Reply("Menu", (Choice("Guides", "m"), Choice("Help", "c:help")), locale="en")], None)
    assert english == [Outgoing(text="Menu\n\nType a number to choose:\n1. Guides\n2. Help")]


def test_image_urls_stay_inside_the_base() -> None:
    assert image_url("https://anh.example.vn/g", "img/a b.png") == "https://anh.example.vn/g/img/a%20b.png"
    assert image_url("https://anh.example.vn/g", "../config.yaml") is None
    assert image_url("https://anh.example.vn/g", "/etc/passwd") is None
    assert image_url(None, "img/a.png") is None
    assert image_url(None, "https://cdn.example.vn/thong-bao.jpg") == "https://cdn.example.vn/thong-bao.jpg"
    assert image_url("https://anh.example.vn/g", "http://lan.local/a.png") is None
    photo, text = plan([Reply("Bước 1", image="img/a.png")], "https://anh.example.vn/g")
    assert (photo.photo, text.text) == ("https://anh.example.vn/g/img/a.png", "Bước 1")
