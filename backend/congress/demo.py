"""The demo congress (``dangbo seed-demo``, idempotent): a provincial congress with 300
delegates in 15 delegations (invented people: realistic Vietnamese names, kinds, ages, sex,
ethnicities), its bodies assigned to demo users and approved by a show of hands, two sessions
with their agenda, a draft report for the delegates, and speakers and written contributions
on the discussion item.

Demo users added here (no passkey until invited, as the others): ``bantochuc`` (Ban Tổ chức
đại hội, role ``ban_to_chuc``), ``chutich`` (Đoàn Chủ tịch, a delegate), ``daibieu`` and
``daibieu2`` (delegates, role ``dai_bieu``).
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.congress.documents import CongressFiles
from backend.congress.tables import (
    AgendaItemRow,
    BodyApproval,
    BodyMember,
    Congress,
    CongressDocument,
    CongressSessionRow,
    Delegate,
    Speaker,
)
from backend.core.clock import LOCAL_TZ, now, today
from backend.core.services import Services
from backend.documents.pdfgen import PartyDocument, paragraphs_of, render
from backend.orgs.tables import Organisation
from shared.accounts import Role
from shared.congress import (
    APPROVED_BODIES,
    CongressBody,
    CongressKind,
    CongressStatus,
    CredentialStatus,
    DelegateKind,
    ItemStatus,
    SessionStatus,
    SpeakerKind,
    SpeakerStatus,
)

NAME = "Đại hội đại biểu Đảng bộ tỉnh Bắc Ninh lần thứ XXI, nhiệm kỳ 2025–2030"
ORG = "TU"
DELEGATES = 300
EX_OFFICIO = 45  # the outgoing executive committee
ALTERNATES = 10

# (username, full name, organisation, roles)
USERS: list[tuple[str, str, str, list[Role]]] = [
    ("bantochuc", "Vũ Thị Thanh Hương", "BTCTU", [Role.BAN_TO_CHUC, Role.CAN_BO, Role.DANG_VIEN]),
    ("chutich", "Đặng Quốc Khánh", "TU", [Role.DAI_BIEU, Role.CAN_BO, Role.DANG_VIEN]),
    ("daibieu", "Nguyễn Thị Thu Trang", "DBCQD.CB01", [Role.DAI_BIEU, Role.DANG_VIEN]),
    ("daibieu2", "Lê Văn Thắng", "DBCQD.CB01", [Role.DAI_BIEU, Role.DANG_VIEN]),
]
# body → (username, title), in order
BODIES: dict[CongressBody, list[tuple[str, str]]] = {
    CongressBody.ORGANISING: [("bantochuc", "Trưởng ban"), ("canbo2", "Thành viên")],
    CongressBody.PRESIDIUM: [("lanhdao", "Chủ tịch đoàn"), ("chutich", "Thành viên")],
    CongressBody.SECRETARIAT: [("vanthu", "Trưởng Đoàn Thư ký"), ("canbo", "Thành viên")],
    CongressBody.CREDENTIALS: [("canbo2", "Trưởng ban")],
    # Three, so that a secret poll's key ceremony (3 to 5 members) can be tried in the demo.
    CongressBody.COUNTING: [
        ("canbo", "Trưởng ban"),
        ("vanthu", "Thành viên"),
        ("canbo2", "Thành viên"),
    ],
    CongressBody.CHECK_IN: [("canbo", "Tổ trưởng"), ("dangvien", "Thành viên")],
}
# Delegates with an account: số thẻ → username.
LINKED = {"001": "chutich", "002": "lanhdao", "046": "daibieu", "047": "daibieu2"}

# Local government has two levels since 1 July 2025 (tỉnh, xã): no district in the delegations.
DELEGATIONS = [
    "Đoàn Đảng bộ các cơ quan Đảng tỉnh",
    "Đoàn Đảng bộ Ủy ban nhân dân tỉnh",
    "Đoàn Đảng bộ Quân sự tỉnh",
    "Đoàn Đảng bộ Công an tỉnh",
    "Đoàn Đảng bộ phường Kinh Bắc",
    "Đoàn Đảng bộ phường Võ Cường",
    "Đoàn Đảng bộ phường Từ Sơn",
    "Đoàn Đảng bộ phường Thuận Thành",
    "Đoàn Đảng bộ phường Quế Võ",
    "Đoàn Đảng bộ phường Bắc Giang",
    "Đoàn Đảng bộ xã Tiên Du",
    "Đoàn Đảng bộ xã Yên Phong",
    "Đoàn Đảng bộ xã Gia Bình",
    "Đoàn Đảng bộ xã Lương Tài",
]
EXECUTIVE = "Đoàn Ban Chấp hành Đảng bộ tỉnh"
SURNAMES = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi",
            "Đặng", "Ngô", "Dương", "Lý", "Đào", "Trịnh", "Nghiêm", "Chu", "Tạ", "Hà"]  # fmt: skip
MIDDLE = {"nam": ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Tiến", "Công", "Thế"],
          "nu": ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng"]}  # fmt: skip
GIVEN = {
    "nam": ["Hùng", "Dũng", "Tuấn", "Thắng", "Hải", "Long", "Sơn", "Cường", "Quân", "Bình",
            "Trung", "Nam", "Khánh", "Phong", "Toàn", "Thành", "Hưng", "Việt", "Hiếu", "Lâm"],
    "nu": ["Hương", "Lan", "Hà", "Mai", "Thủy", "Hằng", "Nga", "Loan", "Trang", "Yến",
           "Huyền", "Linh", "Phương", "Thảo"],
}  # fmt: skip
ETHNICITIES = ["Kinh"] * 46 + ["Tày", "Nùng", "Sán Dìu", "Mường"]
POSITIONS = ["Bí thư", "Phó Bí thư", "Ủy viên Ban Thường vụ", "Chủ tịch Ủy ban nhân dân",
             "Trưởng ban", "Giám đốc Sở", "Chánh Văn phòng", "Bí thư chi bộ", "Đảng viên",
             "Phó Giám đốc", "Chủ tịch Hội đồng nhân dân"]  # fmt: skip
UNITS = ["Đảng ủy phường", "Đảng ủy xã", "Ủy ban nhân dân xã", "Sở Tài chính",
         "Sở Giáo dục và Đào tạo", "Bệnh viện Đa khoa tỉnh", "Công an tỉnh",
         "Bộ Chỉ huy Quân sự tỉnh", "Trường Chính trị tỉnh", "Văn phòng Tỉnh ủy",
         "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]  # fmt: skip

SESSIONS = [
    ("Phiên trù bị", 0, 8, [
        ("Chào cờ; tuyên bố lý do, giới thiệu đại biểu", "Ban Tổ chức đại hội", 15, False),
        ("Bầu Đoàn Chủ tịch, Đoàn Thư ký, Ban Thẩm tra tư cách đại biểu",
         "Ban Tổ chức đại hội", 20, False),
        ("Thông qua chương trình, quy chế làm việc của đại hội", "Đoàn Chủ tịch", 20, True),
        ("Báo cáo thẩm tra tư cách đại biểu", "Ban Thẩm tra tư cách đại biểu", 20, False),
    ]),
    ("Phiên chính thức thứ nhất", 1, 8, [
        ("Khai mạc đại hội", "Đoàn Chủ tịch", 20, False),
        ("Báo cáo chính trị của Ban Chấp hành Đảng bộ tỉnh", "Đoàn Chủ tịch", 45, False),
        ("Báo cáo kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành nhiệm kỳ 2020–2025",
         "Đoàn Chủ tịch", 30, False),
        ("Thảo luận các văn kiện trình đại hội", "Đoàn Chủ tịch", 120, True),
        ("Phát biểu chỉ đạo của đồng chí đại diện lãnh đạo Trung ương", "", 30, False),
    ]),
]  # fmt: skip
DISCUSSION = "Thảo luận các văn kiện trình đại hội"
# (số thẻ, kind, title, status)
SPEAKERS = [
    ("046", SpeakerKind.SPEECH, "Chuyển đổi số trong các cơ quan đảng", SpeakerStatus.QUEUED),
    ("060", SpeakerKind.SPEECH, "Phát triển công nghiệp hỗ trợ", SpeakerStatus.QUEUED),
    ("075", SpeakerKind.SPEECH, "Xây dựng nông thôn mới nâng cao", SpeakerStatus.QUEUED),
    ("090", SpeakerKind.WRITTEN, "Nâng cao chất lượng sinh hoạt chi bộ", SpeakerStatus.QUEUED),
    ("120", SpeakerKind.WRITTEN, "Công tác cán bộ trẻ, cán bộ nữ", SpeakerStatus.REQUESTED),
]
DRAFT = """Đây là văn bản soạn cho bản trình diễn, không phải văn kiện thật.

Nhiệm kỳ qua, Đảng bộ tỉnh đã lãnh đạo thực hiện thắng lợi các mục tiêu chủ yếu của Nghị quyết đại hội; kinh tế tăng trưởng khá, đời sống nhân dân được nâng lên.

Phương hướng nhiệm kỳ 2025–2030: xây dựng Đảng bộ trong sạch, vững mạnh; đẩy mạnh chuyển đổi số; phát triển kinh tế nhanh và bền vững."""  # noqa: E501


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LOCAL_TZ)


def _person(rng: random.Random) -> tuple[str, str]:
    sex = "nu" if rng.random() < 0.22 else "nam"
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
    return name, sex


def _delegates(congress_id: int, users: dict[str, dict], stamp: datetime) -> list[Delegate]:
    rng = random.Random(2025)
    rows = []
    for number in range(1, DELEGATES + 1):
        code = f"{number:03d}"
        if number <= EX_OFFICIO:
            kind, delegation = DelegateKind.EX_OFFICIO, EXECUTIVE
        else:
            index = number - EX_OFFICIO - 1
            delegation = DELEGATIONS[index % len(DELEGATIONS)]
            alternate = index >= DELEGATES - EX_OFFICIO - ALTERNATES
            kind = DelegateKind.ALTERNATE if alternate else DelegateKind.OFFICIAL
        name, sex = _person(rng)
        username = LINKED.get(code)
        if username:
            name = users[username]["full_name"]
        born = rng.randint(1962, 1992) if kind is not DelegateKind.EX_OFFICIO else rng.randint(
            1962, 1980)  # fmt: skip
        unit = rng.choice(UNITS)
        rows.append(
            Delegate(
                congress=congress_id,
                user=users[username]["id"] if username else None,
                code=code,
                full_name=name,
                kind=kind.value,
                delegation=delegation,
                organisation_name=unit,
                position=rng.choice(POSITIONS),
                birth_year=born,
                sex=sex,
                ethnicity=rng.choice(ETHNICITIES),
                education=rng.choices(["Tiến sĩ", "Thạc sĩ", "Đại học"], [8, 55, 37])[0],
                political_theory=rng.choices(["Cao cấp", "Trung cấp"], [85, 15])[0],
                party_joined_year=min(born + rng.randint(21, 30), today().year),
                # Most reviewed already; the last officials are still pending.
                credential_status=(
                    CredentialStatus.PENDING if 270 <= number < 285 else CredentialStatus.ACCEPTED
                ).value,
                created_at=stamp,
                updated_at=stamp,
            )
        )
    return rows


async def _users() -> dict[str, dict]:
    """The demo users the congress needs (created the first time)."""
    for username, full_name, org_code, roles in USERS:
        if await User.exists().where(User.username == username):
            continue
        org = (
            await Organisation.select(Organisation.id).where(Organisation.code == org_code).first()
        )
        await User.insert(
            User(
                username=username,
                full_name=full_name,
                organisation=org["id"],
                roles=json.dumps(sorted(r.value for r in roles)),
                is_active=False,
                created_at=now(),
            )
        )
    names = {u for members in BODIES.values() for u, _ in members} | set(LINKED.values())
    rows = await User.select(User.id, User.username, User.full_name).where(
        User.username.is_in(sorted(names))
    )
    return {r["username"]: r for r in rows}


async def _agenda(congress_id: int, first_day: date) -> int:
    discussion = 0
    for ordinal, (title, offset, hour, items) in enumerate(SESSIONS, start=1):
        [session] = await CongressSessionRow.insert(
            CongressSessionRow(
                congress=congress_id,
                ordinal=ordinal,
                title=title,
                starts_at=_at(first_day + timedelta(days=offset), hour),
                status=SessionStatus.PLANNED.value,
            )
        ).returning(CongressSessionRow.id)
        for number, (item, presenter, minutes, speaking) in enumerate(items, start=1):
            [row] = await AgendaItemRow.insert(
                AgendaItemRow(
                    congress=congress_id,
                    session=session["id"],
                    ordinal=number,
                    title=item,
                    presenter=presenter,
                    planned_minutes=minutes,
                    status=ItemStatus.WAITING.value,
                    speaking_open=speaking,
                )
            ).returning(AgendaItemRow.id)
            if item == DISCUSSION:
                discussion = row["id"]
    return discussion


async def _bodies(congress_id: int, users: dict[str, dict], stamp: datetime) -> None:
    organiser = users["bantochuc"]["id"]
    for body, members in BODIES.items():
        for position, (username, title) in enumerate(members, start=1):
            await BodyMember.insert(
                BodyMember(
                    congress=congress_id,
                    body=body.value,
                    user=users[username]["id"],
                    title=title,
                    position=position,
                    added_by=organiser,
                    added_at=stamp,
                )
            )
        if body in APPROVED_BODIES:
            await BodyApproval.insert(
                BodyApproval(
                    congress=congress_id,
                    body=body.value,
                    members=json.dumps(sorted(users[u]["id"] for u, _ in members)),
                    proposed_by=organiser,
                    proposed_at=stamp,
                    votes_for=272,
                    votes_against=0,
                    abstentions=1,
                    recorded_by=organiser,
                    recorded_at=stamp,
                )
            )


async def _speakers(congress_id: int, item_id: int, stamp: datetime) -> None:
    codes = [s[0] for s in SPEAKERS]
    ids = {
        d["code"]: d["id"]
        for d in await Delegate.select(Delegate.id, Delegate.code).where(
            (Delegate.congress == congress_id) & Delegate.code.is_in(codes)
        )
    }
    for position, (code, kind, title, status) in enumerate(SPEAKERS, start=1):
        await Speaker.insert(
            Speaker(
                congress=congress_id,
                item=item_id,
                delegate=ids[code],
                kind=kind.value,
                title=title,
                summary=f"Ý kiến về {title.lower()} (nội dung soạn cho bản trình diễn).",
                status=status.value,
                position=position,
                planned_minutes=7 if kind is SpeakerKind.SPEECH else None,
                created_at=stamp,
            )
        )


async def _document(services: Services, congress_id: int, organiser_id: int) -> int:
    if await CongressDocument.exists().where(CongressDocument.congress == congress_id):
        return 0
    org = await Organisation.select().where(Organisation.code == ORG).first()
    actor = Actor(
        id=organiser_id,
        username="bantochuc",
        full_name=USERS[0][1],
        organisation_id=org["id"],
        organisation_code=ORG,
        organisation_name=org["name"],
        roles=USERS[0][3],
        session_id=0,
    )
    pdf = render(
        PartyDocument(
            cap_tren="ĐẢNG BỘ TỈNH BẮC NINH",
            co_quan="BAN CHẤP HÀNH",
            so_ky_hieu="",
            noi_ban_hanh="Bắc Ninh",
            ngay=None,
            loai="DỰ THẢO BÁO CÁO CHÍNH TRỊ",
            trich_yeu="trình Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI (văn bản trình diễn)",
            paragraphs=paragraphs_of(DRAFT),
        )
    )
    await services.get(CongressFiles).upload(
        actor, congress_id, pdf, "du-thao-bao-cao-chinh-tri.pdf", "Dự thảo Báo cáo chính trị"
    )
    return 1


async def seed_congress(services: Services) -> dict[str, int]:
    if not await Organisation.exists().where(Organisation.code == ORG):
        return {"congresses": 0, "congress_delegates": 0}
    stamp = now()
    async with db.transaction():
        users = await _users()
        existing = await Congress.select(Congress.id).where(Congress.name == NAME).first()
        created = 0
        if existing is None:
            first_day = today() + timedelta(days=1)
            org = await Organisation.select(Organisation.id).where(Organisation.code == ORG).first()
            [row] = await Congress.insert(
                Congress(
                    organisation=org["id"],
                    kind=CongressKind.DAI_HOI.value,
                    name=NAME,
                    term="2025–2030",
                    venue="Trung tâm Hội nghị tỉnh",
                    starts_on=first_day,
                    ends_on=first_day + timedelta(days=2),
                    status=CongressStatus.PREPARING.value,
                    created_by=users["bantochuc"]["id"],
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(Congress.id)
            congress_id = row["id"]
            delegates = _delegates(congress_id, users, stamp)
            await Delegate.insert(*delegates)
            await _mark_absences(congress_id, stamp)
            await _bodies(congress_id, users, stamp)
            discussion = await _agenda(congress_id, first_day)
            await _speakers(congress_id, discussion, stamp)
            created = len(delegates)
        else:
            congress_id = existing["id"]
    documents = await _document(services, congress_id, users["bantochuc"]["id"])
    return {
        "congresses": 1 if created else 0,
        "congress_delegates": created,
        "congress_documents": documents,
    }


async def _mark_absences(congress_id: int, stamp: datetime) -> None:
    """Two officials absent throughout: one replaced by the first alternate, one not."""
    rows = {
        d["code"]: d["id"]
        for d in await Delegate.select(Delegate.id, Delegate.code).where(
            (Delegate.congress == congress_id) & Delegate.code.is_in(["100", "150", "291"])
        )
    }
    await Delegate.update(
        {
            Delegate.absent_whole: True,
            Delegate.absence_reason: "Ốm, đang điều trị",
            Delegate.credential_status: CredentialStatus.REPLACED.value,
            Delegate.credential_reason: "Vắng mặt cả đại hội vì ốm",
            Delegate.replaced_by_id: rows["291"],
            Delegate.reviewed_at: stamp,
        }
    ).where(Delegate.id == rows["100"])
    await Delegate.update({Delegate.replaces_id: rows["100"]}).where(Delegate.id == rows["291"])
    await Delegate.update(
        {Delegate.absent_whole: True, Delegate.absence_reason: "Đi công tác nước ngoài"}
    ).where(Delegate.id == rows["150"])
