"""Aggregated results of a module: completion per chi bộ (members exempt from sinh hoạt left
out, as the study is not required of them), the average score and how each question went.
Individual scores stay with each member; a chi bộ's cấp ủy sees who has completed."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace

from backend.accounts.identity import Actor
from backend.core.problems import Problem
from backend.members.tables import PartyMember
from backend.orgs.positions import committee_above, place_of
from backend.orgs.services import descendant_ids
from backend.orgs.tables import Organisation
from backend.study.policy import POLICY
from backend.study.records import seen_module
from backend.study.tables import StudyAttempt, StudyQuestion
from shared.orgs import OrgKind
from shared.study import (
    ChiBoCompletion,
    Completion,
    MemberCompletion,
    ModuleResults,
    QuestionFigure,
    StudyAction,
)


def completion(required: int, completed: int) -> Completion:
    rate = round(100 * completed / required, 1) if required else 0.0
    return Completion(required=required, completed=completed, rate=rate)


async def results(actor: Actor, module_id: int, organisation_id: int | None) -> ModuleResults:
    seen = await seen_module(actor, module_id)
    target = organisation_id or seen.scope.organisation_id
    if target not in seen.scope.organisations:
        raise Problem(422, "Tổ chức này không thuộc phạm vi của chuyên đề.", code="out_of_scope")
    place = await place_of(target)
    oversees = seen.standing.on_committee(target) or committee_above(seen.standing, place)
    record = replace(seen.record, oversees=oversees)
    POLICY.require(StudyAction.VIEW_RESULTS, actor, record)
    under = await descendant_ids(target)
    chi_bo = await Organisation.select(Organisation.id, Organisation.name, Organisation.kind).where(
        Organisation.id.is_in(list(under)) & (Organisation.kind == OrgKind.CHI_BO.value)
    )
    members = await PartyMember.select(
        PartyMember.id, PartyMember.ho_ten, PartyMember.organisation, PartyMember.mien_sinh_hoat
    ).where(PartyMember.organisation.is_in([c["id"] for c in chi_bo] or [0]))
    # Every attempt of the module, kept when its member is under the organisation asked
    # (an IN over a province's members would pass the engines' parameter limits).
    member_ids = {m["id"] for m in members}
    attempts = [
        a
        for a in await StudyAttempt.select().where(StudyAttempt.module == module_id)
        if a["member"] in member_ids
    ]
    done = {a["member"] for a in attempts}
    required = [m for m in members if not m["mien_sinh_hoat"]]
    per_chi_bo: dict[int, list] = defaultdict(list)
    for m in required:
        per_chi_bo[m["organisation"]].append(m)
    questions = (
        await StudyQuestion.select()
        .where(StudyQuestion.module == module_id)
        .order_by(StudyQuestion.position)
    )
    right: dict[int, int] = defaultdict(int)
    for attempt in attempts:
        answers = attempt["answers"]
        answers = json.loads(answers) if isinstance(answers, str) else answers
        for question, chosen in zip(questions, answers, strict=False):
            right[question["id"]] += chosen == question["correct"]
    scored = [a["score"] / a["total"] for a in attempts if a["total"]]
    one_chi_bo = len(chi_bo) == 1 and chi_bo[0]["id"] == target
    return ModuleResults(
        module_id=module_id,
        title=seen.row["title"],
        completion=completion(len(required), sum(1 for m in required if m["id"] in done)),
        average_score=round(100 * sum(scored) / len(scored), 1) if scored else 0.0,
        questions=[
            QuestionFigure(
                question_id=q["id"],
                text=q["text"],
                correct_rate=round(100 * right[q["id"]] / len(attempts), 1) if attempts else 0.0,
            )
            for q in questions
        ],
        chi_bo=[
            ChiBoCompletion(
                organisation_id=c["id"],
                name=c["name"],
                completion=completion(
                    len(per_chi_bo[c["id"]]),
                    sum(1 for m in per_chi_bo[c["id"]] if m["id"] in done),
                ),
            )
            for c in sorted(chi_bo, key=lambda c: c["name"])
        ],
        members=[
            MemberCompletion(member_id=m["id"], ho_ten=m["ho_ten"], completed=m["id"] in done)
            for m in sorted(required, key=lambda m: m["ho_ten"])
        ]
        if one_chi_bo and oversees
        else [],
    )
