"""Phiếu kín điện tử: the counting board's key for a secret poll (``bi_mat``) and the key
ceremony that makes it (``docs/ballots.md``, "Key ceremony").

The board's members (3–5, Ban Kiểm phiếu) run a dealer-free joint-Feldman key generation in
their browsers; the server relays and checks what is public. Every point and scalar is 64
lowercase hex digits (``docs/ballots.md`` §2); a member is named by his index ``x`` (1 … n) in
the ceremony. The JSON of each step is the struct named beside it:

1. commit:      ``CeremonyCommit``   → ``POST …/key-ceremony/commitments``
2. send shares: ``CeremonyShares``   → ``POST …/key-ceremony/shares``
   fetch mine:  ``SealedShareList``  ← ``GET  …/key-ceremony/shares``
3. complain:    ``CeremonyComplaint`` → ``POST …/key-ceremony/complaints``
   reveal:      ``CeremonyReveal``   → ``POST …/key-ceremony/reveals``
4. confirm:     ``CeremonyConfirm``  → ``POST …/key-ceremony/confirmation``

``ballot_key`` (``BallotKeyView``) is what casting and the tally read once the ceremony ends.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated

import msgspec

# A point or a scalar (docs/ballots.md §2), a SHA-512 digest, a sealed share (nonce 12 bytes,
# the 32-byte share, the 16-byte tag: 60 bytes).
Hex32 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
Hex64 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{128}$")]
SealedHex = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{120}$")]
MemberIndex = Annotated[int, msgspec.Meta(ge=1, le=5)]

BOARD_MIN = 3  # the fewest members of a ceremony (the issue: 3–5)
BOARD_MAX = 5


class BallotAction(enum.StrEnum):
    VIEW = "view"  # see the ceremony's progress, its transcript and fingerprint
    START = "start"  # start (or start again) the ceremony of a secret poll
    COMMIT = "commit"  # post one's commitments, key proof and transport key
    SEND_SHARES = "send_shares"  # post one's sealed shares, one per other member
    READ_SHARES = "read_shares"  # fetch the sealed shares addressed to oneself
    COMPLAIN = "complain"  # accuse a sender whose share does not match his commitments
    REVEAL = "reveal"  # answer a complaint by revealing that share in the clear
    CONFIRM = "confirm"  # backup saved and a proven test decryption
    READ_KEY = "read_key"  # the poll's election key (public to the congress)
    # Casting and the tally (docs/ballots.md "Casting, the board and the tally").
    CAST = "cast"  # cast one's encrypted ballot in an open secret poll
    DECRYPT = "decrypt"  # a key holder posts his partial decryption of the frozen sums
    READ_BOARD = "read_board"  # the poll's public board, once frozen at close
    FOLLOW = "follow_ballots"  # a key holder reads the encrypted ballots as they arrive


class CeremonyStatus(enum.StrEnum):
    COMMITTING = "cam_ket"  # members post commitments, key proofs and transport keys
    SHARING = "gui_phan_khoa"  # members post their sealed shares
    CHECKING = "kiem_tra"  # recipients check, complain, reveal, confirm
    DONE = "hoan_tat"  # every member confirmed: the key is ready
    SUPERSEDED = "thay_the"  # a member was excluded, or the ceremony was started again
    STOPPED = "dung"  # after an exclusion fewer than three members remain


CEREMONY_STATUS_LABELS: dict[CeremonyStatus, str] = {
    CeremonyStatus.COMMITTING: "Công bố cam kết",
    CeremonyStatus.SHARING: "Gửi phần khóa",
    CeremonyStatus.CHECKING: "Kiểm tra và xác nhận",
    CeremonyStatus.DONE: "Hoàn tất",
    CeremonyStatus.SUPERSEDED: "Đã thay thế",
    CeremonyStatus.STOPPED: "Đã dừng",
}


class ComplaintVerdict(enum.StrEnum):
    PENDING = "cho_tra_loi"  # the accused has not revealed the share yet
    DISMISSED = "bac"  # the revealed share matches the commitments (it is public now)
    UPHELD = "chap_nhan"  # it does not: the accused is excluded, the ceremony restarts


class KeyProof(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A Schnorr proof ``{c, z}`` (docs/ballots.md §9) or a decryption proof (§8)."""

    c: Hex32
    z: Hex32


class TestCiphertext(msgspec.Struct, kw_only=True):
    a: Hex32
    b: Hex32


# --- requests: the browser's messages ---


class CeremonyStart(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Start the ceremony with the counting board as it is; ``threshold`` k (2 … n, by default
    a majority of the members: n // 2 + 1)."""

    threshold: Annotated[int, msgspec.Meta(ge=2, le=BOARD_MAX)] | None = None


class CeremonyCommit(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Step 1: ``commitments`` = [C_0 … C_{k−1}], C_j = a_j·G for the member's polynomial
    f(t) = a_0 + a_1·t + … ; ``proof`` the Schnorr proof of a_0 for C_0 (j = 0);
    ``transport_key`` his X25519 public key for this ceremony alone."""

    commitments: Annotated[list[Hex32], msgspec.Meta(min_length=2, max_length=BOARD_MAX)]
    proof: KeyProof
    transport_key: Hex32


class SealedShareIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    recipient: MemberIndex
    sealed: SealedHex  # nonce ‖ AES-256-GCM(f(recipient)) ‖ tag, docs/ballots.md


class CeremonyShares(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Step 2: one sealed share for every other member, all at once."""

    shares: Annotated[list[SealedShareIn], msgspec.Meta(min_length=1, max_length=BOARD_MAX)]


class CeremonyComplaint(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Step 3: the share from ``accused`` does not open, or does not match his commitments."""

    accused: MemberIndex


class CeremonyReveal(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Step 3, the accused's answer: the share f(accuser) in the clear (public from then on)."""

    accuser: MemberIndex
    share: Hex32


class TestDecryption(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """D = s_x·A of the ceremony's test ciphertext and its Chaum–Pedersen proof."""

    d: Hex32
    proof: KeyProof


class CeremonyConfirm(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Step 4: the member saved his backup, saw ``fingerprint`` on his screen, and decrypted
    the test ciphertext with his share."""

    backup_saved: bool
    fingerprint: Hex64
    test: TestDecryption


# --- answers ---


class SealedShareOut(msgspec.Struct, kw_only=True):
    sender: int
    recipient: int
    sender_transport_key: str
    sealed: str


class CeremonyMember(msgspec.Struct, kw_only=True):
    x: int
    user_id: int
    full_name: str
    commitments: list[str] = []  # empty until he commits
    proof: KeyProof | None = None
    transport_key: str | None = None
    shares_sent: bool = False
    share_public: str | None = None  # K_x = Σ_i Σ_j x^j·C_{i,j}, once every member committed
    confirmed: bool = False  # backup + test decryption under the current fingerprint


class CeremonyComplaintView(msgspec.Struct, kw_only=True):
    accuser: int
    accused: int
    verdict: ComplaintVerdict
    share: str | None = None  # the revealed share: public by design
    made_at: datetime
    settled_at: datetime | None = None


class CeremonyDetail(msgspec.Struct, kw_only=True):
    id: int
    ceremony_id: str  # the text every proof and sealed share binds
    congress_id: int
    poll_id: int
    status: CeremonyStatus
    status_label: str
    threshold: int
    size: int
    members: list[CeremonyMember]
    # Every sealed share posted so far (opaque blobs): the transcript each browser hashes itself.
    sealed: list[SealedShareOut] = []
    complaints: list[CeremonyComplaintView] = []
    excluded_users: list[int] = []  # excluded in an earlier ceremony of this poll
    me: int | None = None  # the caller's index, when he takes part
    election_key: str | None = None  # Σ C_{i,0}, once every member committed
    fingerprint: str | None = None  # once every share is posted (CHECKING, DONE)
    fingerprint_groups: list[str] = []  # its first 32 hex digits in 8 groups, read aloud
    test_ciphertext: TestCiphertext | None = None  # once CHECKING
    started_at: datetime
    ended_at: datetime | None = None
    actions: list[BallotAction] = []


class CeremonyState(msgspec.Struct, kw_only=True):
    """The poll's ceremony (the current one, if any) and what the caller may do."""

    poll_id: int
    ceremony: CeremonyDetail | None = None
    key_ready: bool = False
    actions: list[BallotAction] = []
    # GET only: the congress stream's last event before the ceremony was read. The screen
    # follows ``ballot_key.progress`` from it (``congress:{id}?after=``), not from the
    # stream's first event (every check-in and every vote's turnout of the congress).
    last_event_id: int | None = None


class SealedShareList(msgspec.Struct, kw_only=True):
    ceremony_id: str
    shares: list[SealedShareOut]


class Trustee(msgspec.Struct, kw_only=True):
    """A member of the counting board holding a share: his index, account and public part."""

    x: int
    user_id: int
    public: str


class BallotKeyView(msgspec.Struct, kw_only=True):
    """The poll's election key (``ballot_key``): K, k of n, the trustees, the fingerprint."""

    poll_id: int
    public_key: str | None
    threshold: int
    size: int
    trustees: list[Trustee] = []
    fingerprint: str | None = None
    ready: bool = False
    ready_at: datetime | None = None
    # What the caller may do with the key now, from the domain's policy: ``cast`` while he may
    # cast his encrypted ballot in the open poll (the vote screen offers the ballot then).
    actions: list[BallotAction] = []


# --- casting, the board and the tally (docs/ballots.md "Casting, the board and the tally") ---


class SecretBallotCast(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The phone's encrypted ballot: ``{ciphertexts: [{a, b}], bit_proofs: [{c: [], z: []}],
    range_proofs: [{c: [], z: []}]}`` (docs/ballots.md §10). The core parses it strictly, so
    every refusal names its failure (``bad_point``, ``bad_bit_proof``, ``wrong_shape`` …)."""

    ballot: dict[str, list[dict[str, object]]]


class CastReceipt(msgspec.Struct, kw_only=True):
    """The ballot's tracker: the delegate keeps it and finds it on the board after close."""

    poll_id: int
    tracker: str


class PartialDecryptionIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A key holder's share of the decryption of every frozen sum, each with its proof bound
    to the board's hash (docs/ballots.md §8): ``{x, d: [hex], proofs: [{c, z}]}``."""

    x: MemberIndex
    d: list[Hex32]
    proofs: list[KeyProof]


class TallyState(msgspec.Struct, kw_only=True):
    """Where the tally of a secret poll stands after close."""

    poll_id: int
    board_hash: str
    threshold: int
    decrypted_by: list[int] = []  # the members' indexes whose partial decryption holds
    counts: list[int] | None = None  # per ballot position, once k partials combined
    member: int | None = None  # the caller's index x when he holds a share of the key
    actions: list[BallotAction] = []


class FedBallot(msgspec.Struct, kw_only=True):
    """An encrypted ballot as a key holder's screen receives it while the poll is open."""

    seq: int  # the row's id: ask again with ``after`` = the last one seen
    tracker: str
    ballot: dict[str, object]


class BallotFeed(msgspec.Struct, kw_only=True):
    """``GET …/secret-ballots?after=N``: the ballots cast since ``after`` (at most a page), so a
    key holder's browser checks them while the poll is open and the check at close is short."""

    poll_id: int
    status: str  # the poll's status (chuan_bi, dang_mo, da_dong)
    context: dict[str, object]  # PollContext.to_json() (docs/ballots.md §5)
    context_hash: str
    ballots: list[FedBallot] = []
    more: bool = False  # another page waits
    frozen: bool = False  # the board is frozen: no ballots here, read ``…/secret-board``
    actions: list[BallotAction] = []


class TrackerLookup(msgspec.Struct, kw_only=True):
    poll_id: int
    tracker: str
    found: bool
    board_hash: str
