from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User
from backend.orgs.tables import Organisation


class PartyMember(Table, tablename="party_member"):
    """A party member's record. ``so_the`` (số thẻ đảng viên) is the natural key imports update
    by. The số định danh is never stored in clear: a keyed hash to match it, a sealed copy to
    show it masked (``backend/core/sealed.py``)."""

    so_the = Varchar(length=20, unique=True, index=True)
    organisation = ForeignKey(Organisation, index=True)  # the chi bộ
    # His account, when he has one; the record outlives the account.
    user = ForeignKey(User, null=True, default=None, unique=True, on_delete=OnDelete.set_null)
    ho_ten = Varchar(length=120)
    ngay_sinh = Date()
    gioi_tinh = Varchar(length=10)
    ngay_vao_dang = Date()
    ngay_chinh_thuc = Date(null=True, default=None)
    chuc_vu = Varchar(length=120, default="")
    phone = Varchar(length=20, default="")
    dinh_danh_hash = Varchar(length=64, null=True, default=None, unique=True)
    dinh_danh_sealed = Bytea(null=True, default=None)
    mien_sinh_hoat = Boolean(default=False)
    ly_do_mien = Varchar(length=300, default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()


class MemberCorrection(Table, tablename="member_correction"):
    """A member's request to correct a field of his record, and how it was resolved."""

    member = ForeignKey(PartyMember, index=True)
    requested_by = ForeignKey(User)
    field = Varchar(length=30)
    current_value = Varchar(length=300, default="")
    proposed_value = Varchar(length=300)
    reason = Text(default="")
    state = Varchar(length=20, index=True)
    resolved_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    resolved_value = Varchar(length=300, default="")
    resolution_note = Text(default="")
    created_at = Timestamptz()
    resolved_at = Timestamptz(null=True, default=None)


class MemberEvent(Table, tablename="member_event"):
    """A record's timeline: imported, corrected (``backend/audit/timeline.py``)."""

    member = ForeignKey(PartyMember, index=True)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=40)
    detail = JSON(default="{}")
    at = Timestamptz()
