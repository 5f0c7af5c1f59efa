"""The fixed inputs of the secret-ballot vectors: the seed, scalars derived from it by label, a
scripted scalar source, the test dealer's key shares and the polls' contexts. Shared by
``make_ballot_vectors``, the unit tests and ``benchmarks/ballot_crypto.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.group import ORDER, base, encode_scalar
from backend.ballots.crypto.hashing import challenge, digest

SEED = "dangbo-ballots-vectors-2026"


def derive(label: str) -> int:
    """A fixed nonzero scalar named by its label."""
    k = challenge(["dangbo/ballots/v1/vectors", SEED, label])
    assert k, label
    return k


class Draws:
    """A deterministic ScalarSource that records what it gave, for the vectors' `secrets`."""

    def __init__(self, label: str, given: list[int] | None = None) -> None:
        self._given: Iterator[int] | None = iter(given) if given is not None else None
        self._label = label
        self.drawn: list[int] = []

    def __call__(self) -> int:
        if self._given is not None:
            k = next(self._given)
        else:
            k = derive(f"{self._label}/{len(self.drawn)}")
        self.drawn.append(k)
        return k

    def hex(self) -> list[str]:
        return [encode_scalar(k) for k in self.drawn]


def polynomial(secret: int, coefficients: list[int]) -> Callable[[int], int]:
    """A test dealer's Shamir polynomial: only tests deal shares; the real key is joint-Feldman."""

    def at(x: int) -> int:
        return sum(c * pow(x, i, ORDER) for i, c in enumerate([secret, *coefficients])) % ORDER

    return at


SECRET = derive("poll key")
SHARE_AT = polynomial(SECRET, [derive("poll key/coefficient 1")])
THRESHOLD, MEMBERS = 2, (1, 2, 3)
KEY = base(SECRET)

CANDIDATES = tuple(
    f"ung-vien-{i + 1:02d} {name}"
    for i, name in enumerate(
        [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "Lê Hoàng Cường",
            "Phạm Thu Dung",
            "Hoàng Minh Đức",
            "Vũ Thị Giang",
            "Đặng Quốc Hải",
            "Bùi Thị Hạnh",
            "Đỗ Văn Hùng",
            "Ngô Thị Lan",
            "Dương Văn Long",
            "Lý Thị Mai",
            "Hồ Văn Nam",
            "Mai Thị Oanh",
            "Trịnh Văn Phúc",
            "Đinh Thị Quỳnh",
            "Lưu Văn Sơn",
            "Tạ Thị Thảo",
        ]
    )
)

CONTEXTS = {
    "strike_out": PollContext(
        "dai-hoi-2026",
        "poll-7",
        "bau_cu_so_du",
        "Bầu Ban Chấp hành Đảng bộ tỉnh khoá XV",
        15,
        CANDIDATES,
        KEY,
    ),
    "strike_out_other_poll": PollContext(
        "dai-hoi-2026",
        "poll-8",
        "bau_cu_so_du",
        "Bầu Ban Chấp hành Đảng bộ tỉnh khoá XV",
        15,
        CANDIDATES,
        KEY,
    ),
    "approval": PollContext(
        "dai-hoi-2026",
        "poll-9",
        "bau_cu_khong_so_du",
        "Bầu Bí thư Tỉnh uỷ",
        1,
        (CANDIDATES[0],),
        KEY,
    ),
    "approval_three": PollContext(
        "dai-hoi-2026",
        "poll-10",
        "bau_cu_khong_so_du",
        "Bầu Ban Thường vụ",
        3,
        CANDIDATES[:3],
        KEY,
    ),
    "resolution": PollContext(
        "dai-hoi-2026",
        "poll-11",
        "bieu_quyet",
        "Thông qua Nghị quyết Đại hội",
        1,
        ("tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"),
        KEY,
    ),
}


def flip_scalar(text: str) -> str:
    """The next scalar mod ℓ: a different, still canonical, value."""
    k = int.from_bytes(bytes.fromhex(text), "little")
    return encode_scalar((k + 1) % ORDER)


STRIKE_15 = [1] * 15 + [0] * 3
BOARD_HASH = digest(["dangbo/ballots/v1/vectors-board", SEED])


def item_of(spec: dict):
    """A hash item from its JSON form in the vectors (`hashes[*].items`)."""
    if "text" in spec:
        return spec["text"]
    if "int" in spec:
        return spec["int"]
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    return [item_of(x) for x in spec["list"]]
