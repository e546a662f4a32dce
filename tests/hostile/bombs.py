"""Hostile files, generated: small on the wire, huge (or endless) to decode, or malformed.

No binary is committed; each builder writes the bytes by hand (PDF objects, TIFF IFDs,
MIME) or asks ffmpeg, so a reader can see exactly what each attack is. The sizes are those
of the attacks in issue 18 unless a test passes smaller ones.
"""

from __future__ import annotations

import io
import struct
import subprocess
import zlib

from PIL import Image

__all__ = [
    "flac_many_channels",
    "nested_mime",
    "pdf",
    "pdf_image_bomb",
    "pdf_page_tree_loop",
    "pdf_xobject_bomb",
    "png_bomb",
    "tiff_ifd_loop",
    "tiff_many_pages",
    "tiff_with_page_name",
]


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of numbered objects (1 is the catalog) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<<" + dictionary + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_xobject_bomb(fanout: int = 10, depth: int = 8) -> bytes:
    """One page whose Form XObject draws the next ``fanout`` times, ``depth`` levels deep.

    2 KB that expand to fanout**depth rectangles: 10**8 at the defaults, more than 6 GB
    for an unconfined PDFium to load and render.
    """
    first_form = 5
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]"
        b"/Resources<</XObject<</X %d 0 R>>>>/Contents 4 0 R>>" % first_form,
        _stream(b"", b"q /X Do Q\n" * fanout),
    ]
    for level in range(depth):
        if level == depth - 1:
            objects.append(
                _stream(b"/Type/XObject/Subtype/Form/BBox[0 0 612 792]", b"0 0 1 1 re f\n")
            )
        else:
            objects.append(
                _stream(
                    b"/Type/XObject/Subtype/Form/BBox[0 0 612 792]"
                    b"/Resources<</XObject<</X %d 0 R>>>>" % (first_form + level + 1),
                    b"q /X Do Q\n" * fanout,
                )
            )
    return pdf(objects)


def pdf_page_tree_loop() -> bytes:
    """A page tree whose Pages node lists itself among its kids."""
    return pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[2 0 R 3 0 R]/Count 2>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>",
            _stream(b"", b"0 0 10 10 re f\n"),
        ]
    )


def pdf_image_bomb(side: int = 20000) -> bytes:
    """An A4 page drawing one ``side``² greyscale image of zeros (Flate: a few hundred KB)."""
    packer = zlib.compressobj(9)
    row_block = bytes(side * 256)
    chunks = [packer.compress(row_block) for _ in range(side // 256)]
    chunks.append(packer.compress(bytes(side * (side % 256))))
    chunks.append(packer.flush())
    data = b"".join(chunks)
    image = _stream(
        b"/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray"
        b"/BitsPerComponent 8/Filter/FlateDecode" % (side, side),
        data,
    )
    return pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
            b"/Resources<</XObject<</I 5 0 R>>>>/Contents 4 0 R>>",
            _stream(b"", b"q 595 0 0 842 0 0 cm /I Do Q\n"),
            image,
        ]
    )


def _ifd(entries: list[tuple[int, int, int, int]], next_offset: int) -> bytes:
    """A little-endian IFD: (tag, type, count, value) entries, sorted by tag."""
    out = struct.pack("<H", len(entries))
    for tag, kind, count, value in sorted(entries):
        out += struct.pack("<HHII", tag, kind, count, value)
    return out + struct.pack("<I", next_offset)


def _bilevel_entries(
    strip: int, extra: list[tuple[int, int, int, int]] | None = None
) -> list[tuple[int, int, int, int]]:
    short, long_ = 3, 4
    return [
        (256, short, 1, 1),  # ImageWidth
        (257, short, 1, 1),  # ImageLength
        (258, short, 1, 1),  # BitsPerSample
        (259, short, 1, 1),  # Compression: none
        (262, short, 1, 1),  # Photometric: black is zero
        (273, long_, 1, strip),  # StripOffsets
        (278, short, 1, 1),  # RowsPerStrip
        (279, long_, 1, 1),  # StripByteCounts
        *(extra or []),
    ]


def tiff_many_pages(pages: int = 100_000) -> bytes:
    """``pages`` 1×1 bilevel pages sharing one strip byte: 11 MB at the default."""
    strip = 8
    first = 9
    size = len(_ifd(_bilevel_entries(strip), 0))
    out = bytearray(b"II*\x00" + struct.pack("<I", first) + b"\xff")
    for n in range(pages):
        offset = first + n * size
        out += _ifd(_bilevel_entries(strip), offset + size if n < pages - 1 else 0)
    return bytes(out)


def tiff_ifd_loop() -> bytes:
    """Two pages whose second IFD points back to the first: a walker that trusts it loops."""
    strip, first = 8, 9
    size = len(_ifd(_bilevel_entries(strip), 0))
    out = b"II*\x00" + struct.pack("<I", first) + b"\xff"
    out += _ifd(_bilevel_entries(strip), first + size)
    out += _ifd(_bilevel_entries(strip), first)
    return out


def tiff_with_page_name(text: str, side: int = 64) -> bytes:
    """A small real TIFF whose PageName tag carries ``text`` (Pillow logs tags at DEBUG)."""
    img = Image.new("L", (side, side), 255)
    out = io.BytesIO()
    img.save(out, "TIFF", tiffinfo={285: text})
    return out.getvalue()


def png_bomb(width: int, height: int, mode: str = "RGBA") -> bytes:
    """A PNG of zeros: tens of KB that decode to width×height×4 bytes."""
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()


def flac_many_channels(seconds: float = 600.0, rate: int = 96_000, layout: str = "7.1") -> bytes:
    """Silence as FLAC (856 KB for 600 s of 96 kHz 8-channel): gigabytes once decoded."""
    command = ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi"]
    command += ["-i", f"anullsrc=r={rate}:cl={layout}", "-t", f"{seconds}"]
    command += ["-c:a", "flac", "-f", "flac", "pipe:1"]
    return subprocess.run(command, capture_output=True, check=True, timeout=120).stdout


def nested_mime(depth: int = 2000, sender: str = "scanner@example.org") -> bytes:
    """A mail whose multipart parts nest ``depth`` levels deep around one tiny PNG."""
    lines = [
        f"From: {sender}",
        "To: scans@intake.example",
        "Subject: scan",
        f"Message-ID: <nested-{depth}@example.org>",
        "MIME-Version: 1.0",
    ]
    body: list[str] = []
    for level in range(depth):
        body.append(f'Content-Type: multipart/mixed; boundary="b{level}"')
        body.append("")
        body.append(f"--b{level}")
    body.append("Content-Type: text/plain")
    body.append("")
    body.append("scan")
    for level in reversed(range(depth)):
        body.append(f"--b{level}--")
    return ("\r\n".join(lines + body) + "\r\n").encode("ascii")
