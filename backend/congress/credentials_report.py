"""The credentials committee's report (báo cáo thẩm tra tư cách đại biểu): the delegates
summoned by kind, the review's counts, those absent for the whole congress and those refused,
with the reasons, and breakdowns of the delegates attending (credentials accepted, not absent
throughout) by kind, sex, age, ethnicity, education, political theory and Party seniority; and
the majority base. Ages and seniority are counted in years at the congress's first day, from
the birth year and the year of joining the Party."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from backend.accounts.identity import Actor
from backend.congress.credentials import base_figures
from backend.congress.policy import POLICY
from backend.congress.records import readable_congress
from backend.congress.tables import Delegate
from backend.core.convert import to_struct
from backend.core.text import fold
from shared.congress import (
    DELEGATE_KIND_LABELS,
    SEX_LABELS,
    AbsentDelegate,
    CongressAction,
    CredentialsReport,
    CredentialStatus,
    DelegateKind,
    DelegateRef,
    ReportLine,
    Sex,
)

S = CredentialStatus
UNKNOWN = ("chua_ro", "Chưa rõ")
AGE_BANDS: Sequence[tuple[str, str, int]] = (  # key, label, the band's highest age
    ("den_35", "Từ 35 tuổi trở xuống", 35),
    ("36_50", "Từ 36 đến 50 tuổi", 50),
    ("51_60", "Từ 51 đến 60 tuổi", 60),
    ("tren_60", "Trên 60 tuổi", 10_000),
)
SENIORITY_BANDS: Sequence[tuple[str, str, int]] = (  # key, label, the band's most years
    ("duoi_10", "Dưới 10 năm", 9),
    ("10_19", "Từ 10 đến dưới 20 năm", 19),
    ("20_29", "Từ 20 đến dưới 30 năm", 29),
    ("30_39", "Từ 30 đến dưới 40 năm", 39),
    ("tu_40", "Từ 40 năm trở lên", 10_000),
)


def _lines(counts: Counter, order: Iterable[tuple[str, str]], total: int) -> list[ReportLine]:
    return [
        ReportLine(
            key=key,
            label=label,
            count=counts.get(key, 0),
            percent=round(100 * counts.get(key, 0) / total, 1) if total else 0.0,
        )
        for key, label in order
    ]


def _banded(values: Iterable[int | None], bands: Sequence[tuple[str, str, int]]) -> Counter:
    counts: Counter = Counter()
    for value in values:
        if value is None:
            counts[UNKNOWN[0]] += 1
            continue
        counts[next(key for key, _, top in bands if value <= top)] += 1
    return counts


def _with_unknown(counts: Counter, order: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return order + ([UNKNOWN] if counts.get(UNKNOWN[0]) else [])


def _by_text(values: Iterable[str], total: int) -> list[ReportLine]:
    """Free-text values (an ethnicity, a degree) grouped as written (folded to compare), the
    most frequent first."""
    shown: dict[str, str] = {}
    counts: Counter = Counter()
    for value in values:
        text = " ".join((value or "").split())
        key = fold(text) if text else UNKNOWN[0]
        shown.setdefault(key, text or UNKNOWN[1])
        counts[key] += 1
    order = sorted(counts, key=lambda k: (k == UNKNOWN[0], -counts[k], shown[k]))
    return _lines(counts, [(k, shown[k]) for k in order], total)


def _ref(rows: dict[int, dict], delegate_id: int | None) -> DelegateRef | None:
    row = rows.get(delegate_id) if delegate_id is not None else None
    return to_struct(row, DelegateRef) if row else None


def _absent(row: dict, reason: str, rows: dict[int, dict]) -> AbsentDelegate:
    return to_struct(
        row, AbsentDelegate, reason=reason, replaced_by=_ref(rows, row["replaced_by_id"])
    )


def _breakdown(rows: list[dict], key: Callable[[dict], str], order, total) -> list[ReportLine]:
    counts = Counter(key(r) for r in rows)
    return _lines(counts, _with_unknown(counts, list(order)), total)


async def credentials_report(actor: Actor, congress_id: int) -> CredentialsReport:
    congress, record = await readable_congress(actor, congress_id)
    POLICY.require(CongressAction.VIEW_CREDENTIALS_REPORT, actor, record)
    as_of = congress["starts_on"]
    rows = await Delegate.select().where(Delegate.congress == congress_id).order_by(Delegate.code)
    by_id = {r["id"]: r for r in rows}
    statuses = Counter(r["credential_status"] for r in rows)
    kinds = [(k.value, DELEGATE_KIND_LABELS[k]) for k in DelegateKind]
    attending = [
        r for r in rows if r["credential_status"] == S.ACCEPTED.value and not r["absent_whole"]
    ]
    total = len(attending)
    ages = [as_of.year - r["birth_year"] if r["birth_year"] else None for r in attending]
    known_ages = [a for a in ages if a is not None]
    seniority = [
        as_of.year - r["party_joined_year"] if r["party_joined_year"] else None for r in attending
    ]
    ethnic_group = Counter(
        UNKNOWN[0] if not r["ethnicity"].strip() else "kinh" if fold(r["ethnicity"]) == "kinh"
        else "thieu_so"
        for r in attending
    )  # fmt: skip
    return CredentialsReport(
        congress_id=congress_id,
        as_of=as_of,
        summoned=len(rows),
        summoned_by_kind=_lines(Counter(r["kind"] for r in rows), kinds, len(rows)),
        accepted=statuses.get(S.ACCEPTED.value, 0),
        rejected=statuses.get(S.REJECTED.value, 0),
        replaced=statuses.get(S.REPLACED.value, 0),
        pending=statuses.get(S.PENDING.value, 0),
        attending=total,
        rejected_delegates=[
            _absent(r, r["credential_reason"], by_id)
            for r in rows
            if r["credential_status"] == S.REJECTED.value
        ],
        absent_whole=[_absent(r, r["absence_reason"], by_id) for r in rows if r["absent_whole"]],
        by_kind=_breakdown(attending, lambda r: r["kind"], kinds, total),
        by_sex=_breakdown(
            attending,
            lambda r: r["sex"] or UNKNOWN[0],
            [(s.value, SEX_LABELS[s]) for s in Sex],
            total,
        ),
        by_age=_lines(
            _banded(ages, AGE_BANDS),
            _with_unknown(_banded(ages, AGE_BANDS), [(k, label) for k, label, _ in AGE_BANDS]),
            total,
        ),
        youngest=min(known_ages) if known_ages else None,
        oldest=max(known_ages) if known_ages else None,
        by_ethnic_group=_lines(
            ethnic_group,
            _with_unknown(
                ethnic_group, [("kinh", "Dân tộc Kinh"), ("thieu_so", "Dân tộc thiểu số")]
            ),
            total,
        ),
        by_ethnicity=_by_text((r["ethnicity"] for r in attending), total),
        by_education=_by_text((r["education"] for r in attending), total),
        by_political_theory=_by_text((r["political_theory"] for r in attending), total),
        by_party_seniority=_lines(
            _banded(seniority, SENIORITY_BANDS),
            _with_unknown(
                _banded(seniority, SENIORITY_BANDS),
                [(k, label) for k, label, _ in SENIORITY_BANDS],
            ),
            total,
        ),
        majority_base=await base_figures(congress_id),
    )
