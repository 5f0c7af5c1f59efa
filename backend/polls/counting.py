"""The counting rules of congress polls: pure functions, no database.

Defaults come from the Party's election rules (Quy chế bầu cử trong Đảng, ban hành kèm theo
Quyết định 190-QĐ/TW) and the guidance on congresses (Quy định 24-QĐ/TW); each rule below names
where its default comes from, and ``docs/polls.md`` lists them. A poll may override any default
(``shared.polls.PollRules``); the override is kept with the poll and printed in the minutes.

- **The base** of every majority is the number of official delegates summoned, less those
  absent for the whole congress whom no alternate replaces (``backend.congress.credentials.
  majority_base``), fixed when the poll opens. Not the valid ballots, not those present.
- **More than half**: a candidate is elected, or a motion passes, with strictly more than
  numerator/denominator (default 1/2) of the base.
- **Strike-out** (more candidates than seats): a ballot that keeps more names than the seats,
  or none, is invalid; of the candidates above the majority the highest are elected up to the
  seats; candidates tied at the cut-off are flagged for another round and none of them is
  elected in this one.
- **As many candidates as seats**: each name is đồng ý, không đồng ý or neither; the ballot is
  always valid; a candidate with đồng ý above the majority is elected.
- **A result is the sum of its sources** (electronic, paper, later secret): figures and votes
  added source by source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import msgspec

from shared.polls import (
    RESOLUTION_CHOICE_LABELS,
    CandidateCount,
    CandidateResult,
    ChoiceResult,
    Mark,
    PaperTotals,
    PollKind,
    PollRules,
    PollTotals,
    PollVote,
    ResolutionChoice,
    RuleEntry,
)

QUY_CHE = "Quy chế bầu cử trong Đảng (Quyết định 190-QĐ/TW)"
QUY_DINH = "Quy định 24-QĐ/TW về thi hành Điều lệ Đảng"


@dataclass(frozen=True)
class Rules:
    """A poll's counting rules, its overrides applied to the defaults."""

    majority_numerator: int = 1
    majority_denominator: int = 2
    base: int | None = None  # None: the congress's majority base when the poll opens
    min_kept: int = 1
    max_kept: int | None = None  # None: the seats
    overridden: frozenset[str] = field(default_factory=frozenset)

    def kept_bounds(self, seats: int) -> tuple[int, int]:
        return self.min_kept, seats if self.max_kept is None else self.max_kept


DEFAULTS = Rules()

# key → (label, where the default comes from)
RULE_SOURCES: dict[str, tuple[str, str]] = {
    "base": (
        "Cơ số tính tỷ lệ",
        f"{QUY_CHE}, nguyên tắc trúng cử; {QUY_DINH}, về đại biểu chính thức được triệu tập",
    ),
    "majority": ("Tỷ lệ trúng cử / thông qua", f"{QUY_CHE}, nguyên tắc trúng cử"),
    "min_kept": ("Số tên giữ lại ít nhất (bầu có số dư)", f"{QUY_CHE}, phiếu bầu không hợp lệ"),
    "max_kept": ("Số tên giữ lại nhiều nhất (bầu có số dư)", f"{QUY_CHE}, phiếu bầu không hợp lệ"),
}


def rules_from(overrides: PollRules | Mapping | None) -> Rules:
    """The rules of a poll from its stored overrides (a ``PollRules`` or its JSON)."""
    if overrides is None:
        return DEFAULTS
    if not isinstance(overrides, PollRules):
        overrides = msgspec.convert(dict(overrides), PollRules)
    values = {k: v for k, v in msgspec.structs.asdict(overrides).items() if v is not None}
    return Rules(**values, overridden=frozenset(values))


def rules_problem(kind: PollKind, seats: int, candidates: int, rules: Rules) -> str | None:
    """Why a poll's shape or rules cannot be counted (Vietnamese), or None."""
    if kind is PollKind.RESOLUTION:
        if candidates:
            return "Cuộc biểu quyết không có danh sách ứng cử."
        if seats != 1:
            return "Cuộc biểu quyết chỉ có một câu hỏi; số ghế phải là 1."
    elif kind is PollKind.STRIKE_OUT:
        if candidates <= seats:
            return (
                f"Bầu cử có số dư cần nhiều ứng cử viên hơn số cần bầu "
                f"({candidates} ứng cử viên, {seats} cần bầu)."
            )
    elif candidates != seats:
        return (
            f"Bầu cử không có số dư cần số ứng cử viên bằng số cần bầu "
            f"({candidates} ứng cử viên, {seats} cần bầu)."
        )
    if rules.majority_numerator >= rules.majority_denominator:
        return "Tỷ lệ trúng cử phải nhỏ hơn toàn bộ cơ số (tử số nhỏ hơn mẫu số)."
    low, high = rules.kept_bounds(seats)
    if kind is PollKind.STRIKE_OUT and (low > high or high > seats):
        return (
            f"Số tên giữ lại phải từ {low} đến {high}, không quá số cần bầu ({seats}) "
            "và ít nhất không lớn hơn nhiều nhất."
        )
    return None


def rule_entries(kind: PollKind, seats: int, rules: Rules) -> list[RuleEntry]:
    """The rules as they apply to a poll, for its detail and its minutes."""
    num, den = rules.majority_numerator, rules.majority_denominator
    majority = "Quá một nửa" if (num, den) == (1, 2) else f"Quá {num}/{den}"
    entries = [
        RuleEntry(
            key="base",
            label=RULE_SOURCES["base"][0],
            value=(
                "Số đại biểu chính thức được triệu tập"
                if rules.base is None
                else f"{rules.base} (do đại hội quyết định)"
            ),
            default="Số đại biểu chính thức được triệu tập, trừ người vắng suốt đại hội "
            "không có dự khuyết thay",
            source=RULE_SOURCES["base"][1],
            overridden="base" in rules.overridden,
        ),
        RuleEntry(
            key="majority",
            label=RULE_SOURCES["majority"][0],
            value=f"{majority} cơ số",
            default="Quá một nửa cơ số",
            source=RULE_SOURCES["majority"][1],
            overridden=bool({"majority_numerator", "majority_denominator"} & rules.overridden),
        ),
    ]
    if kind is PollKind.STRIKE_OUT:
        low, high = rules.kept_bounds(seats)
        entries += [
            RuleEntry(
                key="min_kept",
                label=RULE_SOURCES["min_kept"][0],
                value=str(low),
                default="1 (gạch hết tên là phiếu không hợp lệ)",
                source=RULE_SOURCES["min_kept"][1],
                overridden="min_kept" in rules.overridden,
            ),
            RuleEntry(
                key="max_kept",
                label=RULE_SOURCES["max_kept"][0],
                value=str(high),
                default=f"Số cần bầu ({seats}); giữ nhiều hơn là phiếu không hợp lệ",
                source=RULE_SOURCES["max_kept"][1],
                overridden="max_kept" in rules.overridden,
            ),
        ]
    return entries


def effective_base(congress_base: int, rules: Rules) -> int:
    """The base fixed when the poll opens: the congress's majority base unless overridden."""
    return congress_base if rules.base is None else rules.base


def majority_threshold(base: int, rules: Rules = DEFAULTS) -> int:
    """The fewest votes that are strictly more than the required share of ``base``."""
    return base * rules.majority_numerator // rules.majority_denominator + 1


def is_majority(votes: int, base: int, rules: Rules = DEFAULTS) -> bool:
    """More than numerator/denominator (default: half) of the base."""
    return votes * rules.majority_denominator > base * rules.majority_numerator


def ballot_problem(
    kind: PollKind, vote: PollVote, candidate_ids: Sequence[int], seats: int, rules: Rules
) -> str | None:
    """Why an electronic ballot is refused (Vietnamese), or None when it is valid.

    The screen prevents invalid strike-out ballots, so the server refuses them rather than
    counting them invalid."""
    known = set(candidate_ids)
    if kind is PollKind.RESOLUTION:
        if vote.choice is None or vote.kept is not None or vote.marks is not None:
            return (
                "Phiếu biểu quyết cần đúng một lựa chọn: tán thành, không tán thành hoặc "
                "không biểu quyết."
            )
        return None
    if kind is PollKind.STRIKE_OUT:
        if vote.kept is None or vote.choice is not None or vote.marks is not None:
            return "Phiếu bầu cần danh sách những người được giữ lại (không gạch tên)."
        kept = vote.kept
        if len(set(kept)) != len(kept):
            return "Một ứng cử viên được giữ lại hai lần trên phiếu."
        unknown = [c for c in kept if c not in known]
        if unknown:
            return f"Ứng cử viên không có trong danh sách bầu cử: {unknown[0]}."
        low, high = rules.kept_bounds(seats)
        if len(kept) > high:
            return (
                f"Phiếu giữ lại {len(kept)} tên, nhiều hơn số cần bầu ({high}): phiếu không hợp lệ."
            )
        if len(kept) < low:
            if not kept:
                return "Phiếu gạch hết tên: phiếu không hợp lệ."
            return f"Phiếu cần giữ lại ít nhất {low} tên."
        return None
    if vote.marks is None or vote.choice is not None or vote.kept is not None:
        return "Phiếu bầu cần ý kiến đồng ý hoặc không đồng ý cho từng người."
    ids = [m.candidate_id for m in vote.marks]
    if len(set(ids)) != len(ids):
        return "Một ứng cử viên có hai ý kiến trên phiếu."
    unknown = [c for c in ids if c not in known]
    if unknown:
        return f"Ứng cử viên không có trong danh sách bầu cử: {unknown[0]}."
    return None


def ballot_choices(kind: PollKind, vote: PollVote) -> dict:
    """The canonical JSON of a valid ballot, as stored in ``poll_ballot.choices``."""
    if kind is PollKind.RESOLUTION:
        assert vote.choice is not None
        return {"choice": vote.choice.value}
    if kind is PollKind.STRIKE_OUT:
        return {"kept": sorted(vote.kept or [])}
    return {"marks": {str(m.candidate_id): m.mark.value for m in vote.marks or []}}


def count_ballots(
    kind: PollKind, ballots: Iterable[Mapping], candidate_ids: Sequence[int]
) -> PollTotals:
    """The electronic source from the stored ballots' ``choices`` (all valid: invalid ones
    were refused): issued = received = valid = the ballots."""
    choices = {c.value: 0 for c in ResolutionChoice} if kind is PollKind.RESOLUTION else {}
    votes = {c: 0 for c in candidate_ids}
    against = {c: 0 for c in candidate_ids}
    n = 0
    for ballot in ballots:
        n += 1
        if kind is PollKind.RESOLUTION:
            choices[ballot["choice"]] += 1
        elif kind is PollKind.STRIKE_OUT:
            for c in ballot["kept"]:
                votes[int(c)] += 1
        else:
            for c, mark in ballot["marks"].items():
                if mark == Mark.AGREE.value:
                    votes[int(c)] += 1
                else:
                    against[int(c)] += 1
    return PollTotals(
        issued=n,
        received=n,
        valid=n,
        invalid=0,
        choices=choices,
        candidates=_candidate_counts(kind, candidate_ids, votes, against),
    )


def _candidate_counts(
    kind: PollKind, ids: Sequence[int], votes: Mapping[int, int], against: Mapping[int, int]
) -> list[CandidateCount]:
    if kind is PollKind.RESOLUTION:
        return []
    return [CandidateCount(candidate_id=c, votes=votes[c], against=against[c]) for c in ids]


def paper_problem(
    kind: PollKind,
    totals: PaperTotals,
    candidate_ids: Sequence[int],
    seats: int,
    rules: Rules,
    issued_recorded: int,
) -> str | None:
    """Which sum of the counting board's paper figures is wrong (Vietnamese), or None."""
    t = totals
    if t.issued != t.received + t.not_returned:
        return (
            f"Số phiếu phát ra ({t.issued}) phải bằng số phiếu thu vào ({t.received}) cộng số "
            f"phiếu không thu lại ({t.not_returned})."
        )
    if t.received != t.valid + t.invalid:
        return (
            f"Số phiếu thu vào ({t.received}) phải bằng số phiếu hợp lệ ({t.valid}) cộng số "
            f"phiếu không hợp lệ ({t.invalid})."
        )
    if t.issued != issued_recorded:
        return (
            f"Số phiếu phát ra ({t.issued}) phải bằng số đại biểu đã được ghi nhận nhận phiếu "
            f"giấy ({issued_recorded})."
        )
    if kind is PollKind.RESOLUTION:
        if t.candidates:
            return "Cuộc biểu quyết không có số phiếu theo ứng cử viên."
        labels = {c.value for c in ResolutionChoice}
        unknown = [k for k in t.choices if k not in labels]
        if unknown:
            return f"Lựa chọn không có trên phiếu biểu quyết: {unknown[0]}."
        total = sum(t.choices.values())
        if total != t.valid:
            return (
                f"Tổng số phiếu tán thành, không tán thành và không biểu quyết ({total}) phải "
                f"bằng số phiếu hợp lệ ({t.valid})."
            )
        return None
    if t.choices:
        return "Cuộc bầu cử không có số phiếu tán thành / không tán thành."
    known = set(candidate_ids)
    ids = [c.candidate_id for c in t.candidates]
    if len(set(ids)) != len(ids):
        return "Một ứng cử viên được nhập hai lần."
    unknown = [c for c in ids if c not in known]
    if unknown:
        return f"Ứng cử viên không có trong danh sách bầu cử: {unknown[0]}."
    for c in t.candidates:
        if kind is PollKind.STRIKE_OUT and c.against:
            return "Bầu cử có số dư chỉ nhập số phiếu bầu cho từng người."
        if c.votes + c.against > t.valid:
            return (
                f"Số phiếu của ứng cử viên {c.candidate_id} ({c.votes + c.against}) vượt quá "
                f"số phiếu hợp lệ ({t.valid})."
            )
    if kind is PollKind.STRIKE_OUT:
        low, high = rules.kept_bounds(seats)
        kept = sum(c.votes for c in t.candidates)
        if kept > t.valid * high:
            return (
                f"Tổng số phiếu bầu cho các ứng cử viên ({kept}) vượt quá số phiếu hợp lệ nhân "
                f"số tên được giữ lại nhiều nhất ({t.valid} × {high})."
            )
        if kept < t.valid * low:
            return (
                f"Tổng số phiếu bầu cho các ứng cử viên ({kept}) ít hơn số phiếu hợp lệ nhân "
                f"số tên phải giữ lại ít nhất ({t.valid} × {low})."
            )
    return None


def paper_counts(kind: PollKind, totals: PaperTotals, candidate_ids: Sequence[int]) -> PollTotals:
    """The paper source from checked figures (candidates left out have 0)."""
    given = {c.candidate_id: c for c in totals.candidates}
    votes = {c: given[c].votes if c in given else 0 for c in candidate_ids}
    against = {c: given[c].against if c in given else 0 for c in candidate_ids}
    choices = (
        {c.value: totals.choices.get(c.value, 0) for c in ResolutionChoice}
        if kind is PollKind.RESOLUTION
        else {}
    )
    return PollTotals(
        issued=totals.issued,
        received=totals.received,
        valid=totals.valid,
        invalid=totals.invalid,
        choices=choices,
        candidates=_candidate_counts(kind, candidate_ids, votes, against),
    )


def add_sources(
    kind: PollKind, sources: Sequence[PollTotals], candidate_ids: Sequence[int]
) -> PollTotals:
    """The result's figures: the sum of its sources."""
    choices = {c.value: 0 for c in ResolutionChoice} if kind is PollKind.RESOLUTION else {}
    votes = {c: 0 for c in candidate_ids}
    against = {c: 0 for c in candidate_ids}
    for s in sources:
        for k, v in s.choices.items():
            choices[k] = choices.get(k, 0) + v
        for c in s.candidates:
            votes[c.candidate_id] += c.votes
            against[c.candidate_id] += c.against
    return PollTotals(
        issued=sum(s.issued for s in sources),
        received=sum(s.received for s in sources),
        valid=sum(s.valid for s in sources),
        invalid=sum(s.invalid for s in sources),
        choices=choices,
        candidates=_candidate_counts(kind, candidate_ids, votes, against),
    )


@dataclass(frozen=True)
class Judgement:
    """What the totals decide against the base."""

    majority: int
    choices: list[ChoiceResult]
    passed: bool | None
    candidates: list[CandidateResult]  # highest first
    elected: list[int]
    ties: list[int]
    another_round: bool


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def judge(
    kind: PollKind,
    total: PollTotals,
    base: int,
    seats: int,
    candidates: Sequence[tuple[int, str]],
    rules: Rules,
) -> Judgement:
    """Who is elected, or whether the motion passes: more than the required share of the
    base; of the candidates above it the highest up to the seats; those tied at the cut-off
    flagged (not elected) for another round."""
    majority = majority_threshold(base, rules)
    if kind is PollKind.RESOLUTION:
        choices = [
            ChoiceResult(
                choice=c,
                label=RESOLUTION_CHOICE_LABELS[c],
                votes=total.choices.get(c.value, 0),
                percent_of_base=_percent(total.choices.get(c.value, 0), base),
                percent_of_valid=_percent(total.choices.get(c.value, 0), total.valid),
            )
            for c in ResolutionChoice
        ]
        yes = total.choices.get(ResolutionChoice.YES.value, 0)
        return Judgement(majority, choices, is_majority(yes, base, rules), [], [], [], False)
    names = dict(candidates)
    order = {cid: i for i, (cid, _) in enumerate(candidates)}
    counts = sorted(total.candidates, key=lambda c: (-c.votes, order[c.candidate_id]))
    above = [c for c in counts if is_majority(c.votes, base, rules)]
    elected: list[int] = []
    ties: list[int] = []
    if len(above) <= seats:
        elected = [c.candidate_id for c in above]
    else:
        cutoff = above[seats - 1].votes
        over = [c.candidate_id for c in above if c.votes > cutoff]
        at = [c.candidate_id for c in above if c.votes == cutoff]
        elected = over
        ties = at  # more at the cut-off than seats left: another round decides between them
    results = [
        CandidateResult(
            candidate_id=c.candidate_id,
            name=names[c.candidate_id],
            votes=c.votes,
            against=c.against,
            percent_of_base=_percent(c.votes, base),
            percent_of_valid=_percent(c.votes, total.valid),
            above_majority=is_majority(c.votes, base, rules),
            elected=c.candidate_id in elected,
            tied=c.candidate_id in ties,
        )
        for c in counts
    ]
    return Judgement(majority, [], None, results, elected, ties, bool(ties))
