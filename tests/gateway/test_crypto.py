"""Encryption at rest and key rotation."""

from __future__ import annotations

import pytest

from gateway.crypto import DecryptError, generate_key_line, parse_keyring
from gateway.querycode import QueryCodes


def test_rotation_encrypts_with_the_new_key_and_still_reads_and_matches_the_old() -> None:
    old_line, new_line = generate_key_line(), generate_key_line()
    old = parse_keyring(old_line)
    sealed = old.encrypt("欧阳明华".encode(), aad=b"row-1/raw")
    code = QueryCodes.new()
    digest = QueryCodes(old.derive("query-code")).digest(code)

    rotated = parse_keyring(f"{new_line}\n{old_line}")
    assert rotated.current == new_line.split(":")[0]
    assert rotated.decrypt(sealed, aad=b"row-1/raw") == "欧阳明华".encode()
    assert rotated.encrypt(b"x")[2 : 2 + len(rotated.current)] == rotated.current.encode()
    # query codes handed out before the rotation still open their status page
    assert QueryCodes(rotated.derive("query-code")).digest(code) == digest


def test_a_ciphertext_moved_to_another_row_does_not_decrypt() -> None:
    ring = parse_keyring(generate_key_line())
    sealed = ring.encrypt(b"secret", aad=b"row-1/raw")
    with pytest.raises(DecryptError):
        ring.decrypt(sealed, aad=b"row-2/raw")


def test_an_unknown_key_id_is_a_clear_error() -> None:
    sealed = parse_keyring(generate_key_line()).encrypt(b"secret")
    with pytest.raises(DecryptError, match="not in the key ring"):
        parse_keyring(generate_key_line()).decrypt(sealed)
