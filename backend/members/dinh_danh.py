"""The số định danh cá nhân of a member: personal data (Luật 91/2025/QH15), so it is kept
as a keyed hash (to find the same person twice) and a sealed copy bound to the record's số
thẻ (to show it masked), never in clear (:mod:`backend.core.sealed`)."""

from __future__ import annotations

from backend.core.sealed import Sealer, Unsealable, masked

PURPOSE = "party_member.so_dinh_danh"


class DinhDanh:
    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def matching_hash(self, number: str) -> str:
        return self.sealer.keyed_hash(number, PURPOSE)

    def seal(self, number: str, so_the: str) -> bytes:
        return self.sealer.seal(number, PURPOSE, so_the)

    def shown(self, sealed: bytes | None, so_the: str) -> str:
        """Masked for the screen; "" when none is kept, a note when it no longer opens."""
        if not sealed:
            return ""
        try:
            return masked(self.sealer.open(sealed, PURPOSE, so_the))
        except Unsealable:
            return "(không giải mã được: khóa bí mật đã đổi)"
