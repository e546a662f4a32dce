"""The letter channel end to end: HTTP upload and scan-to-email -> stored -> OCR -> record."""

from __future__ import annotations

import asyncio
import email.policy
import json
import smtplib
import ssl
from email.header import Header
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from channels.letter_ocr.extractor import from_settings
from gateway.app import SMTP, STORE
from gateway.auth import hash_api_key
from gateway.crypto import parse_keyring
from gateway.settings import Settings
from tests.conftest import MakeClient, api_key, record_when_done
from tests.gateway.test_durability import base_env, cli
from tests.letter_ocr import letters
from tests.server import GatewayProcess


@pytest.fixture(scope="module")
def page_png() -> bytes:
    return letters.to_png(letters.render_page(letters.letter_lines(0), dpi=300))


@pytest.fixture(scope="module")
def page_pdf() -> bytes:
    return letters.to_image_pdf([letters.render_page(letters.letter_lines(0), dpi=200)])


def upload(files: list[tuple[str, bytes]], meta: dict[str, Any] | None = None) -> aiohttp.FormData:
    data = aiohttp.FormData()
    if meta is not None:
        data.add_field("metadata", json.dumps(meta), content_type="application/json")
    for name, content in files:
        data.add_field("page", content, filename=name, content_type="application/octet-stream")
    return data


async def station(client: TestClient[Any, Any], settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {await api_key(client, settings, 'station')}"}


def assert_letter_fields(record: dict[str, Any]) -> None:
    complainant = record["complainant"]
    assert complainant["name"] == letters.NAME
    assert complainant["id_number"]["value"] == letters.ID_NUMBER
    assert "+86" + letters.PHONE in [p["e164"] for p in complainant["phones"]]
    assert record["content"]["text_is_draft"] is True


async def test_an_uploaded_scan_is_ocred_into_a_record(
    make_client: MakeClient, settings: Settings, page_png: bytes
) -> None:
    client = await make_client(extractors={"letter": from_settings(settings)})
    resp = await client.post(
        "/api/v1/letters",
        data=upload(
            [("p1.png", page_png)],
            {"barcode": "XF-0001", "date_stamp": "2026-11-27", "pages_expected": 1},
        ),
        headers=await station(client, settings),
    )
    assert resp.status == 201, await resp.text()
    data = await record_when_done(client, settings, (await resp.json())["intake_no"])
    assert_letter_fields(data["record"])
    assert data["extracted"]["parts"][0]["label"] == "第1页"
    assert data["extracted"]["confidence"] > 0.6
    assert data["raw"]["barcode"] == "XF-0001"


async def test_scan_to_email_with_a_gb18030_subject_creates_a_record(
    make_client: MakeClient, settings: Settings, page_pdf: bytes
) -> None:
    mail_settings = Settings(
        **{**settings.__dict__, "smtp_enabled": True, "smtp_port": 0, "smtp_require_auth": False}
    )
    client = await make_client(mail_settings, extractors={"letter": from_settings(settings)})
    port = client.app[SMTP].port
    msg = EmailMessage()
    msg["From"] = "mfp-3f@example.org"
    msg["To"] = "scans@intake.example.org"
    msg["Subject"] = Header("来信扫描件 第3号", "gb18030").encode()
    msg["Message-ID"] = "<scan-0003@mfp-3f>"
    msg.set_content(
        "扫描仪自动发送".encode("gb18030"),
        maintype="text",
        subtype="plain",
        params={"charset": "gb18030"},
        cte="base64",
    )
    msg.add_attachment(page_pdf, maintype="application", subtype="pdf", filename="扫描件.pdf")

    def send() -> dict[str, Any]:
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
            return smtp.send_message(msg)  # type: ignore[return-value]

    refused = await asyncio.to_thread(send)
    assert refused == {}
    (item,) = await client.app[STORE].list_intakes()
    data = await record_when_done(client, settings, item["intake_no"])
    assert data["raw"]["subject"] == "来信扫描件 第3号"
    assert data["raw"]["body_text"].strip() == "扫描仪自动发送"
    assert [o["role"] for o in data["originals"]] == ["email", "page"]
    assert_letter_fields(data["record"])


async def test_smtp_refuses_what_it_cannot_use_with_5xx(
    make_client: MakeClient, settings: Settings
) -> None:
    mail_settings = Settings(
        **{
            **settings.__dict__,
            "smtp_enabled": True,
            "smtp_port": 0,
            "smtp_require_auth": False,  # the sender list is what is tested here
            "smtp_allowed_senders": ("mfp@example.org",),
            "smtp_max_message_bytes": 200_000,
        }
    )
    client = await make_client(mail_settings)
    port = client.app[SMTP].port

    def attempt(sender: str, attachment: bytes | None, size: int = 0) -> tuple[int, bytes]:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, "scans@example.org", "scan"
        msg.set_content("x" * size)
        if attachment is not None:
            msg.add_attachment(
                attachment, maintype="application", subtype="octet-stream", filename="scan.pdf"
            )
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            try:
                smtp.send_message(msg)
            except smtplib.SMTPSenderRefused as exc:
                return exc.smtp_code, exc.smtp_error
            except smtplib.SMTPDataError as exc:
                return exc.smtp_code, exc.smtp_error
        return 250, b""

    code, text = await asyncio.to_thread(attempt, "stranger@example.org", b"%PDF-1.4")
    assert code == 550 and b"not allowed" in text
    code, text = await asyncio.to_thread(attempt, "mfp@example.org", None)
    assert code == 554 and b"no_pages" in text
    code, text = await asyncio.to_thread(attempt, "mfp@example.org", b"just some words")
    assert code == 554 and b"unsupported_type" in text
    code, _ = await asyncio.to_thread(attempt, "mfp@example.org", b"%PDF-1.4", size=300_000)
    assert code == 552
    assert await client.app[STORE].list_intakes() == []


@pytest.mark.parametrize(
    ("files", "status", "code"),
    [
        ([("p1.png", b"")], 422, "file_empty"),
        ([("p1.png", b"GIF89a not a scan we take")], 415, "unsupported_type"),
        (
            [("p1.pdf", letters.to_png(letters.render_page(["一行字"], dpi=100)))],
            422,
            "type_mismatch",
        ),
        (
            [
                (
                    "p1.png",
                    letters.truncate(letters.to_png(letters.render_page(["一行字"], dpi=100))),
                )
            ],
            422,
            "file_corrupt",
        ),
        ([("bomb.png", letters.png_bomb())], 413, "image_too_large"),
        ([("locked.pdf", letters.encrypted_pdf())], 422, "pdf_encrypted"),
        ([], 422, "no_pages"),
    ],
    ids=[
        "zero-bytes",
        "unsupported",
        "name-mismatch",
        "truncated",
        "decompression-bomb",
        "encrypted-pdf",
        "no-files",
    ],
)
async def test_bad_scans_are_refused_and_nothing_is_stored(
    make_client: MakeClient,
    settings: Settings,
    files: list[tuple[str, bytes]],
    status: int,
    code: str,
) -> None:
    small = Settings(**{**settings.__dict__, "max_image_pixels": 50_000_000})
    client = await make_client(small)
    resp = await client.post(
        "/api/v1/letters",
        data=upload(files, {"station_id": "s1"}),
        headers=await station(client, small),
    )
    assert resp.status == status, await resp.text()
    problem = await resp.json()
    assert problem["code"] == code and problem["message_zh"]
    assert await client.app[STORE].list_intakes() == []
    assert (await client.get("/healthz")).status == 200


async def test_too_many_pages_are_refused(make_client: MakeClient, settings: Settings) -> None:
    client = await make_client(Settings(**{**settings.__dict__, "max_pages": 2}))
    pages = [letters.render_page([f"第{i}页"], dpi=100) for i in range(3)]
    resp = await client.post(
        "/api/v1/letters",
        data=upload([("scan.tif", letters.to_tiff_g4(pages))]),
        headers=await station(client, settings),
    )
    assert resp.status == 413
    assert (await resp.json())["code"] == "too_many_pages"


async def test_an_upload_survives_kill_9_between_acceptance_and_ocr(
    tmp_path: Path, page_png: bytes
) -> None:
    env = base_env(tmp_path)
    key = cli(env, "create-api-key", "station-1", "--role", "station").stdout.strip()
    admin = cli(env, "create-api-key", "admin", "--role", "admin").stdout.strip()
    server = GatewayProcess(env)
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{server.base_url}/api/v1/letters",
            data=upload([("p1.png", page_png)]),
            headers={"Authorization": f"Bearer {key}"},
        ) as resp:
            assert resp.status == 201
            intake_no = (await resp.json())["intake_no"]
        server.kill()  # OCR of a 300 dpi page takes seconds: it has not finished
        server = GatewayProcess(env)
        try:
            for _ in range(600):
                async with session.get(
                    f"{server.base_url}/api/v1/records/{intake_no}",
                    headers={"Authorization": f"Bearer {admin}"},
                ) as resp:
                    data = await resp.json()
                if data["stage"] in ("queued", "needs_review"):
                    break
                await asyncio.sleep(0.2)
        finally:
            server.stop()
    assert_letter_fields(data["record"])


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "intake.test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


async def test_smtp_with_starttls_and_auth_takes_mail_only_from_a_station(
    make_client: MakeClient, settings: Settings, page_pdf: bytes, tmp_path: Path
) -> None:
    cert, key = _self_signed(tmp_path)
    env = {
        "PATH": "/usr/bin:/bin",
        "INTAKE_DATA_DIR": str(settings.data_dir),
        "INTAKE_KEYS": settings.keys,
    }
    station_key = cli(env, "create-api-key", "mfp-3f", "--role", "station").stdout.strip()
    mail_settings = Settings(
        **{
            **settings.__dict__,
            "smtp_enabled": True,
            "smtp_port": 0,
            "smtp_tls_cert": cert,
            "smtp_tls_key": key,
            "smtp_require_auth": True,
        }
    )
    client = await make_client(mail_settings)
    port = client.app[SMTP].port
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "mfp-3f@example.org", "scans@example.org", "scan"
    msg["Message-ID"] = "<tls-0001@mfp-3f>"
    msg.set_content("scan attached")
    msg.add_attachment(page_pdf, maintype="application", subtype="pdf", filename="scan.pdf")

    def send(login: tuple[str, str] | None, tls: bool, mechanism: str = "PLAIN") -> int:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            if tls:
                smtp.starttls(context=context)
            try:
                if login:
                    smtp.ehlo()
                    smtp.user, smtp.password = login
                    auth = smtp.auth_plain if mechanism == "PLAIN" else smtp.auth_login
                    smtp.auth(mechanism, auth, initial_response_ok=mechanism == "PLAIN")
                smtp.send_message(msg)
            except smtplib.SMTPAuthenticationError as exc:
                return exc.smtp_code
            except smtplib.SMTPSenderRefused as exc:
                return exc.smtp_code
            except smtplib.SMTPNotSupportedError:
                return 0
        return 250

    assert await asyncio.to_thread(send, None, False) == 530  # STARTTLS first
    assert await asyncio.to_thread(send, None, True) == 530  # then AUTH
    assert await asyncio.to_thread(send, ("mfp-3f", "igk_wrong"), True) == 535
    assert await asyncio.to_thread(send, ("mfp-3f", station_key), True) == 250
    assert len(await client.app[STORE].list_intakes()) == 1
    # A key made while the listener runs counts at once (AUTH asks storage, no cache), with
    # either mechanism; its name must match.
    secret = parse_keyring(settings.keys).derive("api-key")
    await client.app[STORE].add_api_key("mfp-5f", "station", hash_api_key(secret, "igk_new_5f"))
    msg.replace_header("Message-ID", "<tls-0002@mfp-5f>")
    assert await asyncio.to_thread(send, ("mfp-5f", "igk_new_5f"), True, "LOGIN") == 250
    assert await asyncio.to_thread(send, ("mfp-3f", "igk_new_5f"), True, "LOGIN") == 535
    assert len(await client.app[STORE].list_intakes()) == 2


async def test_an_upload_with_too_many_parts_is_refused(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    data = aiohttp.FormData()
    for i in range(250):
        data.add_field(f"field-{i}", "x")
    data.add_field("page", b"%PDF-1.4", filename="scan.pdf", content_type="application/pdf")
    resp = await client.post("/api/v1/letters", data=data, headers=await station(client, settings))
    assert resp.status == 413
    assert (await resp.json())["code"] == "too_many_parts"


async def test_a_scan_mail_with_a_malformed_message_id_is_still_taken(
    make_client: MakeClient, settings: Settings, page_pdf: bytes
) -> None:
    mail_settings = Settings(
        **{**settings.__dict__, "smtp_enabled": True, "smtp_port": 0, "smtp_require_auth": False}
    )
    client = await make_client(mail_settings)
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "mfp@example.org", "scans@example.org", "scan"
    msg.add_attachment(page_pdf, maintype="application", subtype="pdf", filename="scan.pdf")
    raw = b"Message-ID: <a@[\r\n" + msg.as_bytes(policy=email.policy.SMTP)
    port = client.app[SMTP].port

    def send() -> dict[str, Any]:
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            return smtp.sendmail("mfp@example.org", ["scans@example.org"], raw)

    assert await asyncio.to_thread(send) == {}
    assert len(await client.app[STORE].list_intakes()) == 1
