"""A throw-away PostgreSQL cluster for the tests: ``initdb`` + ``pg_ctl`` in a temporary folder.

The server binaries come from Debian's ``postgresql`` package (``/usr/lib/postgresql/*/bin``),
which ``bash scripts/setup.sh --test`` installs. The server listens on a free port on
127.0.0.1 only, with its Unix socket in the cluster's own folder, ``fsync`` on, and trust
authentication for one test role. Run as root, the server runs as the ``postgres`` OS user
(PostgreSQL refuses to run as root), which owns the folder.

``tests/conftest.py`` starts one cluster per session, lazily (fixture ``pg_cluster``), and
``pg_url`` gives each test a database of its own.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import psycopg
from psycopg import sql

PG_LIB = Path("/usr/lib/postgresql")
ROLE = "intake"
MAINTENANCE_DB = "postgres"
SERVER_USER = "postgres"  # created by Debian's postgresql-common
INSTALL_HINT = "run `bash scripts/setup.sh --test`, which installs Debian's `postgresql` package"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server to test against: the message says what is missing and what to do."""


def find_bindir(lib: Path | None = None) -> Path:
    """The ``bin`` folder of the newest PostgreSQL under ``lib`` that has initdb and pg_ctl."""
    lib = lib or PG_LIB
    candidates = [
        b for b in lib.glob("*/bin") if (b / "initdb").is_file() and (b / "pg_ctl").is_file()
    ]
    if not candidates:
        raise PostgresUnavailable(
            f"the tests need a PostgreSQL server, but there is no initdb/pg_ctl under "
            f"{lib}/*/bin: {INSTALL_HINT}"
        )

    def version(b: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", b.parent.name)) or (0,)

    return max(candidates, key=version)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_server_user() -> tuple[list[str], int | None]:
    """The command prefix that runs a program as the server's OS user, and that user's uid."""
    if os.geteuid() != 0:
        return [], None
    try:
        uid = pwd.getpwnam(SERVER_USER).pw_uid
    except KeyError:
        raise PostgresUnavailable(
            f"running as root, the test cluster runs as the OS user {SERVER_USER!r}, "
            f"which does not exist: {INSTALL_HINT}"
        ) from None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise PostgresUnavailable("running as root, but `runuser` (util-linux) is missing")
    return [runuser, "-u", SERVER_USER, "--"], uid


def _server_env() -> dict[str, str]:
    """This environment without ``PG*`` variables, which would steer initdb and pg_ctl."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


@dataclass
class PgCluster:
    """One running (or stopped) throw-away cluster; ``url`` reaches its maintenance database."""

    host: str
    port: int
    user: str
    dbname: str
    folder: Path
    bindir: Path
    prefix: list[str] = field(repr=False)
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1), repr=False)
    _watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return self.url_for(self.dbname)

    def url_for(self, dbname: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{dbname}"

    @property
    def datadir(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    @property
    def logfile(self) -> Path:
        return self.folder / "server.log"

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    def create(cls, lib: Path | None = None) -> PgCluster:
        """``initdb`` a new cluster in a temporary folder and start it on a free port."""
        bindir = find_bindir(lib or PG_LIB)
        prefix, uid = _as_server_user()
        folder = Path(tempfile.mkdtemp(prefix="intake-pg-"))
        cluster = cls("127.0.0.1", 0, ROLE, MAINTENANCE_DB, folder, bindir, prefix)
        try:
            if uid is not None:
                os.chown(folder, uid, -1)
            cluster._start_watchdog()
            cluster._run(["mkdir", "-m", "0700", str(cluster.socket_dir)])
            cluster._run(
                [
                    str(bindir / "initdb"),
                    "--pgdata",
                    str(cluster.datadir),
                    "--username",
                    ROLE,
                    "--auth",
                    "reject",  # replaced by the pg_hba.conf below
                    "--encoding",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",  # initdb's own final sync; the server runs with fsync on
                    "--no-instructions",
                ]
            )
            cluster._write_config()
            for attempt in range(3):  # a port found free may be taken before the server binds
                cluster.port = free_port()
                cluster._replace(cluster._port_conf, f"port = {cluster.port}\n")
                try:
                    cluster.start()
                    break
                except PostgresUnavailable:
                    if attempt == 2 or "could not bind" not in cluster.log_tail():
                        raise
        except BaseException:
            cluster.destroy()
            raise
        return cluster

    @property
    def _port_conf(self) -> Path:
        return self.datadir / "port.conf"

    def _write_config(self) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "max_connections": "100",
            "fsync": "on",
            "synchronous_commit": "on",
            "full_page_writes": "on",
            "shared_buffers": "32MB",
            "logging_collector": "off",
            "log_min_messages": "warning",
            "include_if_exists": "'port.conf'",
        }
        conf = "".join(f"{k} = {v}\n" for k, v in settings.items())
        hba = (
            "# the test role, trusted on loopback and on the cluster's own socket only\n"
            f"local all {ROLE} trust\n"
            f"host all {ROLE} 127.0.0.1/32 trust\n"
        )
        self._append(self.datadir / "postgresql.conf", conf)
        self._replace(self.datadir / "pg_hba.conf", hba)

    def _append(self, path: Path, text: str) -> None:
        self._run(["tee", "-a", str(path)], input=text)

    def _replace(self, path: Path, text: str) -> None:
        self._run(["tee", str(path)], input=text)

    def start(self) -> None:
        """Start the server and wait until it accepts connections (same port as before)."""
        self._pg_ctl("start", "--log", str(self.logfile))

    def stop(self, mode: Literal["smart", "fast", "immediate"] = "fast") -> None:
        """Stop the server; ``immediate`` is a crash (no checkpoint), the next start recovers."""
        self._pg_ctl("stop", "--mode", mode)

    def running(self) -> bool:
        return (
            self._run(
                [str(self.bindir / "pg_ctl"), "status", "--pgdata", str(self.datadir)],
                check=False,
            ).returncode
            == 0
        )

    def ensure_running(self) -> None:
        if not self.running():
            self.start()

    def destroy(self) -> None:
        """Stop the server if it runs (fast shutdown) and remove the folder."""
        try:
            if self.datadir.joinpath("postmaster.pid").exists() and self.running():
                self.stop("fast")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            if self._watchdog is not None:
                self._watchdog.terminate()
                self._watchdog.wait()
                self._watchdog = None

    def _start_watchdog(self) -> None:
        """A process of its own that stops the server and removes the folder once this process
        is gone without having done so (``kill -9``, a CI time-out): no server outlives us."""
        pg_ctl = [str(self.bindir / "pg_ctl"), "stop", "--pgdata", str(self.datadir)]
        stop = shlex.join([*self.prefix, *pg_ctl, "--mode", "immediate", "--silent"])
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
            f"{stop}; rm -rf {shlex.quote(str(self.folder))}"
        )
        self._watchdog = subprocess.Popen(
            ["sh", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_server_env(),
            start_new_session=True,
        )

    # -- databases --------------------------------------------------------------------------

    @contextlib.contextmanager
    def database(self) -> Iterator[str]:
        """A new, empty database ``test_<n>`` for the duration, dropped afterwards."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield self.url_for(name)
        finally:
            self.ensure_running()  # the test may have stopped the server
            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )

    # -- helpers ----------------------------------------------------------------------------

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.logfile.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _pg_ctl(self, *args: str) -> None:
        self._run(
            [
                str(self.bindir / "pg_ctl"),
                *args,
                "--pgdata",
                str(self.datadir),
                "--wait",
                "--timeout",
                "60",
                "--silent",
            ]
        )

    def _run(
        self, argv: list[str], *, input: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*self.prefix, *argv],
            input=input,
            capture_output=True,
            text=True,
            env=_server_env(),
            cwd=self.folder,
            check=False,
        )
        if check and done.returncode != 0:
            raise PostgresUnavailable(
                f"`{' '.join(argv)}` failed ({done.returncode}): "
                f"{(done.stderr or done.stdout).strip()}\n{self.log_tail()}"
            )
        return done
