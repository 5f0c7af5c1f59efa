"""Importing a congress's delegate list through the shared import piece (``backend/imports``).

The rows have already been parsed against :data:`LAYOUT` (a duplicate số thẻ in the file is a
row error there). Here:

- ``resolve`` checks what needs the database: an account name that does not exist, one
  already linked to another delegate of this congress, or the same account twice in the file;
- ``write`` (inside the import's one transaction) adds the new delegates (credentials
  pending) and updates the others by số thẻ. A column missing from the file leaves that field
  as it was; a blank account never unlinks one. A delegate newly linked to an account is told
  through the notification centre that he is summoned.
"""

from __future__ import annotations

from typing import Any

from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.congress.bodies import link
from backend.congress.import_layout import LAYOUT
from backend.congress.tables import Delegate
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.imports.jobs import ImportPlan, Written
from backend.imports.layout import Row
from backend.notifications.notifier import Notifier
from shared.congress import CredentialStatus
from shared.imports import RowError
from shared.notifications import NotificationKind

CHUNK = 500
# column key → the delegate's field, and what a blank cell stores
FIELDS: dict[str, tuple[str, Any]] = {
    "ho_ten": ("full_name", ""),
    "loai": ("kind", ""),
    "doan": ("delegation", ""),
    "don_vi": ("organisation_name", ""),
    "chuc_vu": ("position", ""),
    "nam_sinh": ("birth_year", None),
    "gioi_tinh": ("sex", ""),
    "dan_toc": ("ethnicity", ""),
    "chuyen_mon": ("education", ""),
    "ly_luan": ("political_theory", ""),
    "nam_vao_dang": ("party_joined_year", None),
}


def _header(key: str) -> str:
    return LAYOUT.column(key).header


async def _in_chunks(select, column, values) -> list[dict]:
    values = list(values)
    found: list[dict] = []
    for start in range(0, len(values), CHUNK):
        found += await select().where(column.is_in(values[start : start + CHUNK]))
    return found


async def _users(rows: list[Row]) -> dict[str, int]:
    names = {r.values["username"] for r in rows if r.values.get("username")}
    if not names:
        return {}
    found = await _in_chunks(lambda: User.select(User.id, User.username), User.username, names)
    return {u["username"]: u["id"] for u in found}


class DelegateImport:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    def plan(self, actor: Actor, congress_id: int, congress_name: str) -> ImportPlan:
        async def resolve(rows: list[Row], present: set[str]) -> list[RowError]:
            return await self._resolve(congress_id, rows)

        async def write(rows: list[Row], present: set[str]) -> Written:
            return await self._write(actor, congress_id, congress_name, rows, present)

        return ImportPlan(
            layout=LAYOUT, write=write, resolve=resolve, scope=f"congress:{congress_id}"
        )

    async def _resolve(self, congress_id: int, rows: list[Row]) -> list[RowError]:
        errors = await self._resolve_kinds(congress_id, rows)
        users = await _users(rows)
        if not any(r.values.get("username") for r in rows):
            return errors
        linked = {
            d["user"]: d["code"]
            for d in await Delegate.select(Delegate.user, Delegate.code).where(
                (Delegate.congress == congress_id) & Delegate.user.is_not_null()
            )
        }
        first_line: dict[str, int] = {}
        for row in rows:
            name = row.values.get("username")
            if not name:
                continue
            code = row.values["so_the"]
            if name not in users:
                errors.append(
                    RowError(row.line, _header("username"), f"không có tài khoản “{name}”")
                )
            elif linked.get(users[name], code) != code:
                errors.append(
                    RowError(
                        row.line,
                        _header("username"),
                        f"tài khoản này đã gắn với đại biểu số thẻ {linked[users[name]]}",
                    )
                )
            elif name in first_line:
                errors.append(
                    RowError(row.line, _header("username"), f"trùng với dòng {first_line[name]}")
                )
            else:
                first_line[name] = row.line
        return errors

    async def _resolve_kinds(self, congress_id: int, rows: list[Row]) -> list[RowError]:
        """A delegate in a replacement (replaced, or an alternate in someone's place) keeps his
        kind: the replacement is undone by the credentials committee, not by a file."""
        linked = {
            d["code"]: d
            for d in await _in_chunks(
                lambda: Delegate.select(Delegate.code, Delegate.kind).where(
                    (Delegate.congress == congress_id)
                    & (Delegate.replaced_by_id.is_not_null() | Delegate.replaces_id.is_not_null())
                ),
                Delegate.code,
                [r.values["so_the"] for r in rows],
            )
        }
        errors = []
        for row in rows:
            found = linked.get(row.values["so_the"])
            kind = row.values.get("loai")
            if found and kind is not None and kind.value != found["kind"]:
                errors.append(
                    RowError(
                        row.line,
                        _header("loai"),
                        "đại biểu này đang trong một lần thay thế đại biểu; không đổi loại đại "
                        "biểu bằng nhập tệp",
                    )
                )
        return errors

    def _changes(self, row: Row, present: set[str], current: dict | None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, (field, blank) in FIELDS.items():
            if key in present:
                value = row.values.get(key)
                value = blank if value is None else value
                values[field] = value.value if hasattr(value, "value") else value
        if current is not None:
            values = {k: v for k, v in values.items() if current.get(k) != v}
        return values

    async def _write(
        self, actor: Actor, congress_id: int, congress_name: str, rows: list[Row], present: set
    ) -> Written:
        stamp = now()
        current = {
            d["code"]: d
            for d in await _in_chunks(
                lambda: Delegate.select().where(Delegate.congress == congress_id),
                Delegate.code,
                [r.values["so_the"] for r in rows],
            )
        }
        users = await _users(rows)
        new: list[Delegate] = []
        newly_linked: list[int] = []
        updated = unchanged = 0
        for row in rows:
            existing = current.get(row.values["so_the"])
            values = self._changes(row, present, existing)
            user_id = users.get(row.values.get("username") or "")
            if user_id and (existing is None or existing["user"] != user_id):
                values["user"] = user_id
                newly_linked.append(user_id)
            if existing is None:
                new.append(
                    Delegate(
                        congress=congress_id,
                        code=row.values["so_the"],
                        credential_status=CredentialStatus.PENDING.value,
                        created_at=stamp,
                        updated_at=stamp,
                        **values,
                    )
                )
            elif values:
                await Delegate.update(
                    {
                        **{getattr(Delegate, k): v for k, v in values.items()},
                        Delegate.updated_at: stamp,
                    }
                ).where(Delegate.id == existing["id"])
                updated += 1
            else:
                unchanged += 1
        for start in range(0, len(new), CHUNK):
            await Delegate.insert(*new[start : start + CHUNK])
        await TIMELINE.entry(
            congress_id,
            actor,
            "delegates_imported",
            {"created": len(new), "updated": updated, "unchanged": unchanged},
        )
        if newly_linked:
            await self.notifier.notify(
                newly_linked,
                kind=NotificationKind.DAI_HOI,
                title=f"Đồng chí được triệu tập dự {congress_name}",
                body="Xem chương trình, tài liệu và thẻ đại biểu trong ứng dụng.",
                link=link(congress_id),
            )
        return Written(created=len(new), updated=updated, unchanged=unchanged)
