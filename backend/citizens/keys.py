"""What other domains know of a citizen: a pseudonymous token per scope, a public label made
from it, his coarse facts, and whether he accepted the consent notice.

Every citizen has a random 32-byte person key, sealed with the installation's secret key
(``Sealer.seal_bytes``, bound to his user id). His token in a scope (``"consultation:12"``) is
HMAC-SHA256 of the scope under that key: stable for him, unlinkable across scopes without the
key, and, once erasure destroys the key, unlinkable to him for good (crypto-shredding). His name
is sealed under the same key, so it goes with it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.citizens import consent
from backend.citizens.tables import Citizen
from backend.core.problems import Problem
from backend.core.sealed import Sealer
from shared.citizens import CONSENT_PAGE, AgeBand, CitizenFacts

PID_PURPOSE = "vneid-pid"
PERSON_KEY_PURPOSE = "citizen-person-key"
NAME_PURPOSE = b"citizen-name:"
PSEUDONYM_PREFIX = "Người góp ý"
# Crockford's base32: no I, L, O, U (nothing to misread aloud or on a small screen).
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

NOT_A_CITIZEN = "Chỉ công dân đăng nhập bằng VNeID mới thực hiện được thao tác này."
ERASED = "Dữ liệu của công dân này đã được xóa."
CONSENT_NEEDED = (
    "Bạn cần đọc và đồng ý với Thông báo xử lý dữ liệu cá nhân (phiên bản {version}) trước khi "
    "góp ý."
)


class CitizenKeys:
    def __init__(self, secret_key: str) -> None:
        self._sealer = Sealer(secret_key)

    # ---- at enrollment and erasure (backend/citizens/registry.py) ----------------------------

    def pid_hash(self, pid: str) -> str:
        return self._sealer.keyed_hash(pid, PID_PURPOSE)

    @staticmethod
    def new_person_key() -> bytes:
        return os.urandom(32)

    def seal_person_key(self, key: bytes, user_id: int) -> bytes:
        return self._sealer.seal_bytes(key, PERSON_KEY_PURPOSE, str(user_id))

    @staticmethod
    def seal_name(key: bytes, user_id: int, name: str) -> bytes:
        nonce = os.urandom(12)
        aad = NAME_PURPOSE + str(user_id).encode()
        return nonce + AESGCM(key).encrypt(nonce, name.encode(), aad)

    @staticmethod
    def open_name(key: bytes, user_id: int, sealed: bytes) -> str:
        sealed = bytes(sealed)
        aad = NAME_PURPOSE + str(user_id).encode()
        try:
            return AESGCM(key).decrypt(sealed[:12], sealed[12:], aad).decode()
        except InvalidTag:
            return ""

    # ---- what other domains use --------------------------------------------------------------

    async def row(self, user_id: int) -> dict:
        """The citizen row of ``user_id``: 403 for a user who is not a citizen, 410 after
        erasure."""
        found = await Citizen.select().where(Citizen.user == user_id).first()
        if found is None:
            raise Problem(403, NOT_A_CITIZEN, code="not_a_citizen")
        if found["erased_at"] is not None or found["person_key_sealed"] is None:
            raise Problem(410, ERASED, code="citizen_erased")
        return found

    def person_key(self, row: dict) -> bytes:
        return self._sealer.open_bytes(
            row["person_key_sealed"], PERSON_KEY_PURPOSE, str(row["user"])
        )

    async def author_token(self, user_id: int, scope: str) -> str:
        """The citizen's pseudonymous id in ``scope`` (e.g. ``"consultation:12"``): 64 hex
        characters, the same every time for him and that scope."""
        return self.token_with(self.person_key(await self.row(user_id)), scope)

    @staticmethod
    def token_with(person_key: bytes, scope: str) -> str:
        """:meth:`author_token` from an already opened person key."""
        return hmac.new(person_key, scope.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def pseudonym(token: str) -> str:
        """The public label of a token: ``Người góp ý 7Q4K-2M9P`` (40 bits of a hash of the
        token, so the label says nothing the token does not)."""
        digest = hashlib.sha256(b"dangbo-pseudonym:" + token.encode()).digest()[:5]
        text = base64.b32encode(digest).decode().translate(str.maketrans(_STANDARD, _CROCKFORD))
        return f"{PSEUDONYM_PREFIX} {text[:4]}-{text[4:8]}"

    async def profile(self, user_id: int) -> CitizenFacts:
        return self.facts_of(await self.row(user_id))

    @staticmethod
    def facts_of(row: dict) -> CitizenFacts:
        band = row["age_band"]
        return CitizenFacts(
            age_band=AgeBand(band) if band in AgeBand._value2member_map_ else AgeBand.UNKNOWN,
            province=row["province"],
            commune=row["commune"],
        )

    async def consenting_author(self, user_id: int, scope: str) -> tuple[str, CitizenFacts]:
        """What a comment or a vote needs of its author, from one read of his row: his token
        in ``scope`` and his coarse facts, after :meth:`require_consent`'s check."""
        row = await self.row(user_id)
        self._check_consent(row)
        return self.token_with(self.person_key(row), scope), self.facts_of(row)

    async def require_consent(self, user_id: int) -> None:
        """428 with the notice's version and page when the citizen has not accepted the
        current consent notice."""
        self._check_consent(await self.row(user_id))

    @staticmethod
    def _check_consent(row: dict) -> None:
        if row["consent_version"] != consent.VERSION:
            raise Problem(
                428,
                CONSENT_NEEDED.format(version=consent.VERSION),
                code="consent_required",
                extra={"consent_version": consent.VERSION, "notice": CONSENT_PAGE},
            )
