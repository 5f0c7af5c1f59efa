"""Demo data (``dangbo seed-demo``, idempotent): the draft political report the project ships
(``texts/du-thao-bao-cao-chinh-tri.txt``, written for the demo and saying so), opened to
comments for a month from a week ago, with simulator citizens (enrolled as a VNeID sign-in
enrols them, made-up numbers) and a few hundred generated comments and votes, some of them
near-duplicates of one another (a campaign) for the synthesis to group.

Also the tổ biên tập's demo account ``bientap`` (enrolled like the other demo users).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from backend import db
from backend.accounts.tables import User
from backend.citizens import consent
from backend.citizens.identity import VneidIdentity
from backend.citizens.keys import CitizenKeys
from backend.citizens.registry import CitizenRegistry
from backend.citizens.tables import Citizen
from backend.consultations import indexing
from backend.consultations.drafting import write_version
from backend.consultations.tables import Comment, Consultation, Draft, UnitVote
from backend.consultations.units import read_units
from backend.core.clock import now
from backend.core.services import Services
from backend.orgs.tables import Organisation
from shared.accounts import Role
from shared.consultations import CommentStatus, SourceKind, TargetKind, VoteChoice

TEXTS = Path(__file__).parent / "texts"
DRAFT_TITLE = "Dự thảo Báo cáo chính trị Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI"
CONSULTATION_TITLE = "Lấy ý kiến Nhân dân vào Dự thảo Báo cáo chính trị nhiệm kỳ 2025 – 2030"
EDITOR = ("bientap", "Vũ Thị Mai", "VPTU", [Role.BIEN_TAP, Role.CAN_BO])
CITIZENS = 60
COMMUNES = [
    "Phường Kinh Bắc", "Phường Võ Cường", "Phường Từ Sơn", "Xã Tiên Du", "Xã Yên Phong",
    "Xã Gia Bình", "Xã Lương Tài", "Phường Bắc Giang",
]  # fmt: skip
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khoa", "Lan", "Long",
         "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn"]  # fmt: skip

# What citizens say, by a few words of the unit they comment on.
REMARKS: dict[str, list[str]] = {
    "Kinh tế của tỉnh duy trì": [
        "Nên so sánh thêm với các tỉnh trong vùng để thấy rõ vị trí của tỉnh.",
        "Con số 7,2% cần ghi rõ theo giá so sánh năm nào.",
        "Tăng trưởng khá nhưng thu nhập của người lao động tăng chậm, đề nghị đánh giá thêm.",
    ],
    "Ba khu công nghiệp mới": [
        "Cần nói rõ số việc làm cho lao động địa phương mà các khu công nghiệp tạo ra.",
        "Khu công nghiệp mới gây ùn tắc giao thông giờ tan ca, đề nghị có giải pháp.",
    ],
    "Công tác giảm nghèo đạt": [
        "Một số hộ thoát nghèo nhưng chưa bền vững, dễ tái nghèo khi thiên tai.",
        "Nên bổ sung kết quả hỗ trợ nhà ở cho hộ nghèo.",
    ],
    "Hạ tầng viễn thông phủ sóng": [
        "Ở thôn tôi sóng điện thoại vẫn chập chờn, nhất là mùa mưa.",
        "Người cao tuổi chưa biết dùng dịch vụ công trực tuyến, cần có người hướng dẫn tận nơi.",
        "Đề nghị nói rõ kế hoạch nâng cao kỹ năng số cho người dân vùng sâu.",
    ],
    "Công tác bảo vệ môi trường ở một số": [
        "Ô nhiễm ở làng nghề tái chế kéo dài nhiều năm, đề nghị nêu rõ trách nhiệm.",
        "Cần nêu tên cụ thể các làng nghề ô nhiễm nặng và thời hạn xử lý.",
    ],
    "Xây dựng Đảng bộ và hệ thống chính trị trong sạch": [
        "Mục tiêu tổng quát nên ngắn gọn hơn, dễ nhớ với người dân.",
        "Đề nghị làm rõ thế nào là tỉnh khá của khu vực.",
    ],
    "Thu nhập bình quân đầu người": [
        "Chỉ tiêu 150 triệu đồng là thấp so với tiềm năng của tỉnh.",
        "Nên có chỉ tiêu riêng về thu nhập ở khu vực nông thôn.",
    ],
    "Tỷ lệ hộ nghèo theo chuẩn đa chiều giảm": [
        "Giảm 0,5% mỗi năm là phù hợp khi tỷ lệ hộ nghèo đã thấp.",
    ],
    "100% trạm y tế xã": [
        "Rất đồng tình, nhưng cần chính sách thu hút bác sĩ về xã.",
        "Nên thêm chỉ tiêu về khám sức khỏe định kỳ cho người cao tuổi.",
    ],
    "Phổ cập kỹ năng số cho người dân": [
        "Tổ công nghệ số cộng đồng cần được hỗ trợ kinh phí để hoạt động thường xuyên.",
        "Nên phối hợp với nhà trường để học sinh hướng dẫn ông bà, cha mẹ dùng điện thoại.",
    ],
    "Bảo đảm an toàn, an ninh mạng": [
        "Đề nghị quy định rõ việc xử lý khi để lộ dữ liệu cá nhân của người dân.",
        "Người dân hay bị gọi điện lừa đảo, cần tuyên truyền nhiều hơn.",
    ],
    "Xử lý dứt điểm ô nhiễm": [
        "Cần có mốc thời gian cụ thể, ví dụ trước năm 2027.",
        "Đề nghị công khai kết quả quan trắc môi trường cho người dân được biết.",
    ],
    "Xây dựng đội ngũ cán bộ, nhất là": [
        "Cần có cơ chế bảo vệ cán bộ dám nghĩ, dám làm.",
        "Nên đánh giá cán bộ bằng kết quả cụ thể và sự hài lòng của người dân.",
    ],
    "Phát huy quyền làm chủ của Nhân dân": [
        "Việc lấy ý kiến trực tuyến như thế này rất thiết thực, mong được duy trì.",
    ],
}
WHOLE_DRAFT = [
    "Dự thảo viết rõ ràng, dễ hiểu, tôi cơ bản đồng tình.",
    "Đề nghị rút gọn phần đánh giá, dành nhiều dung lượng hơn cho giải pháp.",
    "Nên có phụ lục số liệu để người dân đối chiếu.",
    "Cần nhấn mạnh hơn vai trò của thanh niên trong chuyển đổi số.",
]
# A campaign: one text sent by many accounts, with small changes.
CAMPAIGN_UNIT = "Thu nhập bình quân đầu người"
CAMPAIGN = "Đề nghị nâng chỉ tiêu thu nhập bình quân đầu người đến năm 2030 lên 180 triệu đồng."
CAMPAIGN_VARIANTS = [
    CAMPAIGN,
    CAMPAIGN.replace("Đề nghị", "Tôi đề nghị"),
    CAMPAIGN.replace(".", "!"),
    CAMPAIGN.lower(),
    CAMPAIGN.replace("180 triệu đồng", "180 triệu"),
]


async def _editor() -> int | None:
    username, full_name, org_code, roles = EDITOR
    found = await User.select(User.id).where(User.username == username).first()
    if found is not None:
        return found["id"]
    org = await Organisation.select(Organisation.id).where(Organisation.code == org_code).first()
    if org is None:
        return None
    [row] = await User.insert(
        User(
            username=username,
            full_name=full_name,
            organisation=org["id"],
            roles=json.dumps(sorted(r.value for r in roles)),
            is_active=False,
            created_at=now(),
        )
    ).returning(User.id)
    return row["id"]


async def _citizens(registry: CitizenRegistry, rng: random.Random) -> list[int]:
    users = []
    for n in range(CITIZENS):
        born = date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28))
        identity = VneidIdentity(
            pid=f"0999{n:08d}",  # made up: no real number starts with 0999
            full_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            birth_date=born,
            account_level=2,
            province="Bắc Ninh",
            commune=rng.choice(COMMUNES),
        )
        user_id, _ = await registry.enroll(identity)
        users.append(user_id)
    await Citizen.update(
        {Citizen.consent_version: consent.VERSION, Citizen.consent_at: now()}
    ).where(Citizen.user.is_in(users))
    return users


def _find(units, words: str):
    return next(u for u in units if words in u.text or words in u.title)


async def seed_consultations(services: Services) -> dict[str, int]:
    if await Consultation.exists().where(Consultation.title == CONSULTATION_TITLE):
        return {"consultations": 0}
    # The demo's comments must come out the same every time (the synthesis demo reads them).
    rng = random.Random(2025)  # noqa: S311  (demo data, not a secret)
    keys = services.get(CitizenKeys)
    registry = services.get(CitizenRegistry)
    text = (TEXTS / "du-thao-bao-cao-chinh-tri.txt").read_text(encoding="utf-8")
    units = read_units(text)
    for number, unit in enumerate(units, start=1):
        unit.key = f"u{number}"
    stamp = now()
    async with db.transaction():
        editor = await _editor()
        [draft] = await Draft.insert(
            Draft(
                title=DRAFT_TITLE,
                summary="Bản dự thảo trình diễn, viết cho ứng dụng.",
                current_version=1,
                next_key=len(units) + 1,
                created_by=editor,
                created_at=stamp - timedelta(days=8),
                updated_at=stamp - timedelta(days=8),
            )
        ).returning(Draft.id)
        # The drafting service's own writer, so the demo's version is like any other.
        await write_version(
            draft["id"], 1, SourceKind.TEXT, text, "", units, {}, stamp - timedelta(days=8), editor
        )
        [consultation] = await Consultation.insert(
            Consultation(
                draft=draft["id"],
                title=CONSULTATION_TITLE,
                description=(
                    "Mời Nhân dân đọc và góp ý vào từng phần, từng đoạn của dự thảo. "
                    "Ý kiến được hiển thị dưới bí danh, không kèm họ tên."
                ),
                opens_at=stamp - timedelta(days=7),
                closes_at=stamp + timedelta(days=30),
                status="",
                keep_after_erasure=True,
                created_by=editor,
                created_at=stamp - timedelta(days=7),
            )
        ).returning(Consultation.id)
        cid = consultation["id"]
        citizens = await _citizens(registry, rng)
        facts = {
            r["user"]: r
            for r in await Citizen.select(
                Citizen.user, Citizen.age_band, Citizen.province, Citizen.commune
            ).where(Citizen.user.is_in(citizens))
        }
        tokens = {u: await keys.author_token(u, f"consultation:{cid}") for u in citizens}
        comments = _comments(rng, units, citizens, tokens, facts, cid, stamp)
        for start in range(0, len(comments), 200):
            await Comment.insert(*comments[start : start + 200])
        for row in await Comment.select(Comment.id, Comment.text, Comment.quote).where(
            Comment.consultation == cid
        ):
            await indexing.index_comment(row["id"], cid, row["text"], row["quote"])
        votes = _votes(rng, units, citizens, tokens, facts, cid, stamp)
        for start in range(0, len(votes), 200):
            await UnitVote.insert(*votes[start : start + 200])
    return {
        "drafts": 1,
        "draft_units": len(units),
        "consultations": 1,
        "citizens": len(citizens),
        "comments": len(comments),
        "unit_votes": len(votes),
    }


def _comments(rng, units, citizens, tokens, facts, cid, stamp) -> list[Comment]:
    rows: list[Comment] = []

    def add(user: int, unit, text: str, quote: tuple[str, int, int] | None = None) -> None:
        fact = facts[user]
        target = TargetKind.DRAFT if unit is None else (
            TargetKind.PASSAGE if quote else TargetKind.UNIT
        )  # fmt: skip
        rows.append(
            Comment(
                consultation=cid,
                target=target.value,
                unit_key=None if unit is None else unit.key,
                version_seen=1,
                quote=quote[0] if quote else None,
                quote_start=quote[1] if quote else None,
                quote_end=quote[2] if quote else None,
                author_token=tokens[user],
                age_band=fact["age_band"],
                province=fact["province"] or None,
                commune=fact["commune"] or None,
                text=text,
                status=CommentStatus.VISIBLE.value,
                created_at=stamp - timedelta(days=7) + timedelta(minutes=rng.randint(0, 7 * 1440)),
            )
        )

    for words, remarks in REMARKS.items():
        unit = _find(units, words)
        for remark in remarks:
            for user in rng.sample(citizens, rng.randint(4, 9)):
                add(user, unit, remark if rng.random() < 0.5 else _reworded(rng, remark))
    # Passages: a figure quoted from its paragraph.
    for words, figure, remark in (
        ("Kinh tế của tỉnh duy trì", "7,2%", "Số liệu này cần được kiểm tra lại."),
        ("Kinh tế số chiếm", "25%", "Tỷ lệ 25% là quá cao so với hiện nay."),
    ):
        unit = _find(units, words)
        start = unit.text.index(figure)
        for user in rng.sample(citizens, 6):
            add(user, unit, remark, (figure, start, start + len(figure)))
    for remark in WHOLE_DRAFT:
        for user in rng.sample(citizens, rng.randint(5, 10)):
            add(user, None, remark)
    campaign = _find(units, CAMPAIGN_UNIT)
    for user in rng.sample(citizens, 30):
        add(user, campaign, rng.choice(CAMPAIGN_VARIANTS))
    rows.sort(key=lambda c: c.created_at)
    return rows


def _reworded(rng: random.Random, remark: str) -> str:
    openers = ["Theo tôi, ", "Tôi thấy ", "Góp ý: ", "Xin góp ý: "]
    return rng.choice(openers) + remark[0].lower() + remark[1:]


def _votes(rng, units, citizens, tokens, facts, cid, stamp) -> list[UnitVote]:
    rows = []
    votable = [u for u in units if u.text]
    for user in citizens:
        for unit in rng.sample(votable, rng.randint(2, 8)):
            fact = facts[user]
            choice = VoteChoice.AGREE if rng.random() < 0.75 else VoteChoice.DISAGREE
            at = stamp - timedelta(minutes=rng.randint(0, 7 * 1440))
            rows.append(
                UnitVote(
                    consultation=cid,
                    unit_key=unit.key,
                    author_token=tokens[user],
                    choice=choice.value,
                    age_band=fact["age_band"],
                    province=fact["province"] or None,
                    commune=fact["commune"] or None,
                    created_at=at,
                    updated_at=at,
                )
            )
    return rows
