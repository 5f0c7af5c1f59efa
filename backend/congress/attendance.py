"""Who is summoned, present and absent at a session, and the quorum.

- **Summoned**: the delegates whose credentials stand (not refused, not replaced by an
  alternate).
- **Present**: those checked in for the session.
- **Absent with a reason**: not present, and excused from this session or absent from the
  whole congress with a reason; **absent without a reason**: the others.
- **The quorum** is taken over the majority base of the congress — the official delegates
  summoned, less those refused and those absent for the whole congress with no alternate
  replacing them (Quy định on congresses): the one computation the credentials' report and the
  polls' majorities use (:func:`backend.congress.credentials.majority_base`). The session has
  its quorum when at least two thirds of that base are present: the official delegates present
  whose credentials stand (chính thức and đương nhiên), and the alternates present in the place
  of one they replaced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from backend.congress.credentials import majority_base
from backend.congress.tables import Checkin, Delegate, SessionAbsence
from shared.congress import CredentialStatus, DelegateKind, Presence
from shared.congress_hall import AttendanceCounts, KindAttendance, SessionAbsentee

REFUSED = (CredentialStatus.REJECTED.value, CredentialStatus.REPLACED.value)
VOTING_KINDS = (DelegateKind.OFFICIAL.value, DelegateKind.EX_OFFICIO.value)


@dataclass(frozen=True)
class _Delegate:
    id: int
    full_name: str
    delegation: str
    kind: DelegateKind
    in_base: bool
    absent_whole: bool
    absence_reason: str


def _in_base(kind: str, absent_whole: bool, replacing: bool) -> bool:
    """Whether a delegate whose credentials stand, when present, counts towards the quorum:
    one of the base's places is his."""
    if kind in VOTING_KINDS:
        return not absent_whole
    # An alternate counts once he has replaced an official delegate.
    return kind == DelegateKind.ALTERNATE.value and replacing


async def _summoned(congress_id: int) -> list[_Delegate]:
    rows = await Delegate.select(
        Delegate.id,
        Delegate.full_name,
        Delegate.delegation,
        Delegate.kind,
        Delegate.credential_status,
        Delegate.absent_whole,
        Delegate.absence_reason,
        Delegate.replaces_id,
    ).where(Delegate.congress == congress_id)
    return [
        _Delegate(
            id=r["id"],
            full_name=r["full_name"],
            delegation=r["delegation"],
            kind=DelegateKind(r["kind"]),
            in_base=_in_base(r["kind"], bool(r["absent_whole"]), r["replaces_id"] is not None),
            absent_whole=bool(r["absent_whole"]),
            absence_reason=r["absence_reason"],
        )
        for r in rows
        if r["credential_status"] not in REFUSED
    ]


def needed_for(base: int) -> int:
    """The smallest count that is at least two thirds of ``base``: a congress proceeds (and
    elects) only with at least two thirds of the delegates summoned present (Quy chế bầu cử
    trong Đảng, Quyết định 190-QĐ/TW; Quy định 24-QĐ/TW on congresses). Majorities of votes
    are another rule: more than half of the same base (``backend/polls/counting.py``)."""
    return -(-2 * base // 3)


async def _session_marks(session_id: int) -> tuple[set[int], dict[int, str]]:
    present = {
        r["delegate"]
        for r in await Checkin.select(Checkin.delegate).where(Checkin.session == session_id)
    }
    excused = {
        r["delegate"]: r["reason"]
        for r in await SessionAbsence.select(SessionAbsence.delegate, SessionAbsence.reason).where(
            SessionAbsence.session == session_id
        )
    }
    return present, excused


def _presence(d: _Delegate, present: set[int], excused: dict[int, str]) -> tuple[Presence, str]:
    if d.id in present:
        return Presence.PRESENT, ""
    if d.id in excused:
        return Presence.EXCUSED, excused[d.id]
    if d.absent_whole:
        return Presence.EXCUSED, d.absence_reason
    return Presence.ABSENT, ""


def _tally(
    session_id: int, base: int, groups: list[tuple[DelegateKind, bool, Presence, int]]
) -> AttendanceCounts:
    """The counts from (kind, counts towards the quorum, presence, how many) groups."""
    totals: Counter[Presence] = Counter()
    by_kind: dict[DelegateKind, Counter[Presence]] = {k: Counter() for k in DelegateKind}
    base_present = 0
    for kind, in_base, presence, n in groups:
        totals[presence] += n
        by_kind[kind][presence] += n
        if in_base and presence is Presence.PRESENT:
            base_present += n
    needed = needed_for(base)
    return AttendanceCounts(
        session_id=session_id,
        summoned=sum(totals.values()),
        present=totals[Presence.PRESENT],
        excused=totals[Presence.EXCUSED],
        absent=totals[Presence.ABSENT],
        by_kind=[
            KindAttendance(
                kind=kind,
                summoned=sum(c.values()),
                present=c[Presence.PRESENT],
                excused=c[Presence.EXCUSED],
                absent=c[Presence.ABSENT],
            )
            for kind, c in by_kind.items()
        ],
        base=base,
        base_present=base_present,
        needed=needed,
        quorum=base > 0 and base_present >= needed,
    )


async def session_attendance(
    congress_id: int, session_id: int
) -> tuple[AttendanceCounts, list[SessionAbsentee]]:
    """The session's counts, and the absent delegates (by delegation, then name)."""
    delegates = await _summoned(congress_id)
    present, excused = await _session_marks(session_id)
    groups: list[tuple[DelegateKind, bool, Presence, int]] = []
    absent: list[SessionAbsentee] = []
    for d in delegates:
        presence, reason = _presence(d, present, excused)
        groups.append((d.kind, d.in_base, presence, 1))
        if presence is not Presence.PRESENT:
            absent.append(
                SessionAbsentee(
                    delegate_id=d.id,
                    full_name=d.full_name,
                    delegation=d.delegation,
                    kind=d.kind,
                    presence=presence,
                    reason=reason,
                )
            )
    absent.sort(key=lambda a: (a.delegation, a.full_name, a.delegate_id))
    return _tally(session_id, await majority_base(congress_id), groups), absent


# The counts alone, grouped by the database (a check-in's event reads them on every scan: a
# few groups rather than every delegate's row).
_GROUPS = """
SELECT d."kind" AS kind, d."absent_whole" AS absent_whole,
       (d."replaces_id" IS NOT NULL) AS replacing,
       (c."id" IS NOT NULL) AS present, (a."id" IS NOT NULL) AS excused, count(*) AS n
FROM "congress_delegate" d
LEFT JOIN "congress_checkin" c ON c."delegate" = d."id" AND c."session" = {}
LEFT JOIN "congress_session_absence" a ON a."delegate" = d."id" AND a."session" = {}
WHERE d."congress" = {} AND d."credential_status" NOT IN ({}, {})
GROUP BY 1, 2, 3, 4, 5
"""


async def counts_of(congress_id: int, session_id: int) -> AttendanceCounts:
    rows = await Delegate.raw(_GROUPS, session_id, session_id, congress_id, *REFUSED)
    groups = []
    for r in rows:
        kind = DelegateKind(r["kind"])
        in_base = _in_base(r["kind"], bool(r["absent_whole"]), bool(r["replacing"]))
        if r["present"]:
            presence = Presence.PRESENT
        elif r["excused"] or r["absent_whole"]:
            presence = Presence.EXCUSED
        else:
            presence = Presence.ABSENT
        groups.append((kind, in_base, presence, int(r["n"])))
    return _tally(session_id, await majority_base(congress_id), groups)
