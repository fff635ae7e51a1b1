"""Pictures and sound: OCR match rate and time on generated error screenshots, speech time per step, memory.

    .venv/bin/python bench/bench_media.py [--variants 6]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "support")]

from screenshots import error_dialog  # noqa: E402

from bot.core.normalize import fold  # noqa: E402
from bot.core.ocr import TesseractReader  # noqa: E402
from bot.core.speech import AudioFormat, EspeakSpeaker  # noqa: E402
from bot.residents.library import GuideLibrary  # noqa: E402
from bot.residents.listen import spoken  # noqa: E402
from bot.residents.screen_errors import match_screen, shown_errors  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def ocr(library: GuideLibrary, variants: int) -> None:
    reader = TesseractReader()
    if not reader.available():
        print("OCR: tesseract with Vietnamese data is not installed; skipped")
        return
    errors = [q for g in library.current.guides.values() for t in g.troubleshooting for q in shown_errors(t)]
    times, right, total = [], 0, 0
    for index, error in enumerate(errors):
        for variant in range(variants):
            # Harder as the variant grows: more blur, a larger tilt.
            picture = error_dialog(f"{error}. Vui lòng thử lại sau.", seed=index * 100 + variant,
                                   blur=0.5 + 0.25 * variant, angle=(-1) ** variant * (0.5 + 0.8 * variant))
            start = time.perf_counter()
            text = await reader.read(picture)
            found = match_screen(library.current.guides, text)
            times.append(time.perf_counter() - start)
            total += 1
            right += found is not None and fold(found.quoted) == fold(error)
    print(f"OCR: {len(errors)} on-screen errors × {variants} variants (blur 0.5–{0.5 + 0.25 * (variants - 1):.2f} px, "
          f"tilt up to {0.5 + 0.8 * (variants - 1):.1f}°)")
    print(f"  right fix      {right}/{total} = {right / total:.1%}")
    print(f"  time per photo p50 {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms "
          "(read + match)")


async def speech(library: GuideLibrary) -> None:
    with tempfile.TemporaryDirectory() as cache:
        speaker = EspeakSpeaker(Path(cache))
        if not speaker.available():
            print("Speech: espeak-ng or ffmpeg is not installed; skipped")
            return
        steps = [spoken(s.text.vi) for g in library.current.guides.values() for s in g.steps]
        for fmt in (AudioFormat.OPUS, AudioFormat.AAC):
            cold = []
            for text in steps:
                start = time.perf_counter()
                await speaker.clip(text, fmt)
                cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            for text in steps:
                await speaker.clip(text, fmt)
            warm = (time.perf_counter() - start) / len(steps)
            files = await asyncio.to_thread(lambda fmt=fmt: list(Path(cache).glob(f"*.{fmt.value}")))
            size = sum(p.stat().st_size for p in files)
            size /= len(steps)
            print(f"Speech {fmt.name}: {len(steps)} steps, made p50 {statistics.median(cold) * 1000:.0f} ms, "
                  f"p95 {percentile(cold, 0.95) * 1000:.0f} ms; cached {warm * 1000:.2f} ms; {size / 1024:.0f} KB a step")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", type=int, default=6)
    args = parser.parse_args()
    library = GuideLibrary(ROOT / "guides")
    await ocr(library, args.variants)
    await speech(library)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"Memory: bot process peak {own:.0f} MB; largest helper process (tesseract, espeak-ng, ffmpeg) {children:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
