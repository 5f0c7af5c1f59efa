"""The installation's own private keys, in the database every machine shares.

A key is created once by whichever machine asks first (``INSERT … ON CONFLICT DO NOTHING``:
two machines running ``dangbo ca init`` at the same moment end up with the same, single key),
replaced only on purpose (``--force``), and read back by every process. Readers keep a key they
found for ``CACHE_SECONDS``, so a replacement reaches the other machines within that time; a
key not found yet is looked up again on the next call, so one created on another machine is
used at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from backend import db
from backend.core.clock import now
from backend.core.sealed import Sealer, Unsealable
from backend.vault.tables import ServerKey

CACHE_SECONDS = 10.0
# Sealed with the key's name bound in (backend/core/sealed.py): a sealed key copied under
# another name does not open.
PURPOSE = "server-key"


class KeyUnavailable(Exception):
    """A stored key does not open (the secret key changed, or the row was altered)."""


@dataclass(frozen=True)
class StoredKey:
    name: str
    private: bytes
    public: str
    version: int
    created_at: datetime


class KeyVault:
    def __init__(self, secret_key: str) -> None:
        self._sealer = Sealer(secret_key)
        self._cache: dict[str, tuple[float, StoredKey]] = {}

    def _open(self, row: dict) -> StoredKey:
        try:
            private = self._sealer.open_bytes(row["sealed"], PURPOSE, row["name"])
        except Unsealable as exc:
            raise KeyUnavailable(row["name"]) from exc
        return StoredKey(row["name"], private, row["public"], row["version"], row["created_at"])

    def forget(self, name: str | None = None) -> None:
        """Drop cached copies (after this process changed a key)."""
        if name is None:
            self._cache.clear()
        else:
            self._cache.pop(name, None)

    async def get(self, name: str) -> StoredKey | None:
        """The key, or None when none was created yet; raises :class:`KeyUnavailable`."""
        cached = self._cache.get(name)
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        row = (
            await ServerKey.select(
                ServerKey.name,
                ServerKey.sealed,
                ServerKey.public,
                ServerKey.version,
                ServerKey.created_at,
            )
            .where(ServerKey.name == name)
            .first()
        )
        if row is None:
            return None
        key = self._open(row)
        self._cache[name] = (time.monotonic(), key)
        return key

    async def create(self, name: str, private: bytes, public: str) -> StoredKey:
        """Keep ``private`` under ``name`` unless a key is there already; either way, the key
        that is stored afterwards (which may be another machine's)."""
        moment = now()
        async with db.transaction():
            await ServerKey.raw(
                'INSERT INTO "server_key" ("name", "sealed", "public", "version", '
                '"created_at", "updated_at") VALUES ({}, {}, {}, 1, {}, {}) '
                'ON CONFLICT ("name") DO NOTHING',
                name,
                self._sealer.seal_bytes(private, PURPOSE, name),
                public,
                moment,
                moment,
            )
        self.forget(name)
        stored = await self.get(name)
        assert stored is not None
        return stored

    async def replace(self, name: str, private: bytes, public: str) -> StoredKey:
        """Put a new key under ``name`` (``--force``), whatever was there."""
        moment = now()
        async with db.transaction():
            updated = await ServerKey.raw(
                'UPDATE "server_key" SET "sealed" = {}, "public" = {}, '
                '"version" = "version" + 1, "updated_at" = {} WHERE "name" = {} RETURNING "id"',
                self._sealer.seal_bytes(private, PURPOSE, name),
                public,
                moment,
                name,
            )
        if not updated:
            return await self.create(name, private, public)
        self.forget(name)
        stored = await self.get(name)
        assert stored is not None
        return stored
