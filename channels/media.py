"""What a file is, by its first bytes: scans and documents never trust a name or a header."""

from __future__ import annotations

__all__ = ["scan_type"]


def scan_type(data: bytes) -> str | None:
    """PDF, PNG, JPEG or TIFF by magic bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    # The PDF header may follow some junk; readers accept it within the first kilobyte.
    if b"%PDF-" in data[:1024]:
        return "application/pdf"
    return None
