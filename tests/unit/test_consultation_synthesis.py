"""The synthesis without a database: near-duplicate grouping, themes, the per-unit figures,
and the synthesis rules of the policy table."""

from __future__ import annotations

import random

from backend.consultations import grouping, themes
from backend.consultations.policy import POLICY, ConsultationRecord
from backend.consultations.synthesis import compute
from backend.core.problems import Problem
from shared.accounts import Role
from shared.consultations import ConsultationAction, ConsultationStatus
from tests.policy_support import actor

TEMPLATE = "Đề nghị tăng đầu tư cho giáo dục vùng cao và nông thôn trong nhiệm kỳ tới"


def test_identical_texts_after_folding_case_diacritics_and_punctuation_are_one_group():
    found = grouping.group_texts(
        [TEMPLATE, TEMPLATE.upper() + "!!!", "  de nghi tang dau tu cho giao duc vung cao va "
         "nong thon trong nhiem ky toi.", "Tôi đồng ý", "tôi  đồng ý!"]
    )  # fmt: skip
    assert found.group == [0, 0, 0, 1, 1]
    assert found.sizes == [3, 2] and found.first == [0, 3]


def test_a_template_with_a_word_changed_is_one_group_and_other_texts_are_not():
    variants = [
        TEMPLATE,
        TEMPLATE.replace("nông thôn", "miền núi"),
        TEMPLATE.replace("Đề nghị", "Kiến nghị"),
        TEMPLATE + " ạ",
        TEMPLATE.replace("vùng cao", "vùng sâu vùng xa"),
    ]
    others = [
        "Đề nghị tăng đầu tư cho y tế cơ sở",
        "Cần giảm thủ tục hành chính cho doanh nghiệp nhỏ và vừa",
        "Giáo dục vùng cao cần thêm giáo viên",
    ]
    found = grouping.group_texts(variants + others)
    assert set(found.group[: len(variants)]) == {0}
    assert len(set(found.group[len(variants) :])) == len(others)
    assert 0 not in found.group[len(variants) :]


def test_grouping_is_the_same_whatever_the_order():
    texts = [TEMPLATE, TEMPLATE.replace("nông thôn", "miền núi"), "Một ý khác hẳn về môi trường"]
    a = grouping.group_texts(texts)
    b = grouping.group_texts(list(reversed(texts)))
    assert sorted(a.sizes) == sorted(b.sizes) == [1, 2]


def test_minhash_estimates_the_jaccard_similarity():
    a = grouping.shingles(grouping.normalise(TEMPLATE))
    b = grouping.shingles(grouping.normalise(TEMPLATE.replace("nông thôn", "miền núi")))
    exact = grouping.jaccard(a, b)
    agree = (grouping.signature(a) == grouping.signature(b)).mean()
    assert 0.4 < exact < 0.9
    assert abs(agree - exact) < 0.25


TOPICS = {
    "giáo dục": ["Cần tăng lương cho giáo viên vùng cao", "Trường học vùng cao thiếu giáo viên",
                 "Giáo viên vùng cao cần nhà công vụ", "Đầu tư trường học và giáo viên vùng cao"],
    "môi trường": ["Ô nhiễm môi trường ở khu công nghiệp", "Xử lý rác thải gây ô nhiễm môi trường",
                   "Nước thải khu công nghiệp gây ô nhiễm", "Bảo vệ môi trường sông suối"],
    "thủ tục": ["Thủ tục hành chính còn rườm rà", "Cắt giảm thủ tục hành chính cho dân",
                "Thủ tục hành chính trực tuyến còn lỗi", "Đơn giản hóa thủ tục hành chính"],
}  # fmt: skip


def test_themes_put_comments_on_one_subject_together():
    rng = random.Random(7)
    texts, truth = [], []
    for topic, lines in TOPICS.items():
        for _ in range(12):
            texts.append(rng.choice(lines) + rng.choice(["", " ạ", " nhé", " rất cần"]))
            truth.append(topic)
    clusters = themes.cluster(texts)
    assert 2 <= len(clusters) <= themes.MAX_THEMES
    assert sorted(i for c in clusters for i in c.members) == list(range(len(texts)))
    for c in clusters:
        # Every theme holds one subject only.
        assert len({truth[i] for i in c.members}) == 1, [texts[i] for i in c.members]
        assert c.label
    assert sum(len(c.members) for c in clusters) == len(texts)


def test_few_comments_are_one_theme_and_empty_words_do_not_fail():
    assert themes.cluster([]) == []
    [one] = themes.cluster(["Đồng ý", "Tôi đồng ý"])
    assert sorted(one.members) == [0, 1]
    [only] = themes.cluster(["và", "của", "123"], [3, 1, 1])
    assert only.members[0] == 0 and only.label == ""


def test_compute_counts_a_duplicate_group_once_and_keeps_every_copy_in_its_theme():
    rows = []
    for i in range(7):
        rows.append({"id": i + 1, "unit_key": "u1", "author_token": f"t{i}", "text": TEMPLATE})
    rows.append({"id": 8, "unit_key": "u1", "author_token": "t0", "text": "Ý kiến riêng"})
    rows.append({"id": 9, "unit_key": None, "author_token": "t1", "text": TEMPLATE})
    figures = compute(rows)
    assert figures.distinct == 2 and figures.authors == 7 and figures.campaigns == 1
    comments, distinct, groups, unit_themes = figures.units["u1"]
    assert (comments, distinct) == (8, 2)
    assert [(g.comments, g.authors, g.campaign) for g in groups] == [(7, 7, True)]
    assert sum(t.comments for t in unit_themes) == 8
    assert figures.units[None][:2] == (1, 1)


def test_only_the_editors_synthesize_and_publish_after_the_end():
    editor, citizen = actor(Role.BIEN_TAP), actor(Role.CONG_DAN)
    open_, closed = (
        ConsultationRecord(1, ConsultationStatus.OPEN),
        ConsultationRecord(1, ConsultationStatus.CLOSED),
    )
    for action in (ConsultationAction.SYNTHESIZE, ConsultationAction.EXPORT):
        assert POLICY.allows(action, editor, open_)
        assert not POLICY.allows(action, citizen, closed)
    publish = ConsultationAction.PUBLISH_EXPLANATIONS
    assert POLICY.allows(publish, editor, closed)
    assert not POLICY.allows(publish, citizen, closed)
    try:
        POLICY.require(publish, editor, open_)
    except Problem as refused:
        assert refused.status_code == 409
    else:
        raise AssertionError("published while open")
    assert publish in POLICY.actions(editor, closed)
    assert publish not in POLICY.actions(editor, open_)
