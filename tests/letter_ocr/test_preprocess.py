"""Each preprocessing step decides from the page whether it applies."""

from __future__ import annotations

import numpy as np
from PIL import Image

from channels.letter_ocr.preprocess import Preprocessing, is_bilevel, prepare
from tests.letter_ocr import letters

NO_TURN = Preprocessing(orientation=False, deskew=False, upscale=False)


def test_a_bilevel_page_is_not_median_filtered() -> None:
    page = letters.bilevel(
        letters.render_page(letters.letter_lines(0), family="AR PL UKai CN", dpi=200)
    )
    assert is_bilevel(page)
    assert letters.fax(letters.render_page(["一"], dpi=200)).mode == "1"
    with_step = np.asarray(prepare(page, dpi=200, steps=NO_TURN))
    without = np.asarray(
        prepare(
            page,
            dpi=200,
            steps=Preprocessing(orientation=False, deskew=False, upscale=False, denoise=False),
        )
    )
    assert np.array_equal(with_step, without)


def test_a_noisy_grayscale_page_is_median_filtered() -> None:
    page = letters.add_noise(letters.render_page(letters.letter_lines(0), dpi=200), seed=4)
    assert not is_bilevel(page)
    cleaned = np.asarray(prepare(page, dpi=200, steps=NO_TURN))
    assert not np.array_equal(cleaned, np.asarray(page.convert("L")))


def test_a_red_seal_is_removed_and_the_ink_under_it_kept() -> None:
    plain = letters.render_page(letters.letter_lines(0), dpi=200)
    stamped = letters.red_stamp(plain, seed=1)
    steps = Preprocessing(orientation=False, deskew=False, upscale=False, denoise=False)
    out = np.asarray(prepare(stamped, dpi=200, steps=steps), dtype=np.int16)
    ink = np.asarray(plain, dtype=np.int16) < 100
    # Every black pixel of the letter is still dark; almost no dark pixel is new.
    assert (out[ink] < 128).mean() > 0.99
    assert ((out < 128) & ~ink).mean() < 0.002


def test_a_colour_scan_without_red_is_read_as_plain_grayscale() -> None:
    page = letters.render_page(letters.letter_lines(0), dpi=300)
    as_rgb = prepare(page.convert("RGB"), dpi=300, steps=NO_TURN)
    assert np.array_equal(np.asarray(as_rgb), np.asarray(prepare(page, dpi=300, steps=NO_TURN)))


def test_uneven_lighting_is_flattened() -> None:
    page = letters.shadow(letters.render_page(letters.letter_lines(0), dpi=200), seed=2)
    out = np.asarray(prepare(page, dpi=200, steps=NO_TURN), dtype=np.float64)
    before = np.asarray(page, dtype=np.float64)
    paper = np.asarray(letters.render_page(letters.letter_lines(0), dpi=200)) > 200
    # Paper is near white across the page after, and was not before.
    assert np.percentile(out[paper], 5) > 200 > np.percentile(before[paper], 5)


def test_osd_turns_a_page_upright() -> None:
    from channels.letter_ocr.ocr import TesseractEngine

    upright = letters.render_page(letters.letter_lines(0), family="Noto Serif CJK SC", dpi=200)
    osd = TesseractEngine()
    for turn in (90, 180, 270):
        assert osd.orientation(upright.rotate(turn, expand=True)) == (360 - turn) % 360
    assert osd.orientation(Image.new("L", (600, 800), 255)) is None
