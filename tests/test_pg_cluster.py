"""The tests' own PostgreSQL cluster: configured as promised, one database per test, and a
server that a test can stop and start again to exercise outage handling."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

import psycopg
import pytest

from tests.pg import ROLE, PgCluster, PostgresUnavailable, find_bindir

ROOT = Path(__file__).resolve().parent.parent


def test_the_cluster_listens_on_loopback_with_durable_settings(pg_cluster: PgCluster) -> None:
    assert pg_cluster.url == f"postgresql://{ROLE}@127.0.0.1:{pg_cluster.port}/postgres"
    with psycopg.connect(pg_cluster.url) as conn:
        settings = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                [
                    [
                        "fsync",
                        "synchronous_commit",
                        "listen_addresses",
                        "unix_socket_directories",
                        "max_connections",
                        "port",
                    ]
                ],
            ).fetchall()
        )
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()
        assert backend is not None
        # Read while the connection is open: its backend process ends with it.
        owner = os.stat(f"/proc/{backend[0]}").st_uid
    assert settings == {
        "fsync": "on",
        "synchronous_commit": "on",
        "listen_addresses": "127.0.0.1",
        "unix_socket_directories": str(pg_cluster.socket_dir),
        "max_connections": "100",
        "port": str(pg_cluster.port),
    }
    assert pg_cluster.socket_dir.is_relative_to(pg_cluster.folder)
    assert owner != 0, "the server runs as root"


def test_only_the_test_role_is_trusted(pg_cluster: PgCluster) -> None:
    with pytest.raises(psycopg.OperationalError, match=r"pg_hba\.conf"):
        psycopg.connect(pg_cluster.url_for("postgres").replace(ROLE, "somebody", 1)).close()


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_a_fresh_database(pg_url: str, run: int) -> None:
    with psycopg.connect(pg_url) as conn:
        (name,) = conn.execute("SELECT current_database()").fetchone() or ("",)
        assert name.startswith("test_")
        # fails in the second run if the first one's database were reused
        conn.execute("CREATE TABLE marker (run int)")
        conn.execute("INSERT INTO marker VALUES (%s)", [run])


def test_a_database_is_dropped_afterwards_even_with_a_connection_left_open(
    pg_cluster: PgCluster,
) -> None:
    def count(name: str) -> object:
        with psycopg.connect(pg_cluster.url) as admin:
            return admin.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", [name]
            ).fetchone()

    with pg_cluster.database() as url:
        name = url.rsplit("/", 1)[1]
        leaked = psycopg.connect(url)  # as a test's pool might leave behind
        assert count(name) == (1,)
    try:
        assert count(name) == (0,)
        assert leaked.closed or leaked.broken or _is_dead(leaked)
    finally:
        leaked.close()


def _is_dead(conn: psycopg.Connection[object]) -> bool:
    try:
        conn.execute("SELECT 1")
    except psycopg.OperationalError:
        return True
    return False


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_the_server_can_be_stopped_and_started_again(
    pg_cluster: PgCluster, pg_url: str, mode: Literal["fast", "immediate"]
) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE kept (x text)")
        conn.execute("INSERT INTO kept VALUES ('committed before the outage')")
    port = pg_cluster.port
    try:
        pg_cluster.stop(mode)
        assert not pg_cluster.running()
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(pg_url, connect_timeout=5).close()
    finally:
        pg_cluster.start()
    assert pg_cluster.running() and pg_cluster.port == port
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT x FROM kept").fetchall() == [("committed before the outage",)]


def test_without_postgresql_the_message_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(PostgresUnavailable, match=r"scripts/setup\.sh --test"):
        find_bindir(tmp_path)


def test_the_newest_installed_version_is_used(tmp_path: Path) -> None:
    for version in ("9.6", "15", "17"):
        bindir = tmp_path / version / "bin"
        bindir.mkdir(parents=True)
        for program in ("initdb", "pg_ctl"):
            (bindir / program).touch()
    (tmp_path / "18" / "bin").mkdir(parents=True)  # no programs: not a server installation
    assert find_bindir(tmp_path) == tmp_path / "17" / "bin"


def test_no_server_outlives_a_killed_test_run() -> None:
    """A test process killed with SIGKILL leaves no server and no folder behind."""
    code = (
        "import os, signal, sys\n"
        "from tests.pg import PgCluster\n"
        "c = PgCluster.create()\n"
        "print(c.folder, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    folder = Path(done.stdout.strip())
    assert folder.name.startswith("intake-pg-")
    deadline = time.monotonic() + 30
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not folder.exists(), "the killed run's cluster folder is still there"
    servers = subprocess.run(
        ["pgrep", "-f", f"postgres.*{folder}"], capture_output=True, text=True, check=False
    )
    assert servers.stdout == "", f"a server of the killed run still runs: {servers.stdout}"
