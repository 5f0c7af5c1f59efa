"""From the decrypted counts per ballot position to the polls' figures (the electronic
source), and the result judged by the polls' counting rules with the paper figures added: what
the server stores and what ``verify-tally`` recomputes, by the same code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from backend.polls import counting
from shared.polls import (
    CandidateCount,
    PaperTotals,
    PollKind,
    PollSource,
    PollTotals,
    ResolutionChoice,
    SourceCount,
)


def electronic_totals(
    kind: PollKind, counts: Sequence[int], ballots: int, candidate_ids: Sequence[int]
) -> PollTotals:
    """Resolution: yes, no, abstain; strike-out: names kept per candidate; as many candidates
    as seats: (đồng ý, không đồng ý) per candidate. Every cast ballot is valid (its proofs)."""
    choices: dict[str, int] = {}
    given: list[CandidateCount] = []
    if kind is PollKind.RESOLUTION:
        choices = {c.value: counts[i] for i, c in enumerate(ResolutionChoice)}
    elif kind is PollKind.STRIKE_OUT:
        given = [
            CandidateCount(candidate_id=c, votes=counts[i]) for i, c in enumerate(candidate_ids)
        ]
    else:
        given = [
            CandidateCount(candidate_id=c, votes=counts[2 * i], against=counts[2 * i + 1])
            for i, c in enumerate(candidate_ids)
        ]
    figures = PaperTotals(
        issued=ballots,
        received=ballots,
        not_returned=0,
        valid=ballots,
        invalid=0,
        choices=choices,
        candidates=given,
    )
    return counting.paper_counts(kind, figures, candidate_ids)


def judged(
    kind: PollKind,
    electronic: PollTotals,
    paper: PollTotals | None,
    base: int,
    seats: int,
    candidates: Sequence[tuple[int, str]],
    rules: Mapping,
) -> dict:
    """The result's figures and judgement as the board publishes them (``result``)."""
    ids = [c for c, _ in candidates]
    sources = [electronic] + ([paper] if paper is not None else [])
    total = counting.add_sources(kind, sources, ids)
    judgement = counting.judge(kind, total, base, seats, candidates, counting.rules_from(rules))
    return msgspec.to_builtins(
        {
            "base": base,
            "majority": judgement.majority,
            "total": total,
            "choices": judgement.choices,
            "passed": judgement.passed,
            "candidates": judgement.candidates,
            "elected": judgement.elected,
            "ties": judgement.ties,
        }
    )


def source_of(totals: PollTotals, source: PollSource) -> SourceCount:
    return SourceCount(**msgspec.structs.asdict(totals), source=source)
