"""State of /gop-y/du-thao (the tổ biên tập's drafts: publish one from structured text or a
DOCX) and /gop-y/du-thao/[draft_id] (its versions, a revised version from text or a DOCX, the
diff between two versions, opening a consultation on it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import reflex as rx

from frontend import routes
from frontend.gop_y import client
from frontend.so_tay.common import Notices, parse_dmy
from shared.clock import dmy_hm
from shared.consultations import (
    UNIT_KIND_LABELS,
    ChangeKind,
    ConsultationAction,
    ConsultationCreate,
    DraftCreate,
    DraftDetail,
    DraftRevise,
    VersionDiff,
)

VN = timedelta(hours=7)  # Asia/Ho_Chi_Minh, no daylight saving

CHANGE_LABELS = {
    ChangeKind.ADDED: "Thêm mới",
    ChangeKind.REMOVED: "Bỏ",
    ChangeKind.MOVED: "Chuyển chỗ",
    ChangeKind.EDITED: "Sửa",
    ChangeKind.MOVED_EDITED: "Chuyển chỗ và sửa",
}


@dataclass
class DraftLine:
    href: str
    title: str
    note: str


@dataclass
class VersionLine:
    number: int
    note: str
    about: str


@dataclass
class Word:
    op: str  # giu, them, xoa
    text: str


@dataclass
class ChangeLine:
    key: str
    change: str
    where: str
    words: list[Word]


def _where(old: str | None, new: str | None) -> str:
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old or ""


async def _file(files: list[rx.UploadFile]) -> tuple[str, bytes] | None:
    if not files:
        return None
    upload = files[0]
    name = getattr(upload, "name", None) or getattr(upload, "filename", None) or ""
    return name, await upload.read()


class DraftsState(Notices, rx.State):
    loaded: bool = False
    lines: list[DraftLine] = []
    title: str = ""
    summary: str = ""

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        found = await self._read(client.drafts)
        if found is None:
            return
        self.lines = [
            DraftLine(
                routes.filled(routes.FEEDBACK_DRAFT, d.id),
                d.title,
                f"Bản số {d.version} · cập nhật {dmy_hm(d.updated_at)}",
            )
            for d in found
        ]
        self.loaded = True

    @rx.event
    def set_title(self, value: str):
        self.title = value

    @rx.event
    def set_summary(self, value: str):
        self.summary = value

    @rx.event
    async def publish(self, form: dict):
        title, text = self.title.strip(), (form.get("text") or "").strip()
        if not title or not text:
            return self._say("Hãy nhập tên và nội dung dự thảo.", False)
        request = DraftCreate(title=title, text=text, summary=self.summary.strip())
        self.busy = True
        made = await self._call(lambda api: client.publish_draft(api, request))
        self.busy = False
        return rx.redirect(routes.filled(routes.FEEDBACK_DRAFT, made.id)) if made else None

    @rx.event
    async def publish_docx(self, files: list[rx.UploadFile]):
        title, summary = self.title.strip(), self.summary.strip()
        if not title:
            return self._say("Hãy nhập tên dự thảo trước khi chọn tệp.", False)
        found = await _file(files)
        if found is None:
            return None
        self.busy = True
        made = await self._call(
            lambda api: client.publish_draft_docx(api, title, summary, found[0], found[1])
        )
        self.busy = False
        return rx.redirect(routes.filled(routes.FEEDBACK_DRAFT, made.id)) if made else None


class DraftState(Notices, rx.State):
    draft_id: int = 0
    loaded: bool = False
    title: str = ""
    summary: str = ""
    version: int = 0
    versions: list[VersionLine] = []
    actions: list[str] = []
    note: str = ""
    # The diff shown: from one version to another.
    diff_from: int = 0
    diff_to: int = 0
    unchanged: int = 0
    changes: list[ChangeLine] = []

    @rx.var
    def can(self) -> dict[str, bool]:
        return {a.value: a.value in self.actions for a in ConsultationAction}

    def _apply(self, d: DraftDetail) -> None:
        self.draft_id = d.id
        self.title = d.title
        self.summary = d.summary
        self.version = d.version
        self.versions = [
            VersionLine(
                v.number,
                v.note,
                f"{dmy_hm(v.published_at)} · {v.published_by_name} · {v.units} đơn vị · "
                + ("DOCX" if v.source.value == "docx" else "văn bản"),
            )
            for v in sorted(d.versions, key=lambda v: -v.number)
        ]
        self.actions = [a.value for a in d.actions]

    def _apply_diff(self, diff: VersionDiff) -> None:
        self.diff_from, self.diff_to, self.unchanged = (
            diff.from_version,
            diff.to_version,
            diff.unchanged,
        )
        self.changes = [
            ChangeLine(
                key=c.key,
                change=CHANGE_LABELS[c.change],
                where=f"{UNIT_KIND_LABELS[c.kind]} {_where(c.old_anchor, c.new_anchor)}",
                words=[Word(w.op.value, w.text) for w in c.words],
            )
            for c in diff.changes
        ]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        draft_id = self._param("draft_id")
        if draft_id is None:
            return
        found = await self._read(lambda api: client.draft(api, draft_id))
        if found is None:
            return
        self._apply(found)
        self.changes, self.diff_from, self.diff_to = [], 0, 0
        if found.version > 1:
            diff = await self._call(lambda api: client.diff(api, draft_id))
            if diff is not None:
                self._apply_diff(diff)
        self.loaded = True

    @rx.event
    async def show_diff(self, form: dict):
        try:
            old, new = int(form.get("from") or 0), int(form.get("to") or 0)
        except ValueError:
            return self._say("Hãy chọn hai phiên bản.", False)
        draft_id = self.draft_id
        diff = await self._call(lambda api: client.diff(api, draft_id, old or None, new or None))
        if diff is not None:
            self._apply_diff(diff)
        return None

    @rx.event
    def set_note(self, value: str):
        self.note = value

    async def _revised(self, work) -> None:
        self.busy = True
        done = await self._call(work)
        self.busy = False
        if done is None:
            return
        self._apply(done)
        draft_id = self.draft_id
        diff = await self._call(lambda api: client.diff(api, draft_id))
        if diff is not None:
            self._apply_diff(diff)
        self._say(f"Đã đăng bản số {done.version}. Góp ý giữ nguyên chỗ của chúng.", True)

    @rx.event
    async def revise(self, form: dict):
        text = (form.get("text") or "").strip()
        if not text:
            return self._say("Hãy nhập nội dung phiên bản mới.", False)
        request, draft_id = DraftRevise(text=text, note=self.note.strip()), self.draft_id
        await self._revised(lambda api: client.revise(api, draft_id, request))
        return None

    @rx.event
    async def revise_docx(self, files: list[rx.UploadFile]):
        found = await _file(files)
        if found is None:
            return
        draft_id, note = self.draft_id, self.note.strip()
        await self._revised(lambda api: client.revise_docx(api, draft_id, note, found[0], found[1]))

    @rx.event
    async def open_consultation(self, form: dict):
        title = (form.get("title") or "").strip() or self.title
        opens, closes = parse_dmy(form.get("opens") or ""), parse_dmy(form.get("closes") or "")
        if opens is None or closes is None:
            return self._say("Hãy nhập ngày theo dạng ngày/tháng/năm.", False)
        start = datetime(opens.year, opens.month, opens.day, tzinfo=UTC) - VN
        end = datetime(closes.year, closes.month, closes.day, tzinfo=UTC) - VN + timedelta(days=1)
        request = ConsultationCreate(
            draft_id=self.draft_id,
            title=title[:300],
            opens_at=start,
            closes_at=end,
            description=(form.get("description") or "").strip(),
        )
        made = await self._call(lambda api: client.open_consultation(api, request))
        if made is None:
            return None
        return rx.redirect(routes.filled(routes.FEEDBACK_CONSULTATION, made.id))
