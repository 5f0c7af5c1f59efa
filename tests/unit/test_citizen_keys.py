"""The pieces of a citizen's pseudonymity that need no database: the public label of a token,
the name sealed under the person key, the age band."""

from __future__ import annotations

import re
import secrets
from datetime import date

import msgspec
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from backend.citizens.envelope import (
    Unreadable,
    open_code,
    open_envelope,
    seal_code,
    seal_envelope,
)
from backend.citizens.identity import age_band
from backend.citizens.keys import CitizenKeys
from shared.citizens import AgeBand

LABEL = re.compile(r"^Người góp ý [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_a_token_always_gives_the_same_label_and_different_tokens_different_ones():
    tokens = [secrets.token_hex(32) for _ in range(2000)]
    labels = [CitizenKeys.pseudonym(t) for t in tokens]
    assert all(LABEL.match(label) for label in labels), labels[:3]
    assert [CitizenKeys.pseudonym(t) for t in tokens] == labels
    assert len(set(labels)) == len(tokens)


def test_the_name_opens_only_with_its_person_key_and_its_user():
    key = CitizenKeys.new_person_key()
    sealed = CitizenKeys.seal_name(key, 7, "Nguyễn Thị Hoa")
    assert b"Nguy" not in sealed
    assert CitizenKeys.open_name(key, 7, sealed) == "Nguyễn Thị Hoa"
    assert CitizenKeys.open_name(key, 8, sealed) == ""  # copied onto another citizen
    assert CitizenKeys.open_name(CitizenKeys.new_person_key(), 7, sealed) == ""


def test_the_number_is_kept_only_as_a_keyed_hash():
    keys = CitizenKeys("secret one")
    digest = keys.pid_hash("001204012345")
    assert digest == keys.pid_hash("001204012345") and len(digest) == 64
    assert "001204012345" not in digest
    assert CitizenKeys("secret two").pid_hash("001204012345") != digest
    assert keys.pid_hash("001204012346") != digest


def test_the_age_band_counts_whole_years_on_the_day():
    on = date(2026, 12, 7)
    assert age_band(None, on) is AgeBand.UNKNOWN
    assert age_band(date(2008, 12, 8), on) is AgeBand.UNDER_18
    assert age_band(date(2008, 12, 7), on) is AgeBand.FROM_18_TO_29
    assert age_band(date(1996, 12, 8), on) is AgeBand.FROM_18_TO_29
    assert age_band(date(1996, 12, 7), on) is AgeBand.FROM_30_TO_44
    assert age_band(date(1967, 1, 1), on) is AgeBand.FROM_45_TO_59
    assert age_band(date(1966, 12, 7), on) is AgeBand.FROM_60


def test_vneid_envelopes_and_codes_open_even_with_plus_read_as_space():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    plus_seen = 0
    for n in range(200):
        code, encrypt_key = seal_code(key.public_key(), f"ma-{n}")
        plus_seen += "+" in code + encrypt_key
        # What a query parser makes of an unencoded "+", leading and trailing ones included.
        assert open_code(key, code.replace("+", " "), encrypt_key.replace("+", " ")) == f"ma-{n}"
    assert plus_seen > 150
    body = seal_envelope(key.public_key(), {"citizenPid": "x", "n": 1})
    assert open_envelope(key, msgspec.json.encode(body)) == {"citizenPid": "x", "n": 1}
    for bad in (
        msgspec.json.encode({"key": body["key"]}),
        b"not json",
        msgspec.json.encode({"data": body["data"], "key": "!!"}),
        msgspec.json.encode({"data": body["data"][:-8], "key": body["key"]}),
    ):
        with pytest.raises(Unreadable):
            open_envelope(key, bad)
    with pytest.raises(Unreadable):
        open_envelope(other, msgspec.json.encode(body))


async def test_the_client_key_can_come_from_a_pem_file(tmp_path):
    from cryptography.hazmat.primitives import serialization

    from backend.citizens.client_key import VneidClientKey
    from backend.settings import load_settings

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = tmp_path / "vneid.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    settings = load_settings(
        {"DANGBO_VAR_DIR": str(tmp_path), "DANGBO_SECRET_KEY": "k" * 40,
         "DANGBO_VNEID_PRIVATE_KEY_PATH": str(pem)}
    )  # fmt: skip
    assert settings.vneid_private_key_path == pem
    client_key = VneidClientKey(settings, vault=None)  # the vault is not asked
    loaded = await client_key.private_key()
    assert loaded.private_numbers() == key.private_numbers()
    code, encrypt_key = seal_code(key.public_key(), "ma")
    assert open_code(loaded, code, encrypt_key) == "ma"
    assert (
        msgspec.structs.replace(settings, vneid_private_key_path=None).vneid_private_key_path
        is None
    )
