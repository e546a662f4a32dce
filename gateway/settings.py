"""Configuration: one frozen object, loaded once at start from a TOML file plus ``INTAKE_*``.

Every setting is a dataclass field whose metadata carries its documentation; the README's
configuration table is generated from it (``intake-gateway settings``), and a test fails when
the two drift apart. Invalid values fail at start with a message naming the setting.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ROLES",
    "ConfigError",
    "Settings",
    "is_loopback",
    "load_settings",
    "settings_reference",
]

ENV_PREFIX = "INTAKE_"
ROLES = ("web", "listeners", "workers", "forwarder")


class ConfigError(ValueError):
    """An invalid setting; the message names it."""


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


def _cores() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True, kw_only=True)
class Settings:
    data_dir: Path = field(
        default=Path("data"),
        metadata=_doc("Data folder: SQLite database, encrypted originals, key file."),
    )
    database_url: str = field(
        default="",
        metadata=_doc(
            "Database: `sqlite:///path` (relative) or `sqlite:////abs/path`, or "
            "`postgresql://user@host:port/db` for several processes or machines (give the "
            "password with INTAKE_DATABASE_URL or PGPASSWORD, never in a file in the "
            "repository). Empty = `sqlite:///<data_dir>/intake.sqlite3`."
        ),
    )
    database_pool_size: int = field(
        default=10, metadata=_doc("PostgreSQL connections per process (ignored on SQLite).")
    )
    originals_in_database: bool | None = field(
        default=None,
        metadata=_doc(
            "Keep large encrypted originals in the database (chunked) instead of files under "
            "`<data_dir>/originals`; unset = yes on PostgreSQL (shared by every machine), "
            "no on SQLite."
        ),
    )
    roles: tuple[str, ...] = field(
        default=("web", "listeners", "workers", "forwarder"),
        metadata=_doc(
            "What this process runs: `web` (HTTP API and pages), `listeners` (SMTP and the "
            "spool watcher: give it to one process), `workers` (OCR, ASR, normalizing), "
            "`forwarder` (deliveries). `serve --roles` and `worker` set it per process."
        ),
    )
    http_host: str = field(default="127.0.0.1", metadata=_doc("HTTP listen address."))
    http_port: int = field(default=8080, metadata=_doc("HTTP listen port (0 = any free port)."))
    public_base_url: str = field(
        default="", metadata=_doc("External base URL, used in links; empty = from the request.")
    )
    key_file: Path | None = field(
        default=None,
        metadata=_doc(
            "Key ring file (lines `key_id:base64key`; the first encrypts, all decrypt, the last "
            "roots keyed hashes). Default: "
            "`<data_dir>/keys/keyring`, created on first start with mode 0600."
        ),
    )
    keys: str = field(
        default="",
        metadata=_doc(
            "Key ring given inline, `kid:base64,kid2:base64` (first is current); "
            "set it with INTAKE_KEYS, never in a file in the repository. Overrides key_file."
        ),
    )
    workers: int = field(
        default_factory=_cores,
        metadata=_doc("Worker pool size for OCR, ASR and normalization jobs (default: cores)."),
    )
    job_lease_s: float = field(
        default=120.0, metadata=_doc("Seconds a worker holds a job before another may resume it.")
    )
    job_max_attempts: int = field(
        default=5, metadata=_doc("Attempts before a failing job is dead-lettered.")
    )
    job_retry_base_s: float = field(
        default=5.0, metadata=_doc("First retry delay of a failed job; doubles each attempt.")
    )
    max_body_bytes: int = field(
        default=1_000_000, metadata=_doc("Largest JSON request body accepted, in bytes.")
    )
    max_upload_bytes: int = field(
        default=50_000_000,
        metadata=_doc("Largest multipart upload (all files of one request), in bytes."),
    )
    max_file_bytes: int = field(
        default=20_000_000, metadata=_doc("Largest single uploaded file, in bytes.")
    )
    inline_original_bytes: int = field(
        default=256 * 1024,
        metadata=_doc(
            "Originals up to this size are stored encrypted in the database, in the intake's "
            "own commit; larger ones as encrypted files under `<data_dir>/originals`."
        ),
    )
    max_files: int = field(default=20, metadata=_doc("Most files in one upload."))
    form_hold_bytes: int = field(
        default=20_000_000,
        metadata=_doc(
            "Attachments of a web form re-shown after a mistake (a missing field, a wrong "
            "sum) are kept for the corrected submission, encrypted in the database, up to "
            "this many bytes per form; a larger set is asked for again, and the page says so. "
            "0 = never kept."
        ),
    )
    form_hold_total_bytes: int = field(
        default=500_000_000,
        metadata=_doc(
            "Most bytes of such kept attachments, all forms together (a bound on what failed "
            "submissions can make the database hold); beyond it they are asked for again."
        ),
    )
    form_hold_s: float = field(
        default=3600.0,
        metadata=_doc("Seconds kept attachments of a re-shown web form stay usable."),
    )
    max_pages: int = field(default=100, metadata=_doc("Most pages in one scanned letter."))
    max_image_pixels: int = field(
        default=80_000_000,
        metadata=_doc(
            "Largest image (width x height) decoded; guards against decompression bombs."
        ),
    )
    max_letter_pixels: int = field(
        default=1_000_000_000,
        metadata=_doc(
            "Most pixels decoded for one letter, all pages together (an A4 page at 300 dpi "
            "is 8.7 million)."
        ),
    )
    max_pdf_objects: int = field(
        default=100_000,
        metadata=_doc(
            "Most objects on one PDF page, those in nested forms counted once per use "
            "(PDF bombs draw forms inside forms)."
        ),
    )
    max_audio_sample_rate: int = field(
        default=48_000, metadata=_doc("Highest sample rate of a recording accepted, in Hz.")
    )
    max_audio_channels: int = field(
        default=2, metadata=_doc("Most channels of a recording accepted (caller and agent).")
    )
    decoder_memory_bytes: int = field(
        default=1_000_000_000,
        metadata=_doc(
            "Address space a decoding process (images, PDF, audio: upload checks and OCR "
            "page decoding) may add to the interpreter's (RLIMIT_AS); a file needing more "
            "is refused as `file_too_complex`."
        ),
    )
    decoder_cpu_s: float = field(
        default=60.0,
        metadata=_doc("CPU seconds one decoding process may use (RLIMIT_CPU)."),
    )
    decoder_wall_s: float = field(
        default=120.0,
        metadata=_doc(
            "Seconds of waiting for a decoding process's answer (per page when decoding a "
            "letter for OCR) before it is killed."
        ),
    )
    ocr_lang: str = field(default="chi_sim", metadata=_doc("Tesseract language(s) for letters."))
    ocr_min_confidence: float = field(
        default=60.0,
        metadata=_doc("Pages whose mean word confidence (0-100) is below this are flagged."),
    )
    ocr_engines: tuple[str, ...] = field(
        default=("tesseract", "rapidocr"),
        metadata=_doc(
            "Letter OCR engines: `tesseract` (required) alone, or with `rapidocr` (PP-OCRv4, "
            "merged line by line; skipped with a warning when not installed)."
        ),
    )
    vosk_model_path: Path | None = field(
        default=None,
        metadata=_doc(
            "Vosk model folder (e.g. vosk-model-small-cn-0.22). Unset: recordings are "
            "stored and wait for transcription."
        ),
    )
    asr_min_confidence: float = field(
        default=0.6,
        metadata=_doc("Transcripts whose mean word confidence is below this are flagged."),
    )
    max_recording_bytes: int = field(
        default=512_000_000,
        metadata=_doc(
            "Largest call recording accepted over HTTP, in bytes (4 h of 8 kHz 16-bit stereo "
            "WAV is about 460 MB)."
        ),
    )
    max_call_seconds: float = field(
        default=4 * 3600.0, metadata=_doc("Longest recording accepted, in seconds.")
    )
    spool_dir: Path | None = field(
        default=None,
        metadata=_doc("Hotline spool folder (call.wav + call.json); unset = no spool watcher."),
    )
    spool_poll_s: float = field(default=2.0, metadata=_doc("Seconds between spool folder scans."))
    smtp_enabled: bool = field(default=False, metadata=_doc("Serve scan-to-email over SMTP."))
    smtp_host: str = field(default="127.0.0.1", metadata=_doc("SMTP listen address."))
    smtp_port: int = field(default=8025, metadata=_doc("SMTP listen port (0 = any free port)."))
    smtp_max_message_bytes: int = field(
        default=40_000_000, metadata=_doc("Largest scan-to-email message, in bytes.")
    )
    smtp_allowed_senders: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Envelope senders allowed to mail scans (empty = any, if AUTH is off)."),
    )
    smtp_tls_cert: Path | None = field(
        default=None, metadata=_doc("PEM certificate for STARTTLS; unset = no STARTTLS.")
    )
    smtp_tls_key: Path | None = field(default=None, metadata=_doc("PEM key for STARTTLS."))
    smtp_require_auth: bool = field(
        default=True,
        metadata=_doc(
            "Require SMTP AUTH (a scanning station's key name and key). AUTH is offered only "
            "after STARTTLS, or in clear on a loopback listener; requiring it on another "
            "address without smtp_tls_cert is refused at start. Off = any sender that reaches "
            "the port (limit them with smtp_allowed_senders)."
        ),
    )
    smtp_max_recipients: int = field(
        default=10, metadata=_doc("Most recipients of one scan-to-email message.")
    )
    smtp_max_auth_failures: int = field(
        default=3,
        metadata=_doc(
            "Failed SMTP AUTH attempts on one connection before it is closed (each failure "
            "delays the next command a little more)."
        ),
    )
    smtp_auth_failures_per_client: int = field(
        default=20,
        metadata=_doc(
            "Failed SMTP AUTH attempts from one address within 10 minutes, after which its "
            "AUTH is refused until they age out."
        ),
    )
    smtp_max_connections_per_client: int = field(
        default=10, metadata=_doc("Open SMTP connections allowed from one client address.")
    )
    smtp_idle_timeout_s: float = field(
        default=60.0,
        metadata=_doc("Seconds an SMTP connection may stay silent before it is closed."),
    )
    smtp_backlog: int = field(
        default=1024, metadata=_doc("Listen backlog of the SMTP socket (connections queued).")
    )
    http_header_timeout_s: float = field(
        default=20.0,
        metadata=_doc(
            "Seconds a new HTTP connection has to send its first request head; then closed."
        ),
    )
    http_idle_timeout_s: float = field(
        default=75.0, metadata=_doc("Seconds an idle keep-alive HTTP connection is kept open.")
    )
    http_max_connections_per_client: int = field(
        default=100,
        metadata=_doc("Open HTTP connections allowed from one client address (then 503)."),
    )
    http_backlog: int = field(
        default=1024, metadata=_doc("Listen backlog of the HTTP socket (connections queued).")
    )
    rate_limit_per_minute: int = field(
        default=30, metadata=_doc("Public submissions and lookups per client IP per minute.")
    )
    login_per_minute: int = field(
        default=10, metadata=_doc("Staff login attempts per client IP per minute.")
    )
    higher_level_threshold: str = field(
        default="COUNTY_DIVISION",
        metadata=_doc("Accused at or above this cadre level are flagged as possibly higher level."),
    )
    group_visit_threshold: int = field(
        default=5, metadata=_doc("Visitors from which a visit counts as a group visit (集体访).")
    )
    office_name: str = field(
        default="",
        metadata=_doc(
            "The office receiving the reports (e.g. 某某县纪委监委), named on every public page "
            "so a citizen knows to whom they write; empty = 本级纪委监委."
        ),
    )
    office_scope: str = field(
        default=(
            "受理对本级党委管理的党组织和党员、本级监察对象违犯党纪、职务违法和职务犯罪问题的"
            "检举控告。不属本机关受理范围的，请向有权机关反映。"
        ),
        metadata=_doc("The office's 受理范围 as the public pages state it."),
    )
    office_level: str = field(
        default="county",
        metadata=_doc(
            "The office's level: `central`, `province`, `prefecture`, `county`, `township` or "
            "`stationed` (a 派驻 group works at the level of the organ above it). Routing by "
            "cadre-management level (§5.2) counts from here."
        ),
    )
    office_region: str = field(
        default="",
        metadata=_doc(
            "The office's region, a GB/T 2260 code (e.g. `320102`); empty = no report is "
            "suggested for another region's organ (R4)."
        ),
    )
    office_leaders: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "The office's principal leaders as `姓名:职务` (e.g. `张某某:书记`): a report about "
            "one of them goes sealed to the organ above (R1)."
        ),
    )
    office_aliases: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Other names letters use for the office (某县纪委, 县监委), for R1."),
    )
    case_mgmt_url: str = field(
        default="",
        metadata=_doc(
            "Endpoint of the 案件监督管理部门 for the notice (no identity) that goes with every "
            "移送; empty = a printed notice that staff mark sent."
        ),
    )
    auto_route: bool = field(
        default=True,
        metadata=_doc(
            "A record with no flag, on a channel not under `review_before_forwarding`, whose "
            "every accused is this level's first-time report (R7), is moved to the 监督检查部门 "
            "by the system at once (recorded as the system's decision); off = every record "
            "waits for a staff decision."
        ),
    )
    sealed_keep_days: int = field(
        default=30,
        metadata=_doc(
            "Days the encrypted originals and raw input of a sealed item (涉及上级管理干部) are "
            "kept before they are destroyed with an event (workers look every 10 minutes)."
        ),
    )
    stats_repeat_is_new_matter: bool = field(
        default=False,
        metadata=_doc(
            "Statistics: count a repeat report (重复举报) as a new 件数 too; off = a repeat is a "
            "件次 but no new 件数 (信访举报数据统计规则)."
        ),
    )
    review_before_forwarding: tuple[str, ...] = field(
        default=("letter", "phone"),
        metadata=_doc(
            "Channels whose records always wait for a reviewer before they are handed to the "
            "processing system, flagged or not: OCR and speech drafts can be wrong without "
            "looking wrong. Any of `letter`, `phone`, `visit`, `web`; empty = only flagged "
            "records wait."
        ),
    )
    receipt_day_counts: bool = field(
        default=False,
        metadata=_doc("Count the day of receipt as the first working day of a deadline."),
    )
    holiday_file: Path | None = field(
        default=None,
        metadata=_doc(
            "Operator holiday file (lines `YYYY-MM-DD holiday|workday`) for years the "
            "chinese-calendar package does not know yet."
        ),
    )
    forward_url: str = field(
        default="", metadata=_doc("Processing-system URL receiving signed deliveries; empty = off.")
    )
    forward_secrets: str = field(
        default="",
        metadata=_doc("Signing secrets, comma separated, first signs (`whsec_` + base64)."),
    )
    forward_concurrency: int = field(default=8, metadata=_doc("Deliveries in flight at once."))
    forward_timeout_s: float = field(default=10.0, metadata=_doc("Timeout of one delivery."))
    forward_retry_schedule_s: tuple[float, ...] = field(
        default=(5, 30, 120, 600, 1800, 3600, 7200, 21600, 43200, 86400),
        metadata=_doc("Backoff before each retry, in seconds (jittered); then dead-letter."),
    )
    callback_token: str = field(
        default="", metadata=_doc("Bearer token the processing system uses for callbacks.")
    )
    deadline_warn_fractions: tuple[float, ...] = field(
        default=(0.6, 0.9), metadata=_doc("Fractions of a deadline at which warnings are raised.")
    )
    warn_lower_accept_days: int = field(
        default=5,
        metadata=_doc(
            "Working days after a 转送/交办 down before the lower organ's missing acceptance "
            "is warned of (D4: 5)."
        ),
    )
    warn_moved_days: int = field(
        default=10,
        metadata=_doc(
            "Working days after a 移送 before the 监督检查部门's missing acceptance is warned of."
        ),
    )
    warn_returned_days: int = field(
        default=3,
        metadata=_doc(
            "Working days after a 研判回退 before an item not yet decided again is warned of."
        ),
    )
    warn_cluster_count: int = field(
        default=3,
        metadata=_doc(
            "Reports about one accused or one unit within warn_cluster_days that raise the "
            "many_reports warning."
        ),
    )
    warn_cluster_days: int = field(
        default=30, metadata=_doc("Calendar days the many_reports warning looks back.")
    )
    warn_check_s: float = field(
        default=900.0,
        metadata=_doc(
            "Seconds between two checks of the warning rules (each raised or cleared warning "
            "is an event on its item)."
        ),
    )
    session_ttl_s: float = field(
        default=8 * 3600.0,
        metadata=_doc("Lifetime of a staff login session, in seconds (then log in again)."),
    )
    login_max_failures: int = field(
        default=5,
        metadata=_doc(
            "Failed logins from one client address for one account (within login_lockout_s) "
            "before that client is shut out of that account; other clients are not."
        ),
    )
    login_lockout_s: float = field(
        default=900.0,
        metadata=_doc(
            "Window (seconds) in which failed logins are counted; a shut-out client waits "
            "until it ends. Four times login_max_failures on one account raise a warning."
        ),
    )
    log_level: str = field(default="INFO", metadata=_doc("Log level (DEBUG, INFO, WARNING)."))

    @property
    def db_path(self) -> Path:
        return self.data_dir / "intake.sqlite3"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.db_path}"

    @property
    def originals_inside_database(self) -> bool:
        if self.originals_in_database is not None:
            return self.originals_in_database
        return not self.resolved_database_url.startswith("sqlite:")

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def resolved_key_file(self) -> Path:
        return self.key_file or self.data_dir / "keys" / "keyring"

    def __post_init__(self) -> None:
        for name in ("http_port", "smtp_port"):
            port = getattr(self, name)
            if not 0 <= port <= 65535:
                raise ConfigError(f"setting {name}: {port} is not a port number")
        for name in (
            "workers",
            "database_pool_size",
            "job_max_attempts",
            "max_body_bytes",
            "max_upload_bytes",
            "max_recording_bytes",
            "max_file_bytes",
            "max_files",
            "max_pages",
            "max_image_pixels",
            "forward_concurrency",
            "rate_limit_per_minute",
            "group_visit_threshold",
            "warn_lower_accept_days",
            "warn_moved_days",
            "warn_returned_days",
            "warn_cluster_count",
            "warn_cluster_days",
            "login_per_minute",
            "max_letter_pixels",
            "max_pdf_objects",
            "max_audio_sample_rate",
            "max_audio_channels",
            "decoder_memory_bytes",
            "smtp_max_recipients",
            "smtp_max_auth_failures",
            "smtp_auth_failures_per_client",
            "smtp_max_connections_per_client",
            "smtp_backlog",
            "http_backlog",
            "http_max_connections_per_client",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"setting {name}: must be at least 1")
        levels = {"central", "province", "prefecture", "county", "township", "stationed"}
        if self.office_level not in levels:
            raise ConfigError(
                f"setting office_level: {self.office_level!r} is not one of {sorted(levels)}"
            )
        if self.office_region and not (
            self.office_region.isdigit() and len(self.office_region) in (6, 9)
        ):
            raise ConfigError("setting office_region: a GB/T 2260 code of 6 or 9 digits")
        channels = set(self.review_before_forwarding) - {"letter", "phone", "visit", "web"}
        if channels:
            raise ConfigError(
                f"setting review_before_forwarding: unknown channel {sorted(channels)[0]}; "
                "choose from letter, phone, visit, web"
            )
        for name in ("form_hold_bytes", "form_hold_total_bytes"):
            if getattr(self, name) < 0:
                raise ConfigError(f"setting {name}: must be at least 0")
        for name in (
            "form_hold_s",
            "warn_check_s",
            "decoder_cpu_s",
            "decoder_wall_s",
            "smtp_idle_timeout_s",
            "http_header_timeout_s",
            "http_idle_timeout_s",
        ):
            if not getattr(self, name) > 0:
                raise ConfigError(f"setting {name}: must be more than 0")
        if (
            self.smtp_enabled
            and self.smtp_require_auth
            and self.smtp_tls_cert is None
            and not is_loopback(self.smtp_host)
        ):
            raise ConfigError(
                "setting smtp_require_auth: station keys would cross the network in clear; "
                "give smtp_tls_cert and smtp_tls_key, or listen on loopback"
            )
        unknown = set(self.roles) - set(ROLES)
        if unknown or not self.roles:
            raise ConfigError(
                f"setting roles: {sorted(unknown) or 'none given'}; choose from {', '.join(ROLES)}"
            )
        if self.database_url and not self.database_url.startswith(
            ("sqlite:///", "postgresql://", "postgres://")
        ):
            raise ConfigError("setting database_url: must start with sqlite:/// or postgresql://")
        unknown = set(self.ocr_engines) - {"tesseract", "rapidocr"}
        if unknown or "tesseract" not in self.ocr_engines:
            raise ConfigError(
                "setting ocr_engines: must name tesseract, optionally with rapidocr; "
                f"got {list(self.ocr_engines)!r}"
            )
        if self.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(f"setting log_level: unknown level {self.log_level!r}")


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: nothing on the wire leaves this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _convert(name: str, tp: Any, value: Any) -> Any:
    """Coerce a TOML or environment value to the field's type, or name the setting."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in args if a is not type(None)]
        if value is None or value == "":
            return None
        return _convert(name, inner[0], value)
    try:
        if tp is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if origin is tuple:
            items = value if isinstance(value, list | tuple) else str(value).split(",")
            return tuple(args[0](str(i).strip()) for i in items if str(i).strip())
        if tp is Path:
            return Path(str(value)).expanduser()
        if tp in (int, float):
            if isinstance(value, bool):
                raise ValueError(value)
            return tp(value)
        if tp is str:
            if not isinstance(value, str):
                raise ValueError(value)
            return value
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name}: {value!r} is not a valid {_type_name(tp)}") from None
    raise ConfigError(f"setting {name}: unsupported type {tp!r}")


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


def load_settings(
    path: Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """TOML file, then ``INTAKE_<NAME>`` environment variables, then explicit overrides."""
    env = os.environ if env is None else env
    path = path or (Path(env["INTAKE_CONFIG"]) if env.get("INTAKE_CONFIG") else None)
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise ConfigError(f"configuration file {path}: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"configuration file {path}: {exc}") from None
    hints = typing.get_type_hints(Settings)
    names = {f.name for f in dataclasses.fields(Settings)}
    unknown = set(raw) - names
    if unknown:
        raise ConfigError(f"unknown setting(s) in {path}: {', '.join(sorted(unknown))}")
    for key, value in env.items():
        if key.startswith(ENV_PREFIX) and key != "INTAKE_CONFIG":
            name = key[len(ENV_PREFIX) :].lower()
            if name not in names:
                raise ConfigError(f"unknown setting in environment: {key}")
            raw[name] = value
    raw.update(overrides)
    values = {name: _convert(name, hints[name], value) for name, value in raw.items()}
    return Settings(**values)


def settings_reference() -> str:
    """The Markdown table of every setting, as the README carries it."""
    hints = typing.get_type_hints(Settings)
    lines = ["| setting | environment | type | default | meaning |", "|---|---|---|---|---|"]
    for f in dataclasses.fields(Settings):
        if f.default is not dataclasses.MISSING:
            default = f.default
        else:
            default = "cores" if f.name == "workers" else "?"
        if isinstance(default, tuple):
            default = ",".join(str(d) for d in default)
        shown = "" if default in (None, "") else str(default)
        tname = str(hints[f.name]).replace("pathlib.", "").replace("typing.", "")
        tname = tname.replace("<class '", "").replace("'>", "").replace("|", "or")
        env = f"INTAKE_{f.name.upper()}"
        lines.append(f"| `{f.name}` | `{env}` | {tname} | `{shown}` | {f.metadata['doc']} |")
    return "\n".join(lines) + "\n"
