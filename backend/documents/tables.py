"""The document register (sổ văn bản đến/đi) and its processing records."""

from datetime import date

from piccolo.columns import (
    JSON,
    BigInt,
    Date,
    ForeignKey,
    Integer,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from backend.accounts.tables import User
from backend.orgs.tables import Organisation

# Stands in for "no deadline" in sort keys, so NULL ordering (which differs between SQLite and
# PostgreSQL) never decides the inbox order and a keyset cursor stays a plain tuple.
NO_DEADLINE = date(9999, 12, 31)


class Document(Table, tablename="document"):
    direction = Varchar(length=3)  # den | di
    organisation = ForeignKey(Organisation, index=True)  # whose register
    so = Integer(null=True, default=None)  # the number in "15-KH/TU"
    ky_hieu = Varchar(length=80, default="")  # "15-KH/TU", as printed
    loai = Varchar(length=10)  # type abbreviation (KH, NQ …)
    co_quan_ban_hanh = Varchar(length=255, default="")
    ngay_ban_hanh = Date(null=True, default=None)
    trich_yeu = Text()
    nguoi_ky = Varchar(length=120, default="")
    do_khan = Varchar(length=12, default="thuong")
    urgency_rank = SmallInt(default=3)  # 0 hỏa tốc … 3 thường
    han_xu_ly = Date(null=True, default=None)
    status = Varchar(length=20)
    nhiem_ky = Varchar(length=9, default="")
    so_den = Integer(null=True, default=None)  # incoming register number (per year)
    created_by = ForeignKey(User)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    extracted_text = Text(default="")


class DocumentFile(Table, tablename="document_file"):
    document = ForeignKey(Document, index=True)
    sha256 = Varchar(length=64, index=True)
    filename = Varchar(length=200)
    mime = Varchar(length=100)
    size = BigInt()
    role = Varchar(length=12, default="original")  # original | signed | attachment
    uploaded_by = ForeignKey(User, null=True)
    created_at = Timestamptz()


class NumberCounter(Table, tablename="number_counter"):
    """The last number given per (organisation, type, term): numbers never repeat or skip.
    Incoming registers use ``loai = "DEN"`` and the calendar year as the period."""

    organisation = ForeignKey(Organisation)
    loai = Varchar(length=10)
    nhiem_ky = Varchar(length=9)
    last_number = Integer(default=0)


class Assignment(Table, tablename="assignment"):
    document = ForeignKey(Document, index=True)
    user = ForeignKey(User)
    role = Varchar(length=12)  # xu_ly_chinh | phoi_hop | de_biet
    deadline = Date(null=True, default=None)
    instruction = Text(default="")
    assigned_by = ForeignKey(User, null=True)
    status = Varchar(length=12, default="cho_xu_ly")
    result = Text(default="")
    done_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    # Copied from the document so the inbox is one index range scan (see the migration).
    urgency_rank = SmallInt(default=3)
    sort_deadline = Date(default=NO_DEADLINE)
    direction = Varchar(length=3, default="den")
    done = SmallInt(default=0)  # 0 open, 1 done: open ones sort first


class Opinion(Table, tablename="opinion"):
    document = ForeignKey(Document, index=True)
    user = ForeignKey(User)
    text = Text()
    created_at = Timestamptz()


class DocumentShare(Table, tablename="document_share"):
    document = ForeignKey(Document, index=True)
    user = ForeignKey(User, index=True)
    shared_by = ForeignKey(User, null=True)
    created_at = Timestamptz()


class ReadReceipt(Table, tablename="read_receipt"):
    document = ForeignKey(Document, index=True)
    user = ForeignKey(User)
    first_opened_at = Timestamptz()
    last_opened_at = Timestamptz()
    open_count = Integer(default=1)


class DocumentEvent(Table, tablename="document_event"):
    """The document's timeline: every change, in order."""

    document = ForeignKey(Document, index=True)
    actor = ForeignKey(User, null=True)
    action = Varchar(length=40)
    detail = JSON(default="{}")
    at = Timestamptz()
