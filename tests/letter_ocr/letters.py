"""Generates complaint letters as scans, so the OCR tests carry no binary fixtures.

Pages are rendered with real CJK fonts found through fontconfig, then degraded the way
scanning stations degrade them (noise, skew, rotation, JPEG artefacts, low contrast) and
packed into the containers the channel accepts (PNG, JPEG, G4 TIFF, PDF with and without
a text layer). Bad inputs (truncated files, a decompression bomb, an encrypted PDF) are
built here too, by hand where no library in the venv can make them.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import math
import random
import struct
import subprocess
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

NAME = "张伟"
PHONE = "13912345678"
A5_MM = (148.0, 210.0)


def resident_id(region: str = "110101", birth: str = "19800315", seq: str = "123") -> str:
    """An 18-digit resident ID number with a correct GB 11643 check character."""
    body = region + birth + seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


ID_NUMBER = resident_id()


def letter_lines(variant: int = 0) -> list[str]:
    """Ten lines of a realistic real-name report; ``variant`` changes the accused and amount."""
    accused = ["李某", "王某某", "赵某"][variant % 3]
    amount = ["三十万元", "12,000元", "1.5万元"][variant % 3]
    return [
        "举报信",
        "尊敬的纪检监察机关：",
        f"我叫{NAME}，身份证号码{ID_NUMBER}，",
        f"联系电话{PHONE}，现住幸福路18号。",
        f"我实名举报某县住建局副局长{accused}，",
        "利用职务便利在工程招标中收受财物，",
        f"涉及金额约{amount}，时间为2023年5月。",
        "相关转账记录和证人信息附后，",
        "恳请组织调查核实。此致敬礼",
        f"举报人：{NAME}  2024年3月18日",
    ]


@dataclass(frozen=True, slots=True)
class FontFace:
    family: str
    path: str
    index: int


@cache
def cjk_fonts() -> dict[str, FontFace]:
    """Simplified-Chinese faces installed on this machine, by family name (via fc-list)."""
    out = subprocess.run(
        ["fc-list", ":lang=zh", "file", "index", "family"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    faces: dict[str, FontFace] = {}
    for line in out.splitlines():
        path, _, rest = line.partition(": ")
        families, _, index = rest.rpartition(":index=")
        family = families.split(",")[0]
        if "Bold" not in path:
            faces.setdefault(family, FontFace(family, path, int(index or 0)))
    return faces


FONT_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC")


def font(family: str) -> FontFace:
    """A required font; a missing one fails the test run rather than skipping it."""
    faces = cjk_fonts()
    if family not in faces:
        raise LookupError(f"font {family!r} not installed; have {sorted(faces)}")
    return faces[family]


def render_page(
    lines: Sequence[str], *, family: str = "Noto Sans CJK SC", dpi: int = 300, pt: float = 12.0
) -> Image.Image:
    """An A5 page, black text on white, grayscale, with its dpi recorded in ``info``."""
    face = font(family)
    size = (round(A5_MM[0] / 25.4 * dpi), round(A5_MM[1] / 25.4 * dpi))
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    ttf = ImageFont.truetype(face.path, round(pt / 72 * dpi), index=face.index)
    margin = round(15 / 25.4 * dpi)
    line_height = round(pt / 72 * dpi * 1.8)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * line_height), line, font=ttf, fill=0)
    img.info["dpi"] = (dpi, dpi)
    return img


def _keep_dpi(src: Image.Image, out: Image.Image) -> Image.Image:
    if "dpi" in src.info:
        out.info["dpi"] = src.info["dpi"]
    return out


def add_noise(
    img: Image.Image, *, sigma: float = 45.0, speckle: float = 0.006, seed: int = 0
) -> Image.Image:
    """Gaussian sensor noise plus salt-and-pepper specks, as from a dirty flatbed."""
    rng = np.random.default_rng(seed)
    a = np.asarray(img.convert("L"), dtype=np.float64)
    a = a + rng.normal(0.0, sigma, a.shape)
    specks = rng.random(a.shape)
    a[specks < speckle / 2] = 0
    a[specks > 1 - speckle / 2] = 255
    return _keep_dpi(img, Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)))


def skew(img: Image.Image, degrees: float) -> Image.Image:
    """A page fed crooked: rotated by a few degrees, corners filled with paper white."""
    out = img.convert("L").rotate(
        degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
    )
    return _keep_dpi(img, out)


def rotate(img: Image.Image, degrees: int) -> Image.Image:
    """A page placed sideways or upside down on the scanner."""
    return _keep_dpi(img, img.rotate(degrees, expand=True))


def low_contrast(img: Image.Image, *, ink: int = 140, paper: int = 195) -> Image.Image:
    """Faded ink on grey recycled paper, slightly blurred."""
    lut = [round(ink + (paper - ink) * v / 255) for v in range(256)]
    out = img.convert("L").point(lut).filter(ImageFilter.GaussianBlur(1.0))
    return _keep_dpi(img, out)


def jpeg_artefacts(img: Image.Image, quality: int = 8) -> Image.Image:
    """Blocking and ringing from a scanner set to its smallest file size."""
    buf = io.BytesIO()
    img.convert("L").save(buf, "JPEG", quality=quality)
    return _keep_dpi(img, Image.open(io.BytesIO(buf.getvalue())).convert("L"))


DEGRADATIONS = ("clean", "noise", "skew", "rot90", "rot180", "jpeg", "low_contrast")


def degrade(img: Image.Image, kind: str, *, seed: int = 0) -> Image.Image:
    """One named degradation; ``seed`` picks the skew angle and the noise pattern."""
    rng = random.Random(seed)
    if kind == "clean":
        return img
    if kind == "noise":
        return add_noise(img, seed=seed)
    if kind == "skew":
        return skew(img, rng.choice([-1, 1]) * rng.uniform(1.0, 3.0))
    if kind == "rot90":
        return rotate(img, 90 if seed % 2 else 270)
    if kind == "rot180":
        return rotate(img, 180)
    if kind == "jpeg":
        return jpeg_artefacts(img)
    if kind == "low_contrast":
        return low_contrast(img)
    raise ValueError(kind)


# --- degradations and layouts of the held-out set (bench/heldout.py) --------------------


def render_columns(
    lines: Sequence[str],
    *,
    family: str,
    dpi: int = 300,
    pt: float = 10.5,
    columns: int = 2,
    title: str | None = None,
) -> Image.Image:
    """Text wrapped into ``columns`` columns, filled left column first (a newsletter-style
    complaint); ``title`` centred above. The truth is the text in reading order."""
    face = font(family)
    size = (round(A5_MM[0] / 25.4 * dpi), round(A5_MM[1] / 25.4 * dpi))
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    px = round(pt / 72 * dpi)
    ttf = ImageFont.truetype(face.path, px, index=face.index)
    margin = round(12 / 25.4 * dpi)
    gutter = round(10 / 25.4 * dpi)
    col_w = (size[0] - 2 * margin - gutter * (columns - 1)) // columns
    per_line = max(4, col_w // px)
    text = "".join(lines)
    wrapped = [text[i : i + per_line] for i in range(0, len(text), per_line)]
    line_h = round(px * 1.8)
    top = margin
    if title:
        width = draw.textlength(title, font=ttf)
        draw.text(((size[0] - width) / 2, top), title, font=ttf, fill=0)
        top += 2 * line_h
    rows = -(-len(wrapped) // columns)
    for i, line in enumerate(wrapped):
        col, row = divmod(i, rows)
        draw.text((margin + col * (col_w + gutter), top + row * line_h), line, font=ttf, fill=0)
    img.info["dpi"] = (dpi, dpi)
    return img


def render_table(
    intro: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    family: str,
    dpi: int = 300,
    pt: float = 11.0,
) -> Image.Image:
    """Prose lines, then a ruled table (a form some complainants fill in), read row by row."""
    face = font(family)
    size = (round(A5_MM[0] / 25.4 * dpi), round(A5_MM[1] / 25.4 * dpi))
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    px = round(pt / 72 * dpi)
    ttf = ImageFont.truetype(face.path, px, index=face.index)
    margin = round(12 / 25.4 * dpi)
    line_h = round(px * 1.8)
    y = margin
    for line in intro:
        draw.text((margin, y), line, font=ttf, fill=0)
        y += line_h
    y += line_h // 2
    ncols = max(len(r) for r in rows)
    widths = [max(len(r[c]) for r in rows) + 2 for c in range(ncols)]
    unit = (size[0] - 2 * margin) / sum(widths)
    xs = [margin]
    for w in widths:
        xs.append(xs[-1] + round(w * unit))
    cell_h = round(px * 2.2)
    for r, row in enumerate(rows):
        top = y + r * cell_h
        for c, cell in enumerate(row):
            draw.text((xs[c] + px // 2, top + (cell_h - px) // 2), cell, font=ttf, fill=0)
    for r in range(len(rows) + 1):
        draw.line([(xs[0], y + r * cell_h), (xs[-1], y + r * cell_h)], fill=0, width=3)
    for x in xs:
        draw.line([(x, y), (x, y + len(rows) * cell_h)], fill=0, width=3)
    img.info["dpi"] = (dpi, dpi)
    return img


def render_handwriting(
    lines: Sequence[str], *, family: str, dpi: int = 300, pt: float = 13.0, seed: int = 0
) -> Image.Image:
    """A 楷体 face with every character jittered in size, angle and position, like a hand."""
    face = font(family)
    rng = random.Random(seed)
    size = (round(A5_MM[0] / 25.4 * dpi), round(A5_MM[1] / 25.4 * dpi))
    img = Image.new("L", size, 255)
    px = round(pt / 72 * dpi)
    margin = round(14 / 25.4 * dpi)
    line_h = round(px * 1.9)
    for i, line in enumerate(lines):
        x = float(margin)
        baseline = margin + i * line_h + rng.uniform(-px * 0.08, px * 0.08)
        for ch in line:
            cpx = round(px * rng.uniform(0.9, 1.08))
            ttf = ImageFont.truetype(face.path, cpx, index=face.index)
            glyph = Image.new("L", (cpx * 2, cpx * 2), 0)
            ImageDraw.Draw(glyph).text((cpx // 2, cpx // 2), ch, font=ttf, fill=255)
            glyph = glyph.rotate(rng.uniform(-6, 6), resample=Image.Resampling.BICUBIC)
            y = round(baseline + rng.uniform(-px * 0.06, px * 0.06)) - cpx // 2
            img.paste(0, (round(x) - cpx // 2, y), glyph)
            advance = ImageDraw.Draw(img).textlength(ch, font=ttf)
            x += advance * rng.uniform(0.98, 1.1)
    img.info["dpi"] = (dpi, dpi)
    return img


def render_vertical(
    lines: Sequence[str], *, family: str = "Noto Serif CJK SC", dpi: int = 300, pt: float = 12.0
) -> Image.Image:
    """Vertical writing (竖排): columns top to bottom, read from the right."""
    face = font(family)
    size = (round(A5_MM[0] / 25.4 * dpi), round(A5_MM[1] / 25.4 * dpi))
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    px = round(pt / 72 * dpi)
    ttf = ImageFont.truetype(face.path, px, index=face.index)
    margin = round(15 / 25.4 * dpi)
    x = size[0] - margin - px
    for line in lines:
        y = margin
        for ch in line:
            draw.text((x, y), ch, font=ttf, fill=0)
            y += round(px * 1.05)
        x -= round(px * 1.8)
    img.info["dpi"] = (dpi, dpi)
    return img


def bilevel(img: Image.Image, threshold: int = 150) -> Image.Image:
    """A 1-bit page, as a scanner in black-and-white mode makes it."""
    return _keep_dpi(
        img, img.convert("L").point(lambda v: 255 if v > threshold else 0).convert("1")
    )


def fax(img: Image.Image) -> Image.Image:
    """Fax "standard fine" resolution: 100 dpi across, 200 dpi down, 1-bit, stored 200x200.

    ``img`` should be a 200 dpi page; columns are halved then doubled, as fax-to-mail
    gateways store the 100x200 image with square pixels.
    """
    gray = img.convert("L")
    narrow = gray.resize((gray.width // 2, gray.height), Image.Resampling.BOX)
    bw = narrow.point(lambda v: 255 if v > 140 else 0)
    out = bw.resize((narrow.width * 2, narrow.height), Image.Resampling.NEAREST).convert("1")
    return _keep_dpi(img, out)


def shadow(img: Image.Image, *, seed: int = 0) -> Image.Image:
    """A phone photo under a desk lamp: light falling off across the page and a fold shadow."""
    rng = np.random.default_rng(seed)
    a = np.asarray(img.convert("L"), dtype=np.float64)
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w]
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(-0.2, 0.3) * h
    dist = np.hypot(xx - cx, yy - cy) / np.hypot(w, h)
    light = 1.0 - 0.55 * np.clip(dist, 0, 1)
    fold = rng.uniform(0.3, 0.7) * w
    light *= 1.0 - 0.35 * np.exp(-(((xx - fold) / (0.04 * w)) ** 2))
    out = np.clip(a * light * rng.uniform(0.85, 0.95), 0, 255).astype(np.uint8)
    return _keep_dpi(img, Image.fromarray(out))


def red_stamp(img: Image.Image, *, seed: int = 0, family: str = "Noto Sans CJK SC") -> Image.Image:
    """A red seal (公章) pressed over the text near the signature: an RGB page."""
    rng = random.Random(seed)
    dpi = int(_dpi(img)[0])
    rgb = img.convert("RGB")
    r = round(19 / 25.4 * dpi)
    seal = Image.new("L", (2 * r + 8, 2 * r + 8), 0)
    draw = ImageDraw.Draw(seal)
    c = r + 4
    draw.ellipse([4, 4, 2 * r + 4, 2 * r + 4], outline=255, width=max(3, r // 14))
    star = [
        (
            c + r * 0.28 * math.cos(math.pi / 2 + k * 2 * math.pi / 5 * 2),
            c - r * 0.28 * math.sin(math.pi / 2 + k * 2 * math.pi / 5 * 2),
        )
        for k in range(5)
    ]
    draw.polygon(star, fill=255)
    face = font(family)
    ttf = ImageFont.truetype(face.path, round(r * 0.28), index=face.index)
    label = "某村民委员会"
    width = draw.textlength(label, font=ttf)
    draw.text((c - width / 2, c + r * 0.35), label, font=ttf, fill=255)
    seal = seal.rotate(rng.uniform(-30, 30), resample=Image.Resampling.BICUBIC)
    x = round(rgb.width * rng.uniform(0.35, 0.6))
    y = round(rgb.height * rng.uniform(0.12, 0.35))
    colour = Image.new("RGB", seal.size, (214, 38, 42))
    alpha = seal.point(lambda v: round(v * 0.85))
    region = rgb.crop((x, y, x + seal.width, y + seal.height))
    stamped = Image.composite(ImageChops.multiply(region, colour), region, alpha)
    rgb.paste(stamped, (x, y))
    return _keep_dpi(img, rgb)


def to_png_bilevel(img: Image.Image) -> bytes:
    """A 1-bit PNG (mode "1" is kept, not widened to grayscale)."""
    buf = io.BytesIO()
    img.convert("1").save(buf, "PNG", dpi=_dpi(img))
    return buf.getvalue()


def to_png_rgb(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "PNG", dpi=_dpi(img))
    return buf.getvalue()


# --- containers ------------------------------------------------------------------------


def _dpi(img: Image.Image) -> tuple[float, float]:
    dpi = img.info.get("dpi", (300, 300))
    return (float(dpi[0]), float(dpi[1]))


def to_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=_dpi(img))
    return buf.getvalue()


def to_jpeg(img: Image.Image, quality: int = 85, *, exif_orientation: int | None = None) -> bytes:
    buf = io.BytesIO()
    exif = Image.Exif()
    if exif_orientation is not None:
        exif[0x0112] = exif_orientation
    img.convert("L").save(buf, "JPEG", quality=quality, dpi=_dpi(img), exif=exif)
    return buf.getvalue()


def to_tiff_g4(pages: Sequence[Image.Image]) -> bytes:
    """A multi-page bilevel CCITT Group 4 TIFF, what office MFPs send by default."""
    bw = [p.convert("L").point(lambda v: 255 if v > 128 else 0).convert("1") for p in pages]
    buf = io.BytesIO()
    bw[0].save(
        buf, "TIFF", compression="group4", save_all=True, append_images=bw[1:], dpi=_dpi(pages[0])
    )
    return buf.getvalue()


def to_image_pdf(pages: Sequence[Image.Image]) -> bytes:
    """A scan-to-PDF file: one image per page, no text layer."""
    rgb = [p.convert("L") for p in pages]
    buf = io.BytesIO()
    rgb[0].save(buf, "PDF", save_all=True, append_images=rgb[1:], resolution=_dpi(pages[0])[0])
    return buf.getvalue()


def to_text_pdf(pages: Sequence[Sequence[str]], *, family: str = "WenQuanYi Zen Hei") -> bytes:
    """A born-digital PDF (typed letter exported from a word processor): real text, no image.

    Built with PDFium's own page-editing API and an embedded CJK TrueType font, since no
    PDF writer with CJK support is among the project's dependencies.
    """
    face = font(family)
    with open(face.path, "rb") as fh:
        data = fh.read()
    doc = pdfium.PdfDocument.new()
    try:
        buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        cfont = pdfium_c.FPDFText_LoadFont(doc.raw, buf, len(data), pdfium_c.FPDF_FONT_TRUETYPE, 1)
        if not cfont:
            raise RuntimeError("PDFium could not load the font")
        width, height = (A5_MM[0] / 25.4 * 72, A5_MM[1] / 25.4 * 72)
        for lines in pages:
            page = doc.new_page(width, height)
            for i, line in enumerate(lines):
                obj = pdfium_c.FPDFPageObj_CreateTextObj(doc.raw, cfont, 12.0)
                text = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
                pdfium_c.FPDFText_SetText(
                    obj, ctypes.cast(text, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
                )
                pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 42, height - 60 - i * 22)
                pdfium_c.FPDFPage_InsertObject(page.raw, obj)
            pdfium_c.FPDFPage_GenerateContent(page.raw)
            page.close()
        out = io.BytesIO()
        doc.save(out)
        pdfium_c.FPDFFont_Close(cfont)
        return out.getvalue()
    finally:
        doc.close()


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF under the standard security handler (RC4-40, revision 2).

    Hand-written because neither qpdf nor a PDF library that encrypts is installed; the
    algorithms are those of ISO 32000-1 §7.6.3 (3.2-3.4), so PDFium opens it with the password.
    """
    file_id = hashlib.md5(b"letter-ocr-test").digest()  # noqa: S324 - the PDF spec's hash
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]  # noqa: S324
    o_entry = _rc4(owner_key, (user_password + _PAD)[:32])
    perms = -4
    key = hashlib.md5(  # noqa: S324
        (user_password + _PAD)[:32] + o_entry + struct.pack("<i", perms) + file_id
    ).digest()[:5]
    u_entry = _rc4(key, _PAD)

    def obj_key(num: int) -> bytes:
        return hashlib.md5(key + struct.pack("<i", num)[:3] + b"\0\0").digest()[:10]  # noqa: S324

    content = _rc4(obj_key(4), b"BT /F1 24 Tf 72 720 Td (Secret) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_entry.hex().encode(), u_entry.hex().encode(), perms),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def png_bomb(side: int = 20000) -> bytes:
    """A 1-bit PNG of ``side``² white pixels: tens of kilobytes that would inflate to 50+ MB."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = b"\0" + b"\xff" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def truncate(data: bytes, keep: float = 0.6) -> bytes:
    """The first part of a file, as left by an upload cut off mid-way."""
    return data[: int(len(data) * keep)]


@dataclass(frozen=True, slots=True)
class Sample:
    """One generated page with its ground truth, for tests and the benchmark."""

    id: str
    image: Image.Image
    truth: str


def degraded_set(
    *,
    fonts: Sequence[str] = FONT_FAMILIES[:2],
    dpis: Sequence[int] = (200, 300),
    kinds: Sequence[str] = DEGRADATIONS,
    variants: int = 1,
) -> list[Sample]:
    """The cross product of fonts, resolutions, degradations and letter variants."""
    samples = []
    for variant in range(variants):
        lines = letter_lines(variant)
        truth = "".join(lines)
        for family in fonts:
            for dpi in dpis:
                page = render_page(lines, family=family, dpi=dpi)
                for n, kind in enumerate(kinds):
                    img = degrade(page, kind, seed=variant * 100 + dpi + n)
                    tag = family.split()[0].lower()
                    samples.append(Sample(f"{tag}-{dpi}-{kind}-v{variant}", img, truth))
    return samples
