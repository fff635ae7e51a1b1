"""Phone screenshots made for tests: an app's error dialog at phone size, blurred and slightly rotated."""

from __future__ import annotations

import io
import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")]
APPS = ["VNeID", "Dịch vụ công", "VssID", "Ngân hàng số", "Cài đặt"]


def font(size: int) -> ImageFont.FreeTypeFont:
    path = next((f for f in FONTS if f.is_file()), None)
    if path is None:
        raise FileNotFoundError("install fonts-dejavu-core or fonts-noto-core for Vietnamese test pictures")
    return ImageFont.truetype(str(path), size)


def error_dialog(message: str, seed: int = 0, *, blur: float | None = None, angle: float | None = None) -> bytes:
    """A 540×980 JPEG of an app screen with a dialog saying MESSAGE, as a resident would photograph it."""
    rng = random.Random(seed)
    screen = Image.new("RGB", (540, 980), (246, 246, 248))
    draw = ImageDraw.Draw(screen)
    draw.rectangle((0, 0, 540, 40), fill=(30, 30, 30))
    draw.text((16, 10), f"{rng.randint(6, 21)}:{rng.randint(10, 59)}", font=font(18), fill="white")
    draw.rectangle((0, 40, 540, 120), fill=(200, 30, 40) if rng.random() < 0.5 else (20, 90, 170))
    draw.text((24, 64), rng.choice(APPS), font=font(30), fill="white")
    for row in range(4):  # the app's page behind the dialog
        draw.rounded_rectangle((24, 150 + row * 110, 516, 240 + row * 110), 12, fill=(225, 225, 230))
    draw.rectangle((0, 120, 540, 980), fill=(120, 120, 120, 128))
    lines = textwrap.wrap(message, 26)
    top, height = 330, 150 + 40 * len(lines)
    draw.rounded_rectangle((40, top, 500, top + height), 18, fill="white")
    draw.text((70, top + 24), rng.choice(["Thông báo", "Lỗi", "Thông báo lỗi"]), font=font(28), fill=(20, 20, 20))
    for index, line in enumerate(lines):
        draw.text((70, top + 76 + index * 40), line, font=font(26), fill=(40, 40, 40))
    draw.rounded_rectangle((330, top + height - 64, 470, top + height - 16), 10, fill=(20, 90, 170))
    draw.text((370, top + height - 56), "Đóng", font=font(24), fill="white")
    picture = screen.filter(ImageFilter.GaussianBlur(blur if blur is not None else rng.uniform(0.6, 1.3)))
    picture = picture.rotate(angle if angle is not None else rng.uniform(-3, 3), expand=True, fillcolor=(20, 20, 20))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=rng.randint(55, 85))
    return out.getvalue()


def id_card(number: str, name: str = "NGUYỄN THỊ LAN") -> bytes:
    """A picture of the front of a citizen ID card: exactly what must never be kept."""
    card = Image.new("RGB", (860, 540), (214, 232, 246))
    draw = ImageDraw.Draw(card)
    draw.text((200, 30), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font(26), fill=(20, 20, 20))
    draw.text((300, 90), "CĂN CƯỚC CÔNG DÂN", font=font(34), fill=(180, 20, 20))
    draw.text((300, 150), f"Số / No.: {number}", font=font(30), fill=(20, 20, 20))
    draw.text((300, 210), f"Họ và tên: {name}", font=font(28), fill=(20, 20, 20))
    draw.rectangle((40, 120, 260, 400), fill=(160, 160, 170))
    out = io.BytesIO()
    card.filter(ImageFilter.GaussianBlur(0.6)).save(out, "JPEG", quality=80)
    return out.getvalue()


def noise(seed: int = 0) -> bytes:
    """A photo with no text at all (a blurry picture of anything)."""
    rng = random.Random(seed)
    picture = Image.new("RGB", (480, 640))
    picture.putdata([(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)) for _ in range(480 * 640)])
    out = io.BytesIO()
    picture.filter(ImageFilter.GaussianBlur(4)).save(out, "JPEG", quality=70)
    return out.getvalue()
