"""Named SQL queries, read from ``sql/`` files: the Python code names a query, never holds SQL.

A file is a sequence of blocks, each opened by a ``-- name: query_name`` line (procrastinate's
``queries.sql`` shape). ``sql/queries.sql`` holds what both engines run as written, with
``:name`` placeholders; ``sql/<dialect>/queries.sql`` holds the queries whose SQL differs (job
claims with ``SKIP LOCKED``, list parameters, the database clock). A name may be defined in
one of the two only, so nothing is silently overridden.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources

__all__ = ["load_migrations", "load_queries"]

_NAME = re.compile(r"^--\s*name:\s*(\w+)\s*$", re.MULTILINE)


def _parse(text: str, origin: str) -> dict[str, str]:
    found: dict[str, str] = {}
    parts = _NAME.split(text)
    # parts = [preamble, name1, body1, name2, body2, ...]
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name in found:
            raise ValueError(f"{origin}: query {name!r} defined twice")
        sql = "\n".join(
            line for line in body.strip().splitlines() if not line.lstrip().startswith("--")
        ).strip()
        found[name] = sql
    return found


def _read(*path: str) -> str:
    return resources.files("gateway.storage").joinpath("sql", *path).read_text(encoding="utf-8")


def load_queries(dialect: str, placeholders: Callable[[str], str] = lambda q: q) -> dict[str, str]:
    """Portable and dialect queries of ``dialect``; ``placeholders`` rewrites ``:name``."""
    common = _parse(_read("queries.sql"), "sql/queries.sql")
    own = _parse(_read(dialect, "queries.sql"), f"sql/{dialect}/queries.sql")
    clash = common.keys() & own.keys()
    if clash:
        raise ValueError(f"queries defined for all engines and for {dialect}: {sorted(clash)}")
    return {name: placeholders(sql) for name, sql in {**common, **own}.items()}


def load_migrations(dialect: str) -> list[tuple[int, str, str]]:
    """``(version, name, sql)`` of ``sql/<dialect>/migrations/NNNN_name.sql``, in order."""
    folder = resources.files("gateway.storage").joinpath("sql", dialect, "migrations")
    out = []
    for entry in folder.iterdir():
        m = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    out.sort()
    versions = [v for v, _, _ in out]
    # Unique and from 1; a gap is allowed, since branches built side by side take numbers
    # apart (0007 and 0008) and applied versions are tracked one by one, not as a high mark.
    if len(set(versions)) != len(versions) or (versions and versions[0] != 1):
        raise ValueError(f"sql/{dialect}/migrations: versions must be unique from 1: {versions}")
    return out


_PLACEHOLDER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def pyformat(sql: str) -> str:
    """``:name`` to psycopg's ``%(name)s`` (a literal ``%`` doubled; ``::type`` casts kept)."""
    return _PLACEHOLDER.sub(r"%(\1)s", sql.replace("%", "%%"))


def split_statements(sql: str) -> list[str]:
    """Statements of a migration file: comment lines dropped, split at ``;`` (no procedural
    bodies or semicolons in literals in our migrations)."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
