"""The installation's private keys (VAPID here; the CA in test_signing.py) live in the shared
database, sealed with the secret key: every machine has the same ones, and ``dangbo vapid
init`` is safe to run anywhere, any number of times."""

from __future__ import annotations

import os
import subprocess
import sys

import msgspec
import pytest

from backend.core.sealed import Sealer, Unsealable
from backend.notifications.vapid import VAPID_KEY, VapidKeys, new_key, public_key_b64
from backend.settings import PROJECT_ROOT
from backend.vault.tables import ServerKey
from backend.vault.vault import KeyVault


def test_sealed_values_open_only_with_their_key_and_purpose():
    sealer = Sealer("khóa bí mật")
    sealed = sealer.seal_bytes(b"noi dung", "server-key", "signing.ca")
    assert b"noi dung" not in sealed
    assert sealer.open_bytes(sealed, "server-key", "signing.ca") == b"noi dung"
    with pytest.raises(Unsealable):
        Sealer("khóa khác").open_bytes(sealed, "server-key", "signing.ca")
    with pytest.raises(Unsealable):  # copied under another name
        sealer.open_bytes(sealed, "server-key", "notifications.vapid")
    with pytest.raises(Unsealable):
        sealer.open_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]), "server-key", "signing.ca")


async def test_vapid_key_is_one_per_installation(app, settings):
    keys = app.state.services.get(VapidKeys)
    vapid, _ = await keys.init()
    public = public_key_b64(vapid)
    again, created = await keys.init()
    assert not created and public_key_b64(again) == public

    # Another machine: its own services, the same database and secret key.
    elsewhere = VapidKeys(settings, KeyVault(settings.secret_key))
    signer = await elsewhere.signer()
    assert signer is not None and signer.public_key == public
    assert await elsewhere.check() == "ok"

    row = await ServerKey.select().where(ServerKey.name == VAPID_KEY).first()
    assert b"PRIVATE KEY" not in bytes(row["sealed"])
    assert row["public"] == public

    wrong = msgspec.structs.replace(settings, secret_key="khóa khác")
    assert await VapidKeys(wrong, KeyVault(wrong.secret_key)).check() == "error"


async def test_a_vapid_key_file_of_an_earlier_version_is_imported_once(app, settings, tmp_path):
    saved = await ServerKey.select().where(ServerKey.name == VAPID_KEY).first()
    old = new_key()
    key_file = tmp_path / "vapid_private.pem"
    key_file.write_bytes(old.private_pem())
    own = msgspec.structs.replace(settings, vapid_private_key_path=key_file)
    await ServerKey.delete().where(ServerKey.name == VAPID_KEY)
    try:
        keys = VapidKeys(own, KeyVault(own.secret_key))
        assert (await keys.signer()).public_key == public_key_b64(old)
        key_file.unlink()  # imported: the file is no longer needed
        other = VapidKeys(own, KeyVault(own.secret_key))
        assert (await other.signer()).public_key == public_key_b64(old)
    finally:
        await ServerKey.delete().where(ServerKey.name == VAPID_KEY)
        if saved is not None:
            await ServerKey.insert(ServerKey(**{k: v for k, v in saved.items() if k != "id"}))


def test_vapid_init_command_is_idempotent_on_any_machine(settings, tmp_path):
    def dangbo(*args: str, machine: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "DANGBO_VAR_DIR": str(tmp_path / machine)}
        return subprocess.run(
            [sys.executable, "-m", "backend.cli", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    first = dangbo("vapid", "init", machine="may-1")
    assert first.returncode == 0, first.stderr
    public = first.stdout.rsplit(": ", 1)[1].strip()
    for machine in ("may-1", "may-2"):
        again = dangbo("vapid", "init", machine=machine)
        assert again.returncode == 0, again.stderr
        assert "giữ nguyên" in again.stdout
        assert again.stdout.rsplit(": ", 1)[1].strip() == public
    shown = dangbo("vapid", "show", machine="may-2")
    assert shown.stdout.strip() == public
    assert not list(tmp_path.rglob("*.pem"))  # nothing written to the machines' disks
