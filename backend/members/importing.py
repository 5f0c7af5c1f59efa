"""Importing a chi bộ's member list through the shared import piece (``backend/imports``).

The rows have already been parsed against :data:`LAYOUT`. Here:

- ``resolve`` checks what needs the database: a số thẻ that belongs to another chi bộ (moving
  a member is a transfer, not an import), an account name that does not exist or already
  belongs to another record, a số định danh already on another record;
- ``write`` (inside the import's one transaction) adds the new records and updates the
  existing ones by số thẻ. A column missing from the file leaves that field as it was; a
  blank cell in a present column clears it, except the số định danh and the account, which a
  blank never erases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from piccolo.columns import Column
from piccolo.query import Select

from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.core.clock import now
from backend.imports.jobs import ImportPlan, Written
from backend.imports.layout import Row
from backend.members.dinh_danh import DinhDanh
from backend.members.import_layout import LAYOUT
from backend.members.tables import MemberEvent, PartyMember
from backend.members.timeline import TIMELINE
from shared.imports import RowError

# Fields a file writes as they are (blank clears them when the column is present).
PLAIN = ("ho_ten", "ngay_sinh", "gioi_tinh", "ngay_vao_dang", "ngay_chinh_thuc", "chuc_vu")
BLANK_AS = {"chuc_vu": "", "phone": "", "ly_do_mien": "", "mien_sinh_hoat": False}
CHUNK = 500


async def _where_in(select: Callable[[], Select], column: Column, values: Iterable) -> list[dict]:
    """``select()`` of the rows whose ``column`` is one of ``values``, asked in chunks: both
    engines cap the parameters of one statement (32,766 and 32,767), and a file may hold
    50,000 rows."""
    values = list(values)
    found: list[dict] = []
    for start in range(0, len(values), CHUNK):
        found += await select().where(column.is_in(values[start : start + CHUNK]))
    return found


def _header(key: str) -> str:
    return LAYOUT.column(key).header


def _value(row: Row, key: str) -> Any:
    value = row.values.get(key)
    return BLANK_AS.get(key) if value is None and key in BLANK_AS else value


class MemberImport:
    def __init__(self, dinh_danh: DinhDanh) -> None:
        self.dinh_danh = dinh_danh

    def plan(self, actor: Actor, organisation_id: int, organisation_code: str) -> ImportPlan:
        async def resolve(rows: list[Row], present: set[str]) -> list[RowError]:
            return await self._resolve(organisation_id, rows)

        async def write(rows: list[Row], present: set[str]) -> Written:
            return await self._write(actor, organisation_id, rows, present)

        return ImportPlan(
            layout=LAYOUT, write=write, resolve=resolve, scope=f"organisation:{organisation_code}"
        )

    async def _resolve(self, organisation_id: int, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        so_the = [r.values["so_the"] for r in rows]
        existing = {
            m["so_the"]: m
            for m in await _where_in(
                lambda: PartyMember.select(
                    PartyMember.so_the,
                    PartyMember.organisation,
                    PartyMember.organisation.name.as_alias("organisation_name"),
                ),
                PartyMember.so_the,
                so_the,
            )
        }
        for row in rows:
            found = existing.get(row.values["so_the"])
            if found and found["organisation"] != organisation_id:
                errors.append(
                    RowError(
                        row.line,
                        _header("so_the"),
                        f"đảng viên này đang sinh hoạt ở {found['organisation_name']}; chuyển "
                        "sinh hoạt đảng không làm bằng nhập tệp",
                    )
                )
        errors += await self._resolve_accounts(rows)
        errors += await self._resolve_numbers(rows)
        return errors

    async def _resolve_accounts(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        wanted = {r.values["username"] for r in rows if r.values.get("username")}
        if not wanted:
            return errors
        users = {
            u["username"]: u["id"]
            for u in await _where_in(
                lambda: User.select(User.id, User.username), User.username, wanted
            )
        }
        linked = {
            m["user"]: m["so_the"]
            for m in await _where_in(
                lambda: PartyMember.select(PartyMember.user, PartyMember.so_the),
                PartyMember.user,
                users.values(),
            )
        }
        first_line: dict[str, int] = {}
        for row in rows:
            name = row.values.get("username")
            if not name:
                continue
            if name not in users:
                errors.append(
                    RowError(row.line, _header("username"), f"không có tài khoản “{name}”")
                )
            elif linked.get(users[name], row.values["so_the"]) != row.values["so_the"]:
                errors.append(
                    RowError(
                        row.line,
                        _header("username"),
                        "tài khoản này đã gắn với hồ sơ đảng viên khác",
                    )
                )
            elif name in first_line:
                errors.append(
                    RowError(row.line, _header("username"), f"trùng với dòng {first_line[name]}")
                )
            else:
                first_line[name] = row.line
        return errors

    async def _resolve_numbers(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        hashes = {
            r.line: self.dinh_danh.matching_hash(r.values["so_dinh_danh"])
            for r in rows
            if r.values.get("so_dinh_danh")
        }
        if not hashes:
            return errors
        owners = {
            m["dinh_danh_hash"]: m["so_the"]
            for m in await _where_in(
                lambda: PartyMember.select(PartyMember.dinh_danh_hash, PartyMember.so_the),
                PartyMember.dinh_danh_hash,
                set(hashes.values()),
            )
        }
        first_line: dict[str, int] = {}
        for row in rows:
            digest = hashes.get(row.line)
            if digest is None:
                continue
            if owners.get(digest, row.values["so_the"]) != row.values["so_the"]:
                errors.append(
                    RowError(
                        row.line,
                        _header("so_dinh_danh"),
                        "số định danh đã có ở hồ sơ đảng viên khác",
                    )
                )
            elif digest in first_line:
                errors.append(
                    RowError(
                        row.line,
                        _header("so_dinh_danh"),
                        f"trùng số định danh với dòng {first_line[digest]}",
                    )
                )
            else:
                first_line[digest] = row.line
        return errors

    # ---- writing (inside the import's transaction) ---------------------------------------

    def _changes(self, row: Row, present: set[str], current: dict | None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key in (*PLAIN, "phone", "mien_sinh_hoat", "ly_do_mien"):
            if key in present:
                value = _value(row, key)
                values[key] = value.value if hasattr(value, "value") else value
        number = row.values.get("so_dinh_danh")
        if number:
            digest = self.dinh_danh.matching_hash(number)
            if current is None or current["dinh_danh_hash"] != digest:
                values["dinh_danh_hash"] = digest
                values["dinh_danh_sealed"] = self.dinh_danh.seal(number, row.values["so_the"])
        if current is not None:
            values = {k: v for k, v in values.items() if current.get(k) != v}
        return values

    async def _write(
        self, actor: Actor, organisation_id: int, rows: list[Row], present: set[str]
    ) -> Written:
        stamp = now()
        current = {
            m["so_the"]: m
            for m in await _where_in(
                PartyMember.select, PartyMember.so_the, [r.values["so_the"] for r in rows]
            )
        }
        users = {}
        names = {r.values["username"] for r in rows if r.values.get("username")}
        if names:
            users = {
                u["username"]: u["id"]
                for u in await _where_in(
                    lambda: User.select(User.id, User.username), User.username, names
                )
            }
        new: list[PartyMember] = []
        updated = unchanged = 0
        for row in rows:
            existing = current.get(row.values["so_the"])
            values = self._changes(row, present, existing)
            user_id = users.get(row.values.get("username") or "")
            if user_id and (existing is None or existing["user"] != user_id):
                values["user"] = user_id
            if existing is None:
                new.append(
                    PartyMember(
                        so_the=row.values["so_the"],
                        organisation=organisation_id,
                        created_at=stamp,
                        updated_at=stamp,
                        **values,
                    )
                )
            elif values:
                await PartyMember.update(
                    {
                        **{getattr(PartyMember, k): v for k, v in values.items()},
                        PartyMember.updated_at: stamp,
                    }
                ).where(PartyMember.id == existing["id"])
                await TIMELINE.entry(
                    existing["id"], actor, "import_updated", {"fields": sorted(values)}
                )
                updated += 1
            else:
                unchanged += 1
        for start in range(0, len(new), CHUNK):
            inserted = await PartyMember.insert(*new[start : start + CHUNK]).returning(
                PartyMember.id
            )
            await MemberEvent.insert(
                *[
                    MemberEvent(
                        member=r["id"], actor=actor.id, action="imported", detail="{}", at=stamp
                    )
                    for r in inserted
                ]
            )
        return Written(created=len(new), updated=updated, unchanged=unchanged)
