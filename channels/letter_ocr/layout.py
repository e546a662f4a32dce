"""Puts the lines of a page in reading order: rows, columns of prose, and tables.

Lines are grouped into rows (their vertical extents overlap); a row whose lines are
separated by a wide gap (more than ``gap_factor`` line heights) has several cells. Rows in a
run that share the same gaps, with no line crossing them, form a block: prose in two or
more columns is read column by column, top to bottom; a table (three or more columns, or
short cells) row by row, left to right. Everything else is read top to bottom. Vertical
text (竖排) is not laid out here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from channels.letter_ocr.reading import Line

__all__ = ["reading_order"]

# Cells shorter than this (median characters) read as a table, row by row.
_TABLE_CELL_CHARS = 7


@dataclass
class _Block:
    rows: list[list[Line]] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)


def reading_order(lines: Sequence[Line], *, gap_factor: float = 1.5) -> list[Line]:
    if len(lines) < 2:
        return list(lines)
    rows = _rows(lines)
    height = sorted(line.box[3] - line.box[1] for line in lines)[len(lines) // 2]
    blocks: list[_Block] = []
    for row in rows:
        gaps = _gaps(row, max(1.0, gap_factor * height))
        current = blocks[-1] if blocks else None
        if current is not None and current.gaps and _fits(row, current.gaps):
            current.rows.append(row)
            if gaps:
                current.gaps = _common(current.gaps, gaps) or current.gaps
            continue
        blocks.append(_Block(rows=[row], gaps=gaps))
    ordered: list[Line] = []
    for block in blocks:
        ordered.extend(_read_block(block))
    return ordered


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    spans: list[tuple[int, int]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        top, bottom = line.box[1], line.box[3]
        if spans:
            r_top, r_bottom = spans[-1]
            overlap = min(bottom, r_bottom) - max(top, r_top)
            if overlap > 0.5 * min(bottom - top, r_bottom - r_top):
                rows[-1].append(line)
                spans[-1] = (min(top, r_top), max(bottom, r_bottom))
                continue
        rows.append([line])
        spans.append((top, bottom))
    return [sorted(row, key=lambda ln: ln.box[0]) for row in rows]


def _gaps(row: Sequence[Line], min_gap: float) -> list[tuple[int, int]]:
    """Wide horizontal gaps between the cells of a row (x ranges)."""
    gaps = []
    right = row[0].box[2]
    for line in row[1:]:
        if line.box[0] - right >= min_gap:
            gaps.append((right, line.box[0]))
        right = max(right, line.box[2])
    return gaps


def _fits(row: Sequence[Line], gaps: Sequence[tuple[int, int]]) -> bool:
    """No line of ``row`` crosses the middle of any gap of the block."""
    for lo, hi in gaps:
        mid = (lo + hi) / 2
        if any(line.box[0] < mid < line.box[2] for line in row):
            return False
    return True


def _common(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for lo, hi in a:
        for lo2, hi2 in b:
            if min(hi, hi2) > max(lo, lo2):
                out.append((max(lo, lo2), min(hi, hi2)))
    return out if len(out) == len(a) else []


def _read_block(block: _Block) -> list[Line]:
    if not block.gaps or len(block.rows) < 2:
        return [line for row in block.rows for line in row]
    cells = [line for row in block.rows for line in row]
    lengths = sorted(len(line.text) for line in cells)
    table = len(block.gaps) >= 2 or lengths[len(lengths) // 2] < _TABLE_CELL_CHARS
    if table:
        return cells
    mids = [(lo + hi) / 2 for lo, hi in block.gaps]
    columns: list[list[Line]] = [[] for _ in range(len(mids) + 1)]
    for row in block.rows:
        for line in row:
            centre = (line.box[0] + line.box[2]) / 2
            columns[sum(1 for m in mids if centre > m)].append(line)
    return [line for column in columns for line in column]
