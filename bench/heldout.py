"""The held-out letters: texts, fonts, seeds and degradations the channel was never tuned on.

Tuning (``bench/letters.py --set tuned``, the figures in ``channels/letter_ocr/preprocess.py``
and the merge weight in ``combine.py``) uses only ``tests/letter_ocr/letters.degraded_set``:
one report letter, Noto Sans CJK SC and WenQuanYi Zen Hei, seven degradations stored as
grayscale PNG. Everything here differs: three other letters (other complainants, ID numbers,
phones, accused, wording), other faces (AR PL UKai and UMing, WenQuanYi Micro Hei, Noto Serif
CJK SC), other seeds, and the categories below, each delivered in the container a scanning
station would send (1-bit PNG, G4 TIFF, JPEG, image PDF, RGB PNG).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from tests.letter_ocr import letters

__all__ = ["CATEGORIES", "HeldOut", "heldout_set"]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    id_number: str
    phone: str


PEOPLE = (
    Person("刘芳", letters.resident_id("320102", "19751108", "246"), "13687654321"),
    Person("陈建国", letters.resident_id("440305", "19620227", "517"), "18923456710"),
    Person("王秀英", letters.resident_id("510107", "19881230", "082"), "15011223344"),
)


def heldout_lines(n: int) -> list[str]:
    p = PEOPLE[n % len(PEOPLE)]
    village = ["东风村", "红旗村", "向阳村"][n % 3]
    accused = ["周某某", "吴某", "郑某某"][n % 3]
    money = ["八万六千元", "45,800元", "2.3万元"][n % 3]
    return [
        "控告信",
        "县纪委监委：",
        f"本人{p.name}，身份证号{p.id_number}，",
        f"手机{p.phone}，系{village}村民。",
        f"现控告{village}党支部书记{accused}",
        "在征地补偿款发放中虚报冒领，",
        f"截留村民补偿款约{money}，",
        "并多次在村集体账目上弄虚作假。",
        "请组织依法依纪查处，还村民公道。",
        f"控告人：{p.name}  2024年6月3日",
    ]


def short_lines(n: int) -> list[str]:
    p = PEOPLE[n % len(PEOPLE)]
    return [
        "反映情况",
        f"我叫{p.name}，电话{p.phone}，",
        f"身份证{p.id_number}。",
        "反映乡卫生院院长违规收受回扣。",
    ]


@dataclass(frozen=True, slots=True)
class HeldOut:
    """One held-out page as the file a station would upload, with its truth and fields."""

    id: str
    category: str
    family: str
    data: bytes
    truth: str
    fields: dict[str, str]


def _png(img: Image.Image) -> bytes:
    return letters.to_png(img)


def _jpeg(img: Image.Image, quality: int) -> bytes:
    return letters.to_jpeg(img, quality=quality)


Render = Callable[[int, str, int], tuple[bytes, list[str]]]


def _plain(kind: str) -> Render:
    def render(n: int, family: str, seed: int) -> tuple[bytes, list[str]]:
        rng = random.Random(seed)
        lines = heldout_lines(n)
        dpi = 200 if kind in ("bilevel_png", "g4_tiff", "fax", "jpeg_low") else 300
        page = letters.render_page(lines, family=family, dpi=dpi, pt=rng.choice([11.0, 12.0]))
        if kind == "clean":
            return _png(page), lines
        if kind == "bilevel_png":
            return letters.to_png_bilevel(letters.bilevel(page)), lines
        if kind == "g4_tiff":
            return letters.to_tiff_g4([page]), lines
        if kind == "fax":
            return letters.to_png_bilevel(letters.fax(page)), lines
        if kind == "skew":
            angle = rng.choice([-1, 1]) * rng.uniform(3.0, 5.0)
            return _png(letters.skew(page, angle)), lines
        if kind.startswith("rot"):
            return _png(letters.rotate(page, int(kind[3:]))), lines
        if kind == "jpeg_low":
            return _jpeg(page, 12), lines
        if kind == "shadow":
            return _jpeg(letters.shadow(page, seed=seed), 80), lines
        if kind == "stamp":
            return letters.to_png_rgb(letters.red_stamp(page, seed=seed)), lines
        if kind == "pdf_noise":
            noisy = letters.add_noise(page, sigma=25.0, speckle=0.002, seed=seed)
            return letters.to_image_pdf([noisy]), lines
        raise ValueError(kind)

    return render


def _two_column(n: int, family: str, seed: int) -> tuple[bytes, list[str]]:
    lines = heldout_lines(n)
    page = letters.render_columns(lines[1:], family=family, title=lines[0])
    return _png(page), lines


def _table(n: int, family: str, seed: int) -> tuple[bytes, list[str]]:
    p = PEOPLE[n % len(PEOPLE)]
    intro = ["情况反映表", f"反映人：{p.name}，手机{p.phone}，", f"身份证号{p.id_number}。"]
    rows = [
        ["时间", "地点", "事项", "金额"],
        ["3月", "村委会", "虚报冒领", "2万元"],
        ["4月", "镇财政所", "截留补偿", "5万元"],
        ["5月", "村部", "私分集体款", "8千元"],
    ]
    page = letters.render_table(intro, rows, family=family)
    return _png(page), intro + ["".join(r) for r in rows]


def _handwriting(n: int, family: str, seed: int) -> tuple[bytes, list[str]]:
    lines = heldout_lines(n)
    return _png(letters.render_handwriting(lines, family=family, seed=seed)), lines


def _short(n: int, family: str, seed: int) -> tuple[bytes, list[str]]:
    lines = short_lines(n)
    page = letters.render_page(lines, family=family, dpi=300)
    # The same four lines at the top of an A4 sheet: mostly empty paper.
    a4 = Image.new("L", (round(210 / 25.4 * 300), round(297 / 25.4 * 300)), 255)
    a4.paste(page.crop((0, 0, page.width, page.height // 2)), (0, 0))
    a4.info["dpi"] = (300, 300)
    return _jpeg(a4, 70), lines


# category -> (renderer, fonts it is rendered with)
CATEGORIES: dict[str, tuple[Render, tuple[str, ...]]] = {
    "clean": (_plain("clean"), ("AR PL UMing CN", "WenQuanYi Micro Hei")),
    "bilevel_png": (_plain("bilevel_png"), ("AR PL UKai CN", "Noto Serif CJK SC")),
    "g4_tiff": (_plain("g4_tiff"), ("AR PL UKai CN", "WenQuanYi Micro Hei")),
    "fax": (_plain("fax"), ("Noto Serif CJK SC",)),
    "skew": (_plain("skew"), ("AR PL UMing CN", "WenQuanYi Micro Hei")),
    "rot90": (_plain("rot90"), ("AR PL UKai CN",)),
    "rot180": (_plain("rot180"), ("Noto Serif CJK SC",)),
    "rot270": (_plain("rot270"), ("WenQuanYi Micro Hei",)),
    "jpeg_low": (_plain("jpeg_low"), ("AR PL UMing CN",)),
    "shadow": (_plain("shadow"), ("Noto Serif CJK SC", "AR PL UKai CN")),
    "stamp": (_plain("stamp"), ("WenQuanYi Micro Hei", "AR PL UMing CN")),
    "pdf_noise": (_plain("pdf_noise"), ("AR PL UMing CN",)),
    "two_column": (_two_column, ("Noto Serif CJK SC",)),
    "table": (_table, ("WenQuanYi Micro Hei",)),
    "handwriting": (_handwriting, ("AR PL UKai CN",)),
    "short": (_short, ("AR PL UMing CN",)),
}


def heldout_set(*, seed: int = 7001, categories: tuple[str, ...] | None = None) -> list[HeldOut]:
    """One page per (category, font), letters and seeds varying from page to page."""
    out = []
    k = 0
    for category, (render, families) in CATEGORIES.items():
        if categories is not None and category not in categories:
            continue
        for family in families:
            n = (k + seed) % len(PEOPLE)
            data, lines = render(n, family, seed + 17 * k)
            p = PEOPLE[n]
            fields = {"id_number": p.id_number, "phone": p.phone, "name": p.name}
            tag = family.split()[-2].lower() if family.startswith("AR") else family.split()[0]
            out.append(
                HeldOut(
                    id=f"{category}-{tag.lower()}-{k}",
                    category=category,
                    family=family,
                    data=data,
                    truth="".join(lines),
                    fields=fields,
                )
            )
            k += 1
    return out


def image_of(data: bytes) -> Image.Image:
    """The first page of a held-out file as the raw baselines get it (PDFs via PDFium)."""
    from channels.letter_ocr import pages

    page = next(iter(pages.iter_pages(data)))
    assert page.image is not None
    return page.image
