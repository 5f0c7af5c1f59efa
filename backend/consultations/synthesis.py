"""The synthesis of a consultation (tổ biên tập): per unit, the visible comments, each
duplicate group counted once, agree and disagree, themes with representative comments, and
the giải trình beside them.

Computed on demand, not stored: the figures follow moderation at once (a hidden comment
leaves them), and 100,000 comments take a few seconds (``docs/performance.md``). The work
that is not a query (grouping, TF-IDF, k-means) runs in a worker thread, so the API's event
loop keeps serving meanwhile; at most ``PARALLEL`` syntheses run at once in a process.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import anyio
from threadpoolctl import threadpool_limits

from backend.accounts.identity import Actor
from backend.citizens.keys import CitizenKeys
from backend.consultations import grouping, themes
from backend.consultations.gathering import (
    consultation_for,
    label_of,
    unit_labels,
    visible_comments,
)
from backend.consultations.policy import POLICY
from backend.consultations.tables import Comment, UnitExplanation, UnitVote
from backend.core.clock import now
from shared.consultations import (
    CAMPAIGN_MIN_AUTHORS,
    CommentStatus,
    ConsultationAction,
    ConsultationSynthesis,
    Decision,
    DuplicateGroup,
    ExplanationView,
    Theme,
    ThemeComment,
    UnitSynthesis,
    VoteChoice,
)

PARALLEL = 2
GROUPS_SHOWN = 10
_limiter = anyio.CapacityLimiter(PARALLEL)


@dataclass(frozen=True)
class Figures:
    """What the computation gives back, before the unit labels and explanations join it."""

    distinct: int
    authors: int
    campaigns: int
    units: dict[str | None, tuple[int, int, list[DuplicateGroup], list[Theme]]]


def compute(rows: list[dict]) -> Figures:
    """Group, count and cluster the visible comments (``id``, ``unit_key``, ``author_token``,
    ``text``, in id order). Pure: no database, no clock. One BLAS/OpenMP thread: the work is
    many small matrices, where more threads cost more than they give, and the API's event
    loop keeps the other core."""
    with threadpool_limits(limits=1):
        return _compute(rows)


def _compute(rows: list[dict]) -> Figures:
    found = grouping.group_texts([r["text"] for r in rows])
    authors_of: dict[int, set[str]] = defaultdict(set)
    for r, g in zip(rows, found.group, strict=True):
        authors_of[g].add(r["author_token"])
    campaigns = sum(1 for a in authors_of.values() if len(a) >= CAMPAIGN_MIN_AUTHORS)
    by_unit: dict[str | None, list[int]] = defaultdict(list)
    for index, r in enumerate(rows):
        by_unit[r["unit_key"]].append(index)
    units: dict[str | None, tuple[int, int, list[DuplicateGroup], list[Theme]]] = {}
    for key, indexes in by_unit.items():
        sizes = Counter(found.group[i] for i in indexes)
        unit_authors: dict[int, set[str]] = defaultdict(set)
        first: dict[int, int] = {}
        for i in indexes:
            g = found.group[i]
            unit_authors[g].add(rows[i]["author_token"])
            first.setdefault(g, i)
        groups = [
            DuplicateGroup(
                text=rows[first[g]]["text"],
                comments=n,
                authors=len(unit_authors[g]),
                campaign=len(unit_authors[g]) >= CAMPAIGN_MIN_AUTHORS,
            )
            for g, n in sizes.most_common()
            if n >= 2
        ][:GROUPS_SHOWN]
        order = list(first)  # the groups of the unit, by their first comment
        clusters = themes.cluster(
            [rows[first[g]]["text"] for g in order], [sizes[g] for g in order]
        )
        unit_themes = []
        for c in clusters:
            members = [order[m] for m in c.members]
            unit_themes.append(
                Theme(
                    label=c.label,
                    comments=sum(sizes[g] for g in members),
                    distinct=len(members),
                    representatives=[
                        ThemeComment(
                            id=rows[first[g]]["id"],
                            author=CitizenKeys.pseudonym(rows[first[g]]["author_token"]),
                            text=rows[first[g]]["text"],
                            group_size=sizes[g],
                        )
                        for g in members[: themes.REPRESENTATIVES]
                    ],
                )
            )
        units[key] = (len(indexes), len(sizes), groups, unit_themes)
    return Figures(
        distinct=found.count,
        authors=len({r["author_token"] for r in rows}),
        campaigns=campaigns,
        units=units,
    )


def explanation_view(row: dict) -> ExplanationView:
    return ExplanationView(
        unit_key=row["unit_key"],
        decision=Decision(row["decision"]),
        reason=row["reason"],
        published=row["published"],
        decided_at=row["decided_at"],
    )


async def vote_counts(consultation_id: int) -> dict[str, tuple[int, int]]:
    rows = await UnitVote.raw(
        'SELECT "unit_key", "choice", COUNT(*) AS "n" FROM "unit_vote" '
        'WHERE "consultation" = {} GROUP BY "unit_key", "choice"',
        consultation_id,
    )
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        votes[r["unit_key"]][0 if r["choice"] == VoteChoice.AGREE.value else 1] += r["n"]
    return {k: (a, d) for k, (a, d) in votes.items()}


async def status_counts(consultation_id: int) -> dict[str, int]:
    rows = await Comment.raw(
        'SELECT "status", COUNT(*) AS "n" FROM "comment" WHERE "consultation" = {} '
        'GROUP BY "status"',
        consultation_id,
    )
    return {r["status"]: r["n"] for r in rows}


class Synthesis:
    async def build(
        self,
        actor: Actor,
        consultation_id: int,
        action: ConsultationAction = ConsultationAction.SYNTHESIZE,
    ) -> ConsultationSynthesis:
        """The synthesis, for an actor the ``action``'s rule allows (the exports: ``export``)."""
        row, record = await consultation_for(actor, consultation_id, action)
        draft_title, version, labels = await unit_labels(row["draft"])
        rows = await visible_comments(
            consultation_id, Comment.id, Comment.unit_key, Comment.author_token, Comment.text
        )
        votes = await vote_counts(consultation_id)
        statuses = await status_counts(consultation_id)
        explanations = {
            e["unit_key"]: explanation_view(e)
            for e in await UnitExplanation.select().where(
                UnitExplanation.consultation == consultation_id
            )
        }
        figures = await anyio.to_thread.run_sync(compute, rows, limiter=_limiter)
        keys: set[str | None] = set(figures.units) | set(votes) | set(explanations)
        units = []
        for key in keys:
            label, position = label_of(labels, key)
            comments, distinct, groups, unit_themes = figures.units.get(key, (0, 0, [], []))
            agree, disagree = votes.get(key, (0, 0)) if key is not None else (0, 0)
            units.append(
                UnitSynthesis(
                    key=key,
                    label=label,
                    position=position,
                    comments=comments,
                    distinct=distinct,
                    agree=agree,
                    disagree=disagree,
                    groups=groups,
                    themes=unit_themes,
                    explanation=explanations.get(key) if key is not None else None,
                )
            )
        units.sort(key=lambda u: (u.position, u.key or ""))
        return ConsultationSynthesis(
            consultation_id=consultation_id,
            title=row["title"],
            draft_title=draft_title,
            status=record.status,
            version=version,
            opens_at=row["opens_at"],
            closes_at=row["closes_at"],
            generated_at=now(),
            comments=len(rows),
            distinct=figures.distinct,
            authors=figures.authors,
            votes=sum(a + d for a, d in votes.values()),
            hidden=statuses.get(CommentStatus.HIDDEN.value, 0),
            withdrawn=statuses.get(CommentStatus.WITHDRAWN.value, 0),
            campaigns=figures.campaigns,
            units=units,
            actions=POLICY.actions(actor, record),
        )
