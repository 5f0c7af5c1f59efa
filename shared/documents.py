"""Documents (văn bản): the register, processing workflow and search — the API contract.

Party documents follow Hướng dẫn 36-HD/VPTW: "Số 15-KH/TU" is the number, the type abbreviation
(KH = Kế hoạch) and the issuing body (TU = Tỉnh ủy). The tables of abbreviations here are what
the API accepts; :func:`parse_so_ky_hieu` explains in Vietnamese what is wrong with a bad one.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import date, datetime
from typing import Annotated

import msgspec


class Direction(enum.StrEnum):
    DEN = "den"  # văn bản đến (incoming)
    DI = "di"  # văn bản đi (outgoing)


class DoKhan(enum.StrEnum):
    THUONG = "thuong"
    KHAN = "khan"
    THUONG_KHAN = "thuong_khan"
    HOA_TOC = "hoa_toc"


DO_KHAN_LABELS: dict[DoKhan, str] = {
    DoKhan.THUONG: "Thường",
    DoKhan.KHAN: "Khẩn",
    DoKhan.THUONG_KHAN: "Thượng khẩn",
    DoKhan.HOA_TOC: "Hỏa tốc",
}

# Lower sorts first in the inbox: hỏa tốc before thượng khẩn before khẩn before thường.
URGENCY_RANK: dict[DoKhan, int] = {
    DoKhan.HOA_TOC: 0,
    DoKhan.THUONG_KHAN: 1,
    DoKhan.KHAN: 2,
    DoKhan.THUONG: 3,
}


class DoMat(enum.StrEnum):
    """Classification. Only ``khong`` may be stored: the others are state secrets."""

    KHONG = "khong"
    MAT = "mat"
    TOI_MAT = "toi_mat"
    TUYET_MAT = "tuyet_mat"


class DocumentStatus(enum.StrEnum):
    # incoming
    MOI = "moi"
    CHO_PHAN_CONG = "cho_phan_cong"  # the văn thư has put it before the lãnh đạo (trình)
    DA_PHAN_CONG = "da_phan_cong"
    DANG_XU_LY = "dang_xu_ly"
    HOAN_THANH = "hoan_thanh"
    # outgoing
    DU_THAO = "du_thao"
    CHO_KY = "cho_ky"
    DA_KY = "da_ky"
    DA_PHAT_HANH = "da_phat_hanh"


STATUS_LABELS: dict[DocumentStatus, str] = {
    DocumentStatus.MOI: "Mới đến",
    DocumentStatus.CHO_PHAN_CONG: "Chờ phân công",
    DocumentStatus.DA_PHAN_CONG: "Đã phân công",
    DocumentStatus.DANG_XU_LY: "Đang xử lý",
    DocumentStatus.HOAN_THANH: "Hoàn thành",
    DocumentStatus.DU_THAO: "Dự thảo",
    DocumentStatus.CHO_KY: "Chờ ký",
    DocumentStatus.DA_KY: "Đã ký",
    DocumentStatus.DA_PHAT_HANH: "Đã phát hành",
}


class AssignmentRole(enum.StrEnum):
    XU_LY_CHINH = "xu_ly_chinh"
    PHOI_HOP = "phoi_hop"
    DE_BIET = "de_biet"


ASSIGNMENT_ROLE_LABELS: dict[AssignmentRole, str] = {
    AssignmentRole.XU_LY_CHINH: "Xử lý chính",
    AssignmentRole.PHOI_HOP: "Phối hợp",
    AssignmentRole.DE_BIET: "Để biết",
}


class AssignmentStatus(enum.StrEnum):
    CHO_XU_LY = "cho_xu_ly"
    DANG_XU_LY = "dang_xu_ly"
    HOAN_THANH = "hoan_thanh"


ASSIGNMENT_STATUS_LABELS: dict[AssignmentStatus, str] = {
    AssignmentStatus.CHO_XU_LY: "Chờ xử lý",
    AssignmentStatus.DANG_XU_LY: "Đang xử lý",
    AssignmentStatus.HOAN_THANH: "Đã xong",
}


class FileRole(enum.StrEnum):
    ORIGINAL = "original"
    SIGNED = "signed"
    ATTACHMENT = "attachment"


# Thể loại văn bản của Đảng (Hướng dẫn 36-HD/VPTW) → tên. "QĐ" is used by both Quyết định and
# Quy định in current practice (e.g. Quy định 399-QĐ/TW); "QĐi" is the older Quy định form.
DOCUMENT_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "TT": "Thông tri",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "PA": "Phương án",
    "BB": "Biên bản",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "NQLT": "Nghị quyết liên tịch",
    "TTLT": "Thông tri liên tịch",
    "HDLT": "Hướng dẫn liên tịch",
    "KHLT": "Kế hoạch liên tịch",
    "TBLT": "Thông báo liên tịch",
    "BCLT": "Báo cáo liên tịch",
}

# Cơ quan ban hành (the part after "/"): central bodies, the provincial committee and its
# advisory bodies, Party committees below it. A body may add its unit after a hyphen
# ("120-CV/VPTU-PTH").
ISSUING_BODIES: dict[str, str] = {
    "TW": "Ban Chấp hành Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "BNCTW": "Ban Nội chính Trung ương",
    "BCSĐ": "Ban cán sự đảng",
    "TU": "Tỉnh ủy",
    "VPTU": "Văn phòng Tỉnh ủy",
    "BTCTU": "Ban Tổ chức Tỉnh ủy",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BTGDVTU": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "BDVTU": "Ban Dân vận Tỉnh ủy",
    "BNCTU": "Ban Nội chính Tỉnh ủy",
    "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy Khối",
    "HU": "Huyện ủy",
    "ThU": "Thành ủy",
    "TxU": "Thị ủy",
    "QU": "Quận ủy",
    "CB": "Chi bộ",
}

# The ký hiệu an organisation of the seed tree issues under (organisation code → body).
ORGANISATION_ISSUER: dict[str, str] = {
    "TU": "TU",
    "VPTU": "VPTU",
    "BTCTU": "BTCTU",
    "BTGTU": "BTGDVTU",
    "DBCQD": "ĐU",
    "DBTP": "ThU",
}


def issuer_for_organisation(code: str) -> str | None:
    """The issuing-body abbreviation of an organisation, or None if it has none."""
    if code in ORGANISATION_ISSUER:
        return ORGANISATION_ISSUER[code]
    if ".CB" in code:
        return "CB"
    return None


# (start of term, term) — a term's numbering starts the day after the congress.
TERMS: list[tuple[date, str]] = [
    (date(2020, 10, 1), "2020-2025"),
    (date(2025, 10, 1), "2025-2030"),
    (date(2030, 10, 1), "2030-2035"),
]


def term_for(day: date) -> str:
    current = TERMS[0][1]
    for start, term in TERMS:
        if day >= start:
            current = term
    return current


class KyHieuError(ValueError):
    """Why a số và ký hiệu is not valid, in Vietnamese."""


class SoKyHieu(msgspec.Struct, frozen=True):
    so: int
    loai: str
    co_quan: str

    @property
    def text(self) -> str:
        return f"{self.so}-{self.loai}/{self.co_quan}"


_KY_HIEU = re.compile(r"^\s*(?:[Ss]ố\s*)?(\d{1,6})\s*-\s*([^\s/-]+)\s*/\s*(\S+?)\s*$")


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _suggest(value: str, known: dict[str, str]) -> str | None:
    folded = _ascii(value)
    for code in known:
        if _ascii(code) == folded:
            return code
    return None


def parse_so_ky_hieu(value: str) -> SoKyHieu:
    """Parse "15-KH/TU" (also "Số 15-KH/TU"); raise :class:`KyHieuError` with the reason."""
    text = unicodedata.normalize("NFC", value or "")
    match = _KY_HIEU.match(text)
    if not match:
        raise KyHieuError(
            f"Số và ký hiệu “{value}” không đúng mẫu SỐ-LOẠI/CƠ QUAN, ví dụ 15-KH/TU "
            "(Hướng dẫn 36-HD/VPTW)."
        )
    number, loai, issuer = match.groups()
    if int(number) == 0:
        raise KyHieuError("Số văn bản phải lớn hơn 0.")
    if loai not in DOCUMENT_TYPES:
        hint = _suggest(loai, DOCUMENT_TYPES)
        reason = f"Loại văn bản “{loai}” không có trong danh mục viết tắt"
        if hint:
            raise KyHieuError(f"{reason}; có phải là “{hint}” ({DOCUMENT_TYPES[hint]})?")
        raise KyHieuError(f"{reason} (ví dụ NQ, QĐ, CT, KL, HD, TB, BC, TTr, KH, CTr, ĐA, CV).")
    body, _, unit = issuer.partition("-")
    if body not in ISSUING_BODIES or (unit and not re.fullmatch(r"[A-ZĐ][A-Za-zĐđ]{0,9}", unit)):
        hint = _suggest(body, ISSUING_BODIES)
        reason = f"Cơ quan ban hành “{issuer}” không có trong danh mục ký hiệu"
        if hint:
            raise KyHieuError(f"{reason}; có phải là “{hint}” ({ISSUING_BODIES[hint]})?")
        raise KyHieuError(f"{reason} (ví dụ TU, VPTU, BTCTU, UBKTTU, ĐU, HU, ThU).")
    return SoKyHieu(so=int(number), loai=loai, co_quan=issuer)


# ---- API structs --------------------------------------------------------------------------


class DocumentAction(enum.StrEnum):
    """What a user may do in the documents area: the names of ``backend/documents/policy.py``'s
    table. Detail answers list the per-document ones the caller may take now (``actions``);
    ``/api/me`` lists the global ones (``actions["documents"]``). The UI offers exactly these."""

    # on one document
    SEND_TO_LEADER = "send_to_leader"  # văn thư: trình an incoming document to the lãnh đạo
    ASSIGN = "assign"
    OPINION = "opinion"
    FORWARD = "forward"
    DONE = "done"
    REOPEN = "reopen"
    ADD_FILE = "add_file"
    SUBMIT = "submit"
    SIGN = "sign"  # lãnh đạo: the approval signature (Nghị định 30/2020: the signer first)
    RETURN = "return"
    RELEASE = "release"  # văn thư: số and ngày ban hành written in, the organisation's signature
    SHARE = "share"
    RECEIPTS = "receipts"
    # on no particular document
    REGISTER_INCOMING = "register_incoming"
    DRAFT_OUTGOING = "draft_outgoing"
    VIEW_REGISTER = "view_register"
    VIEW_AWAITING_ASSIGNMENT = "view_awaiting_assignment"  # lãnh đạo: the "Chờ phân công" list
    LIST_COLLEAGUES = "list_colleagues"  # those who assign or forward: whom to pick


class DocumentFileInfo(msgspec.Struct, frozen=True):
    sha256: str
    filename: str
    mime: str
    size: int
    role: FileRole
    created_at: datetime


class AssignmentInfo(msgspec.Struct, frozen=True):
    id: int
    user_id: int
    user_name: str
    role: AssignmentRole
    status: AssignmentStatus
    deadline: date | None
    instruction: str
    assigned_by_name: str
    result: str
    done_at: datetime | None
    created_at: datetime


class OpinionInfo(msgspec.Struct, frozen=True):
    id: int
    user_id: int
    user_name: str
    text: str
    created_at: datetime


class ReadReceiptInfo(msgspec.Struct, frozen=True):
    user_id: int
    user_name: str
    first_opened_at: datetime
    last_opened_at: datetime
    open_count: int


class TimelineEntry(msgspec.Struct, frozen=True):
    id: int
    at: datetime
    actor_name: str
    action: str
    text: str  # Vietnamese, ready to show
    detail: dict


class DocumentSummary(msgspec.Struct, frozen=True):
    id: int
    direction: Direction
    organisation_code: str
    ky_hieu: str
    loai: str
    loai_label: str
    co_quan_ban_hanh: str
    ngay_ban_hanh: date | None
    trich_yeu: str
    do_khan: DoKhan
    han_xu_ly: date | None
    status: DocumentStatus
    so_den: int | None = None
    overdue: bool = False


class DocumentDetail(msgspec.Struct, frozen=True):
    id: int
    direction: Direction
    organisation_code: str
    organisation_name: str
    so: int | None
    ky_hieu: str
    loai: str
    loai_label: str
    co_quan_ban_hanh: str
    ngay_ban_hanh: date | None
    trich_yeu: str
    nguoi_ky: str
    do_khan: DoKhan
    han_xu_ly: date | None
    status: DocumentStatus
    nhiem_ky: str
    so_den: int | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    files: list[DocumentFileInfo]
    assignments: list[AssignmentInfo]
    opinions: list[OpinionInfo]
    overdue: bool
    # What the caller may do now (the UI shows only these actions).
    actions: list[DocumentAction]
    # The document's history, oldest first: what the document screen shows under it. Every
    # write answers with the whole detail, so the screen needs no second request.
    timeline: list[TimelineEntry] = []


class Deadlines(msgspec.Struct, frozen=True):
    """Overdue documents and those due soon, nearest deadline first."""

    overdue: list[DocumentSummary]
    due_soon: list[DocumentSummary]


class InboxItem(msgspec.Struct, frozen=True):
    assignment_id: int
    role: AssignmentRole
    assignment_status: AssignmentStatus
    deadline: date | None
    overdue: bool
    document: DocumentSummary


class InboxPage(msgspec.Struct, frozen=True):
    items: list[InboxItem]
    next_cursor: str | None
    total: int | None = None


class DocumentPage(msgspec.Struct, frozen=True):
    items: list[DocumentSummary]
    next_cursor: str | None


class SearchHit(msgspec.Struct, frozen=True):
    document: DocumentSummary
    exact: bool  # every word matched with its diacritics
    in_metadata: bool  # every word matched in số/ký hiệu, trích yếu, cơ quan or người ký


class SearchPage(msgspec.Struct, frozen=True):
    query: str
    items: list[SearchHit]
    offset: int
    has_more: bool


# A row id: what both databases' INTEGER holds (a larger number can only be a wrong one).
Id = Annotated[int, msgspec.Meta(ge=1, le=2_147_483_647)]
ShortText = Annotated[str, msgspec.Meta(max_length=255)]
LongText = Annotated[str, msgspec.Meta(max_length=4000)]


class DocumentMetadata(msgspec.Struct, frozen=True, kw_only=True):
    """What the văn thư types when registering (sent as the ``metadata`` form field, JSON)."""

    direction: Direction
    trich_yeu: Annotated[str, msgspec.Meta(min_length=3, max_length=2000)]
    loai: str | None = None  # required for outgoing; derived from ký hiệu for incoming
    so_ky_hieu: ShortText | None = None  # incoming: as printed on the document
    co_quan_ban_hanh: ShortText = ""
    ngay_ban_hanh: date | None = None
    nguoi_ky: Annotated[str, msgspec.Meta(max_length=120)] = ""
    do_khan: DoKhan = DoKhan.THUONG
    # The answer to "is it classified?"; absent (null) means not asked. A file whose text the
    # gate reads needs no answer; a scan (pages that are only images) is refused until the
    # clerk answers. Free text ("MẬT", "tuyệt mật", "không") is read as the same answer.
    do_mat: DoMat | None = None
    han_xu_ly: date | None = None
    nhiem_ky: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{4}$")] | None = None


class AssignRequest(msgspec.Struct, frozen=True, kw_only=True):
    main_handler_id: Id
    co_handler_ids: Annotated[list[Id], msgspec.Meta(max_length=50)] = []
    reader_ids: Annotated[list[Id], msgspec.Meta(max_length=50)] = []
    deadline: date | None = None
    instruction: LongText = ""


class ForwardRequest(msgspec.Struct, frozen=True, kw_only=True):
    user_ids: Annotated[list[Id], msgspec.Meta(min_length=1, max_length=50)]
    role: AssignmentRole = AssignmentRole.PHOI_HOP
    note: LongText = ""


class OpinionCreate(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class DoneRequest(msgspec.Struct, frozen=True):
    result: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class ShareRequest(msgspec.Struct, frozen=True):
    user_ids: Annotated[list[Id], msgspec.Meta(min_length=1, max_length=50)]


class TransitionRequest(msgspec.Struct, frozen=True):
    note: LongText = ""


class Colleague(msgspec.Struct, frozen=True):
    id: int
    full_name: str
    username: str
    organisation_code: str


class NumberAllocated(msgspec.Struct, frozen=True):
    so: int
    ky_hieu: str
    nhiem_ky: str
