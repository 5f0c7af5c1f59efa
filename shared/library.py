"""Thư viện văn kiện: collections, documents, their articles as formatted text, versions,
bookmarks, highlights with notes, the reading position, changes and the offline manifest."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

import msgspec


class LibraryKind(enum.StrEnum):
    DIEU_LE = "dieu_le"
    QUY_DINH = "quy_dinh"
    NGHI_QUYET = "nghi_quyet"
    CHI_THI = "chi_thi"
    KET_LUAN = "ket_luan"
    HUONG_DAN = "huong_dan"
    KE_HOACH = "ke_hoach"
    TAI_LIEU = "tai_lieu"  # study material, guides written for members


LIBRARY_KIND_LABELS: dict[LibraryKind, str] = {
    LibraryKind.DIEU_LE: "Điều lệ",
    LibraryKind.QUY_DINH: "Quy định",
    LibraryKind.NGHI_QUYET: "Nghị quyết",
    LibraryKind.CHI_THI: "Chỉ thị",
    LibraryKind.KET_LUAN: "Kết luận",
    LibraryKind.HUONG_DAN: "Hướng dẫn",
    LibraryKind.KE_HOACH: "Kế hoạch",
    LibraryKind.TAI_LIEU: "Tài liệu",
}


class DocumentState(enum.StrEnum):
    DRAFT = "du_thao"  # never published: only Tuyên giáo sees it
    PUBLISHED = "da_xuat_ban"
    WITHDRAWN = "thu_hoi"  # taken out of the library (phones drop it at the next update)


DOCUMENT_STATE_LABELS: dict[DocumentState, str] = {
    DocumentState.DRAFT: "Dự thảo",
    DocumentState.PUBLISHED: "Đã xuất bản",
    DocumentState.WITHDRAWN: "Đã thu hồi",
}


class NodeKind(enum.StrEnum):
    """What a unit of a document's structure is."""

    MO_DAU = "mo_dau"  # the text before the first heading
    PHAN = "phan"  # Phần / a Roman-numeral part (I., II. …)
    CHUONG = "chuong"  # Chương
    MUC = "muc"  # Mục
    DIEU = "dieu"  # Điều
    DIEM = "diem"  # a numbered point ("1.", "3.1.") where the text has no Điều
    KET = "ket"  # Nơi nhận and the signature


class BlockKind(enum.StrEnum):
    """A block of formatted text inside an article."""

    PARAGRAPH = "doan"
    NUMBERED = "khoan"  # "1. …" inside an Điều
    LETTERED = "diem"  # "a) …"
    BULLET = "gach"  # "- …"


class Block(msgspec.Struct, frozen=True):
    kind: BlockKind
    text: str
    label: str = ""  # "1.", "a)", "-"


class LibraryAction(enum.StrEnum):
    # Global.
    READ = "read"  # party members and Tuyên giáo
    SEARCH = "search"  # the published articles, accent-insensitive (the one search service)
    MANAGE = "manage"  # Tuyên giáo: collections, new documents
    # On a document.
    EDIT = "edit"  # replace the draft text (the next version)
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    # On an article.
    BOOKMARK = "bookmark"
    HIGHLIGHT = "highlight"


Text200 = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
SourceText = Annotated[str, msgspec.Meta(max_length=2_000_000)]


class CollectionCreate(msgspec.Struct, frozen=True):
    title: Text200
    description: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class CollectionInfo(msgspec.Struct, frozen=True):
    id: int
    title: str
    description: str
    documents: int  # published documents (all of them, for Tuyên giáo)


class LibraryDocumentSummary(msgspec.Struct, frozen=True):
    id: int
    collection_id: int
    title: str
    kind: LibraryKind
    kind_label: str
    so_ky_hieu: str
    issuer: str
    issued_on: date | None
    state: DocumentState
    state_label: str
    version: int  # the published version (0 before the first publication)
    published_at: datetime | None


class CollectionDetail(msgspec.Struct, frozen=True):
    collection: CollectionInfo
    documents: list[LibraryDocumentSummary]
    actions: list[LibraryAction] = []


class LibraryDocumentCreate(msgspec.Struct, frozen=True):
    collection_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
    title: Text200
    kind: LibraryKind
    text: SourceText  # plain text; its structure is read by the parser (docs/handbook.md)
    so_ky_hieu: Annotated[str, msgspec.Meta(max_length=60)] = ""
    issuer: Annotated[str, msgspec.Meta(max_length=200)] = ""
    issued_on: date | None = None
    summary: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class DraftText(msgspec.Struct, frozen=True):
    text: SourceText


class TocEntry(msgspec.Struct, frozen=True):
    article_id: int
    parent_id: int | None
    kind: NodeKind
    label: str  # "II", "Điều 5", "3.1"
    title: str
    level: int  # 1 for the top of the tree
    version: int


class LibraryDocumentDetail(msgspec.Struct, frozen=True):
    id: int
    collection_id: int
    collection_title: str
    title: str
    kind: LibraryKind
    kind_label: str
    so_ky_hieu: str
    issuer: str
    issued_on: date | None
    summary: str
    state: DocumentState
    state_label: str
    version: int
    content_hash: str  # changes with any article or the table of contents
    published_at: datetime | None
    toc: list[TocEntry]  # the published version's table of contents
    draft_pending: bool  # a draft text waits for publication (Tuyên giáo only)
    actions: list[LibraryAction] = []


class ArticleContent(msgspec.Struct, frozen=True):
    """One article as published: what the phone stores offline (immutable per version)."""

    id: int  # stable across versions of the document
    document_id: int
    version: int  # the article's own version: +1 each time its text changes
    hash: str  # SHA-256 of its content (kind, label, title, blocks)
    kind: NodeKind
    label: str
    title: str
    level: int
    parent_id: int | None
    position: int  # order in the document
    blocks: list[Block]
    changed_at: datetime


class DocumentContent(msgspec.Struct, frozen=True):
    """A whole published document in one answer: the first download of it for offline use."""

    document: LibraryDocumentSummary
    content_hash: str
    articles: list[ArticleContent]


class Highlight(msgspec.Struct, frozen=True):
    id: int
    article_id: int
    article_version: int  # the version it was made on
    stale: bool  # the article changed since: the marked text may have moved
    block: int
    start: int
    end: int
    quote: str
    note: str
    created_at: datetime
    updated_at: datetime
    document_id: int = 0
    document_title: str = ""
    article_label: str = ""


class ArticleDetail(msgspec.Struct, frozen=True):
    """The reader's view of an article: its content plus his own marks on it."""

    content: ArticleContent
    document_title: str
    previous_id: int | None
    next_id: int | None
    bookmarked: bool
    highlights: list[Highlight]
    live: bool  # false: removed from the current version (an old link)
    actions: list[LibraryAction] = []


class ArticleVersionInfo(msgspec.Struct, frozen=True):
    version: int
    document_version: int
    hash: str
    published_at: datetime


class HighlightCreate(msgspec.Struct, frozen=True):
    block: Annotated[int, msgspec.Meta(ge=0, le=10_000)]
    start: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
    end: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class HighlightUpdate(msgspec.Struct, frozen=True):
    note: Annotated[str, msgspec.Meta(max_length=2000)]


class Bookmark(msgspec.Struct, frozen=True):
    article_id: int
    document_id: int
    document_title: str
    label: str
    title: str
    created_at: datetime


class ReadingUpdate(msgspec.Struct, frozen=True):
    article_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
    block: Annotated[int, msgspec.Meta(ge=0, le=10_000)] = 0


class ReadingPosition(msgspec.Struct, frozen=True):
    """Where the reader left a document ("đọc tiếp")."""

    document_id: int
    document_title: str
    article_id: int
    label: str
    title: str
    block: int
    updated_at: datetime


class LibraryChange(msgspec.Struct, frozen=True):
    article_id: int
    document_id: int
    document_title: str
    label: str
    title: str
    version: int
    new: bool  # added since the last visit (else changed)
    changed_at: datetime


class LibraryChanges(msgspec.Struct, frozen=True):
    """What changed since the reader's last visit (marked with ``POST /changes/seen``)."""

    first_visit: bool
    since: datetime | None
    changes: list[LibraryChange]
    more: bool  # more changes than listed


class ManifestArticle(msgspec.Struct, frozen=True):
    id: int
    version: int
    hash: str  # the first 12 hex digits of the content's SHA-256 (ArticleContent.hash)


class ManifestDocument(msgspec.Struct, frozen=True):
    id: int
    collection_id: int
    title: str
    version: int
    # Changes with any of its articles or its table of contents: a phone that holds this
    # hash holds the document; else it compares ``articles`` with what it stored.
    content_hash: str
    articles: list[ManifestArticle]  # in reading order


class Manifest(msgspec.Struct, frozen=True):
    """Every published article, by document, with its version and hash: a phone compares it
    with what it stored and fetches only what changed
    (``GET /api/library/articles/{id}/content?version=N``), dropping what is no longer
    listed. Articles are listed under their document so that an entry needs no document id:
    the manifest is what every update costs, so it is kept small."""

    hash: str  # also the ETag: unchanged library, 304
    generated_at: datetime
    collections: list[CollectionInfo]
    documents: list[ManifestDocument]


class DraftChange(enum.StrEnum):
    NEW = "moi"  # an article the published version does not have
    CHANGED = "sua"  # its text differs from the published one
    SAME = "giu"


class DraftUnit(msgspec.Struct, frozen=True):
    anchor: str
    kind: NodeKind
    label: str
    title: str
    level: int
    blocks: list[Block]
    change: DraftChange


class DraftPreview(msgspec.Struct, frozen=True):
    """The draft text as it will be published: its articles and what each changes."""

    text: str
    units: list[DraftUnit]
    removed: list[str]  # labels and titles of published articles the draft no longer has


class LibrarySearchHit(msgspec.Struct, frozen=True):
    """A published article found by ``GET /api/library/search``."""

    article_id: int
    document_id: int
    document_title: str
    collection_id: int
    kind: NodeKind
    label: str  # "Điều 5", "3.1"
    title: str
    excerpt: str  # the start of its text
    exact: bool  # every word matched with its diacritics
    in_metadata: bool  # every word matched in the label or the title


class LibrarySearchPage(msgspec.Struct, frozen=True):
    query: str
    items: list[LibrarySearchHit]
    offset: int
    has_more: bool
