"""The command line: ``intake-gateway serve | migrate | keygen | schema | ...``.

Every command loads the same settings (``--config`` TOML plus ``INTAKE_*``); an invalid
setting stops the command with a message naming it, before anything starts.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from gateway.logs import configure as configure_logging
from gateway.settings import ConfigError, Settings, load_settings, settings_reference
from gateway.storage.errors import StorageError

if TYPE_CHECKING:  # imported lazily at run time: `intake-gateway schema` needs no crypto
    from gateway.crypto import KeyRing
    from gateway.storage import AccountChange, Store

__all__ = ["main"]

log = logging.getLogger("gateway")


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.roles:
        roles = tuple(r.strip() for r in args.roles.split(",") if r.strip())
        settings = dataclasses.replace(settings, roles=roles)
    return asyncio.run(serve(settings))


def cmd_worker(args: argparse.Namespace) -> int:
    """Workers and forwarder only: the ops endpoints on ``http_port``, no public routes."""
    return asyncio.run(serve(dataclasses.replace(_settings(args), roles=("workers", "forwarder"))))


async def serve(settings: Settings) -> int:
    """Serve until SIGTERM/SIGINT, then stop cleanly: in-flight work resumes on next start."""
    from aiohttp import web

    from gateway.app import STORE, create_app
    from gateway.listener import GuardedSite

    app = await create_app(settings)
    # No access log: request lines can carry query codes and must not reach log files.
    runner = web.AppRunner(
        app,
        access_log=None,
        handle_signals=False,
        keepalive_timeout=settings.http_idle_timeout_s,
    )
    await runner.setup()
    site = GuardedSite(
        runner,
        settings.http_host,
        settings.http_port,
        backlog=settings.http_backlog,
        max_per_client=settings.http_max_connections_per_client,
        header_timeout_s=settings.http_header_timeout_s,
    )
    await site.start()
    host, port = runner.addresses[0][:2]
    log.info(
        "listening on http://%s:%d (roles %s, database %s)",
        host,
        port,
        ",".join(settings.roles),
        app[STORE].db.url,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("stopping")
    await runner.cleanup()
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    async def run() -> int:
        settings = _settings(args)
        _, store = await _with_store(settings, create_keys=True)
        await store.close()
        print(f"database {store.db.url} is at the newest schema")
        return 0

    return asyncio.run(run())


def cmd_keygen(args: argparse.Namespace) -> int:
    from gateway.crypto import generate_key_line

    print(generate_key_line())
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from normalizer.record import record_schema

    print(json.dumps(record_schema(), ensure_ascii=False, indent=2, sort_keys=True))
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    print(settings_reference(), end="")
    return 0


async def _with_store(settings: Settings, create_keys: bool = False) -> tuple[KeyRing, Store]:
    from gateway.crypto import load_keyring
    from gateway.storage import open_store

    keyring = load_keyring(settings.keys, settings.resolved_key_file, create=create_keys)
    return keyring, await open_store(
        settings.resolved_database_url, keyring, pool_size=settings.database_pool_size
    )


def cmd_verify_trajectory(args: argparse.Namespace) -> int:
    async def run() -> int:
        _, store = await _with_store(_settings(args))
        try:
            problems = await store.verify_trajectories()
        finally:
            await store.close()
        for p in problems:
            print(f"TAMPERED {p.intake_no} ({p.intake_id}) event {p.seq}: {p.problem}")
        if not problems:
            print("all trajectories intact")
        return 1 if problems else 0

    return asyncio.run(run())


def cmd_create_api_key(args: argparse.Namespace) -> int:
    from gateway.auth import Role, hash_api_key, new_api_key

    async def run() -> int:
        keyring, store = await _with_store(_settings(args), create_keys=True)
        key = new_api_key()
        try:
            await store.add_api_key(
                args.name, Role(args.role).value, hash_api_key(keyring.derive("api-key"), key)
            )
        finally:
            await store.close()
        print(key)
        return 0

    return asyncio.run(run())


def _read_password(args: argparse.Namespace) -> str:
    """From standard input (scripts) or a prompt twice (people); never from the command line."""
    import getpass

    from gateway.administration import clean_password

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("密码 / password: ")
        if getpass.getpass("再次输入 / again: ") != password:
            raise SystemExit("intake-gateway: the two passwords differ")
    try:
        return clean_password(password)
    except ValueError as exc:
        raise SystemExit(f"intake-gateway: {exc}") from None


def _display_name(value: str) -> str:
    from gateway.accounts import clean_display_name

    try:
        return clean_display_name(value)
    except ValueError as exc:
        raise SystemExit(f"intake-gateway: --display-name: {exc}") from None


# Account changes made here are audited like those on the accounts page, by this actor.
CLI_ACTOR = "cli"


def _change_account(args: argparse.Namespace, change: AccountChange) -> bool:
    """``Store.change_account`` as the command line; False when there is no such account."""

    async def run() -> bool:
        _, store = await _with_store(_settings(args), create_keys=True)
        try:
            return await store.change_account(change, CLI_ACTOR)
        finally:
            await store.close()

    return asyncio.run(run())


def cmd_create_user(args: argparse.Namespace) -> int:
    from gateway.accounts import hash_password
    from gateway.administration import clean_login_name
    from gateway.storage import AlreadyExists, NewAccount

    try:
        name = clean_login_name(args.name)
    except ValueError as exc:
        raise SystemExit(f"intake-gateway: {exc}") from None
    display_name = _display_name(args.display_name)
    password = _read_password(args)
    try:
        _change_account(args, NewAccount(name, args.role, hash_password(password), display_name))
    except AlreadyExists:
        print(f"intake-gateway: user {name!r} exists; use set-password", file=sys.stderr)
        return 1
    print(f"created {args.role} {name}")
    return 0


def cmd_set_display_name(args: argparse.Namespace) -> int:
    from gateway.storage import DisplayNameChange

    display_name = _display_name(args.display_name)
    if not _change_account(args, DisplayNameChange(args.name, display_name)):
        print(f"intake-gateway: no user {args.name!r}", file=sys.stderr)
        return 1
    print(
        f"display name of {args.name} set"
        if display_name
        else f"display name of {args.name} cleared"
    )
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    from gateway.accounts import hash_password
    from gateway.storage import PasswordReset

    password = _read_password(args)
    if not _change_account(args, PasswordReset(args.name, hash_password(password))):
        print(f"intake-gateway: no user {args.name!r}", file=sys.stderr)
        return 1
    print(f"password of {args.name} set; their sessions were ended")
    return 0


def cmd_account(args: argparse.Namespace) -> int:
    """set-role, disable-user, enable-user, unlock-user: the accounts page's other changes."""
    from gateway.storage import AccountLock, LoginFailuresCleared, NoAdminLeft, RoleChange

    change: AccountChange
    match args.command:
        case "set-role":
            change = RoleChange(args.name, args.role)
        case "disable-user" | "enable-user":
            change = AccountLock(args.name, args.command == "disable-user")
        case _:
            change = LoginFailuresCleared(args.name)
    try:
        found = _change_account(args, change)
    except NoAdminLeft:
        print("intake-gateway: no enabled administrator would be left", file=sys.stderr)
        return 1
    if not found:
        print(f"intake-gateway: no user {args.name!r}", file=sys.stderr)
        return 1
    print(f"{args.command}: {args.name} done")
    return 0


def cmd_rebuild_statistics(args: argparse.Namespace) -> int:
    """Rebuild the statistics table from the records (after an upgrade or a restore)."""

    from gateway.app import statistics_service

    async def run() -> int:
        settings = _settings(args)
        _, store = await _with_store(settings)
        try:
            n = await statistics_service(settings, store).rebuild()
        finally:
            await store.close()
        print(f"statistics rebuilt for {n} intakes")
        return 0

    return asyncio.run(run())


def cmd_replay(args: argparse.Namespace) -> int:
    """Give dead-lettered jobs a new start, once the cause (engine down, bug) is fixed."""

    async def run() -> int:
        _, store = await _with_store(_settings(args))
        try:
            replayed = await store.replay_dead(args.intake_no or None, "cli:replay")
        finally:
            await store.close()
        for intake_no in replayed:
            print(f"replayed {intake_no}")
        if not replayed:
            print("no dead-lettered job matched")
        return 0

    return asyncio.run(run())


def cmd_extract(args: argparse.Namespace) -> int:
    """Run a file through the same adapter and normalizer as the server, offline."""
    from gateway.offline import extract_file
    from gateway.registry import extractor_for
    from normalizer.errors import IntakeError

    settings = _settings(args)
    data = sys.stdin.buffer.read() if args.path == "-" else Path(args.path).read_bytes()
    name = "stdin.txt" if args.path == "-" else Path(args.path).name
    # What gateway.offline sends to the channel's engine: not text, not a form's JSON.
    needs_engine = args.channel in ("phone", "letter") and not name.endswith(".txt")
    if needs_engine and not extractor_for(args.channel, settings).ready():
        print(
            "intake-gateway: 未配置语音识别模型，无法转写录音；请设置 INTAKE_VOSK_MODEL_PATH，"
            "或以 .txt 文件提供转写文本。\n"
            "intake-gateway: no speech model is configured, so the recording cannot be "
            "transcribed: set INTAKE_VOSK_MODEL_PATH, or give the transcript as a .txt file.",
            file=sys.stderr,
        )
        return 2
    try:
        record = extract_file(settings, args.channel, name, data, now=datetime.now(UTC))
    except IntakeError as exc:
        print(
            f"intake-gateway: {exc.message_zh}\nintake-gateway: {exc.message_en}", file=sys.stderr
        )
        return 2
    sys.stdout.write(json.dumps(msgspec.to_builtins(record), ensure_ascii=False, indent=2) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intake-gateway", description="检举控告多渠道受理网关 (multi-channel intake gateway)"
    )
    parser.add_argument("--config", type=Path, default=None, help="TOML configuration file")
    sub = parser.add_subparsers(dest="command", required=True)
    serve_p = sub.add_parser("serve", help="serve HTTP (and SMTP, spool) with the worker pool")
    serve_p.add_argument(
        "--roles",
        default="",
        help="comma-separated: web, listeners, workers, forwarder (default: setting `roles`)",
    )
    sub.add_parser("worker", help="run workers and the forwarder only (ops endpoints on HTTP)")
    sub.add_parser("migrate", help="create or upgrade the database schema")
    sub.add_parser("keygen", help="print a new key-ring line (kid:base64key)")
    sub.add_parser("schema", help="print the JSON Schema of the normalized record")
    sub.add_parser("settings", help="print the reference of every setting (Markdown)")
    sub.add_parser("verify-trajectory", help="check every record's event hash chain")
    user = sub.add_parser("create-user", help="create a staff account (password prompted)")
    user.add_argument("name")
    user.add_argument(
        "--role", required=True, choices=["clerk", "reviewer", "head", "leader", "admin"]
    )
    user.add_argument(
        "--display-name", default="", help="姓名 as printed on desk receipts (e.g. 张三)"
    )
    user.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    pw = sub.add_parser("set-password", help="set a staff account's password; ends its sessions")
    pw.add_argument("name")
    pw.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    dn = sub.add_parser("set-display-name", help="set a staff account's 姓名 (empty to clear)")
    dn.add_argument("name")
    dn.add_argument("display_name", help="e.g. 张三")
    role = sub.add_parser("set-role", help="change a staff account's role")
    role.add_argument("name")
    role.add_argument("role", choices=["clerk", "reviewer", "head", "leader", "admin"])
    for command, text in (
        ("disable-user", "disable a staff account; ends its sessions"),
        ("enable-user", "enable a disabled staff account"),
        ("unlock-user", "clear a staff account's failed logins (clients shut out of it)"),
    ):
        sub.add_parser(command, help=text).add_argument("name")
    key = sub.add_parser("create-api-key", help="create an API key for a machine or staff role")
    key.add_argument("name")
    key.add_argument(
        "--role",
        required=True,
        choices=[
            "station",
            "hotline",
            "clerk",
            "reviewer",
            "head",
            "leader",
            "admin",
            "processing",
        ],
    )
    sub.add_parser(
        "rebuild-statistics", help="rebuild the statistics table from the records (after upgrade)"
    )
    replay = sub.add_parser("replay", help="run dead-lettered jobs again (all, or by intake no)")
    replay.add_argument("intake_no", nargs="*")
    ex = sub.add_parser("extract", help="normalize one file offline and print the record")
    ex.add_argument("channel", choices=["letter", "phone", "web", "visit"])
    ex.add_argument("path", help="file to read, or - for standard input")
    return parser


COMMANDS = {
    "serve": cmd_serve,
    "worker": cmd_worker,
    "migrate": cmd_migrate,
    "keygen": cmd_keygen,
    "schema": cmd_schema,
    "settings": cmd_settings,
    "verify-trajectory": cmd_verify_trajectory,
    "create-api-key": cmd_create_api_key,
    "create-user": cmd_create_user,
    "set-password": cmd_set_password,
    "set-display-name": cmd_set_display_name,
    "set-role": cmd_account,
    "disable-user": cmd_account,
    "enable-user": cmd_account,
    "unlock-user": cmd_account,
    "extract": cmd_extract,
    "replay": cmd_replay,
    "rebuild-statistics": cmd_rebuild_statistics,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        level = _settings(args).log_level.upper()
    except ConfigError as exc:
        print(f"intake-gateway: invalid configuration: {exc}", file=sys.stderr)
        return 2
    configure_logging(level)
    try:
        return COMMANDS[args.command](args)
    except ConfigError as exc:
        print(f"intake-gateway: invalid configuration: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"intake-gateway: {exc}", file=sys.stderr)
        return 2
    except StorageError as exc:
        # Unreachable database at start, or one made by an incompatible version.
        print(f"intake-gateway: database_url: {exc}", file=sys.stderr)
        return 2
