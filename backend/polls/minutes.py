"""The biên bản kiểm phiếu: a PDF set in the project's Vietnamese fonts
(:func:`backend.documents.pdfgen.add_fonts`), generated when a poll closes and again after
every sign-off, kept in the one file store (``backend/files``) and recorded in
``poll_minutes`` (one row per poll: its SHA-256 is the current version's).

It prints the congress, the poll, the base of the majority fixed at opening and every rule
overridden, the ballots issued/received/valid/invalid per source and in all, the votes per
candidate (or per choice) with their percentage of the base, who was elected or whether the
motion passed, ties at the cut-off flagged for another round, the counting board's members
and the sign-offs so far. A sign-off regenerates it, so the hash the next member signs is a
new one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from fpdf import FPDF

from backend import db
from backend.accounts.identity import Actor
from backend.congress.records import readable_congress
from backend.congress.tables import BodyMember, Congress
from backend.core.clock import now
from backend.core.problems import Problem
from backend.documents.pdfgen import add_fonts, date_words
from backend.files.services import FileStore
from backend.polls.counting import rule_entries
from backend.polls.detail import candidates_of, item_titles, result_of, rules_of, sources_of
from backend.polls.records import poll_row
from backend.polls.tables import Poll, PollMinutes, PollMinutesSignature
from shared.congress import CongressBody
from shared.polls import (
    POLL_KIND_LABELS,
    POLL_MODE_LABELS,
    POLL_SOURCE_LABELS,
    PollKind,
    PollMode,
    PollResult,
    PollTotals,
    RuleEntry,
)

FILENAME = "bien-ban-kiem-phieu-{poll}.pdf"

log = logging.getLogger(__name__)


@dataclass
class MinutesContent:
    congress: str
    term: str
    item: str
    title: str
    kind: PollKind
    mode_label: str
    seats: int
    result: PollResult
    rules: list[RuleEntry]
    candidate_names: dict[int, str]
    board: list[tuple[str, str]]  # (full name, title in the board)
    signatures: list[tuple[str, datetime]] = field(default_factory=list)
    closed_at: datetime | None = None


def _pct(votes: int, base: int) -> str:
    return f"{(100 * votes / base):.2f}%".replace(".", ",") if base else "—"


def _totals_line(label: str, t: PollTotals) -> list[str]:
    return [label, str(t.issued), str(t.received), str(t.valid), str(t.invalid)]


def render(content: MinutesContent) -> bytes:
    """The minutes as a PDF (pure: no database)."""
    r = content.result
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    add_fonts(pdf)
    pdf.set_title(f"Biên bản kiểm phiếu: {content.title}")
    pdf.set_creator("Đảng bộ số")
    pdf.add_page()

    def line(text: str, *, bold: bool = False, size: int = 11, align: str = "L") -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(0, 6, text, align=align, new_x="LMARGIN", new_y="NEXT")

    line("ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=12, align="R")
    line(f"{content.congress} (nhiệm kỳ {content.term})", bold=True)
    pdf.ln(4)
    line("BIÊN BẢN KIỂM PHIẾU", bold=True, size=14, align="C")
    line(content.title, bold=True, size=12, align="C")
    pdf.ln(3)
    line(f"Nội dung: {content.item}")
    line(f"Hình thức: {POLL_KIND_LABELS[content.kind]}; {content.mode_label}.")
    if content.kind is not PollKind.RESOLUTION:
        line(f"Số lượng cần bầu: {content.seats}.")
    if content.closed_at:
        line(f"Kết thúc bỏ phiếu: {content.closed_at:%H:%M}, {date_words(content.closed_at)}.")
    line(
        f"Cơ sở tính tỷ lệ (cố định khi mở bỏ phiếu): {r.base}. "
        f"Số phiếu tối thiểu để đạt: {r.majority}."
    )
    overridden = [e for e in content.rules if e.overridden]
    if overridden:
        line("Quy tắc đã thay đổi so với mặc định:", bold=True)
        for e in overridden:
            line(f"- {e.label}: {e.value} (mặc định: {e.default}; {e.source}).")

    pdf.ln(2)
    line("I. SỐ PHIẾU", bold=True)
    rows = [["Nguồn", "Phát ra", "Thu vào", "Hợp lệ", "Không hợp lệ"]]
    rows += [_totals_line(POLL_SOURCE_LABELS[s.source], s) for s in r.sources]
    rows.append(_totals_line("Tổng cộng", r.total))
    _table(pdf, rows, [60, 28, 28, 28, 31])

    pdf.ln(2)
    line("II. KẾT QUẢ", bold=True)
    if content.kind is PollKind.RESOLUTION:
        rows = [["Lựa chọn", "Số phiếu", "Tỷ lệ so với cơ sở"]]
        rows += [[c.label, str(c.votes), _pct(c.votes, r.base)] for c in r.choices]
        _table(pdf, rows, [80, 35, 60])
        line("Kết luận: " + ("THÔNG QUA." if r.passed else "KHÔNG THÔNG QUA."), bold=True)
    else:
        rows = [["Họ và tên", "Số phiếu", "Tỷ lệ so với cơ sở", "Ghi chú"]]
        for c in r.candidates:
            note = "Trúng cử" if c.elected else ("Bằng phiếu" if c.tied else "")
            rows.append([c.name, str(c.votes), _pct(c.votes, r.base), note])
        _table(pdf, rows, [70, 25, 45, 35])
        names = [content.candidate_names.get(i, "") for i in r.elected]
        line(
            "Trúng cử: " + (", ".join(names) if names else "không có ai") + ".",
            bold=True,
        )
        if r.another_round:
            tied = ", ".join(content.candidate_names.get(i, "") for i in r.ties)
            line(
                f"Bằng phiếu tại vị trí cuối: {tied}. Số lượng còn thiếu do bầu lại quyết định.",
                bold=True,
            )

    pdf.ln(4)
    line("III. BAN KIỂM PHIẾU", bold=True)
    for name, title in content.board:
        line(f"- {name}{f' ({title})' if title else ''}")
    line("Xác nhận bằng khóa truy cập (passkey):", bold=True)
    if content.signatures:
        for name, at in content.signatures:
            line(f"- {name}: đã ký lúc {at:%H:%M:%S}, {date_words(at)}.")
    else:
        line("- Chưa có thành viên nào ký.")
    return bytes(pdf.output())


def _table(pdf: FPDF, rows: list[list[str]], widths: list[int]) -> None:
    for index, row in enumerate(rows):
        pdf.set_font("DejaVu", "B" if index == 0 else "", 10)
        for text, width in zip(row, widths, strict=True):
            pdf.cell(width, 7, text, border=1, align="L" if width >= 45 else "C")
        pdf.ln(7)


async def content_of(congress_id: int, poll_id: int) -> MinutesContent:
    row = await poll_row(congress_id, poll_id)
    congress = (
        await Congress.select(Congress.name, Congress.term)
        .where(Congress.id == congress_id)
        .first()
    )
    candidates = await candidates_of(poll_id)
    result = result_of(row, candidates, await sources_of(poll_id))
    board = await (
        BodyMember.select(BodyMember.user.full_name, BodyMember.title)
        .where(
            (BodyMember.congress == congress_id) & (BodyMember.body == CongressBody.COUNTING.value)
        )
        .order_by(BodyMember.position)
        .order_by(BodyMember.id)
    )
    signatures = await (
        PollMinutesSignature.select(
            PollMinutesSignature.user.full_name, PollMinutesSignature.signed_at
        )
        .where(PollMinutesSignature.poll == poll_id)
        .order_by(PollMinutesSignature.signed_at)
    )
    kind = PollKind(row["kind"])
    return MinutesContent(
        congress=congress["name"] if congress else "",
        term=congress["term"] if congress else "",
        item=(await item_titles([row["item"]])).get(row["item"], ""),
        title=row["title"],
        kind=kind,
        mode_label=POLL_MODE_LABELS[PollMode(row["mode"])],
        seats=row["seats"],
        result=result,
        rules=rule_entries(kind, row["seats"], rules_of(row)),
        candidate_names={c.id: c.name for c in candidates},
        board=[(b["user.full_name"] or "", b["title"] or "") for b in board],
        signatures=[(s["user.full_name"] or "", s["signed_at"]) for s in signatures],
        closed_at=row["closed_at"],
    )


class Minutes:
    """Generating and keeping the minutes in the file store."""

    def __init__(self, files: FileStore) -> None:
        self.files = files

    async def generate(self, congress_id: int, poll_id: int) -> str:
        """(Re)generate the minutes of a closed poll; returns the new SHA-256."""
        data = render(await content_of(congress_id, poll_id))
        staged = await self.files.receive(data, FILENAME.format(poll=poll_id))
        async with self.files.placing(staged):
            async with db.transaction():
                await self.files.record(staged)
                stamp = now()
                if await PollMinutes.exists().where(PollMinutes.poll == poll_id):
                    await PollMinutes.update(
                        {PollMinutes.sha256: staged.sha256, PollMinutes.generated_at: stamp}
                    ).where(PollMinutes.poll == poll_id)
                else:
                    await PollMinutes.insert(
                        PollMinutes(poll=poll_id, sha256=staged.sha256, generated_at=stamp)
                    )
        return staged.sha256

    async def generate_after_close(self, congress_id: int, poll_id: int) -> None:
        """Right after a close has committed: a failure here (the file store full, say) must
        not turn the close into an error. It is logged; the poll's next read makes the
        minutes again (:meth:`ensure`)."""
        try:
            await self.generate(congress_id, poll_id)
        except Exception:
            log.exception("minutes of poll %s not generated", poll_id)

    async def ensure(self, congress_id: int, poll_id: int) -> bool:
        """Makes the minutes of a closed poll that has none (their generation failed at
        close); True when it made them."""
        closed = await Poll.exists().where((Poll.id == poll_id) & Poll.closed_at.is_not_null())
        if not closed or await PollMinutes.exists().where(PollMinutes.poll == poll_id):
            return False
        await self.generate_after_close(congress_id, poll_id)
        return True


async def readable_minutes(actor: Actor, sha256: str) -> str | None:
    """The name under which ``actor`` may download the blob as a poll's minutes: the current
    minutes of a closed poll of a congress he may read (its bodies and delegates)."""
    rows = await PollMinutes.select(PollMinutes.poll, PollMinutes.poll.congress).where(
        PollMinutes.sha256 == sha256
    )
    for r in rows:
        try:
            await readable_congress(actor, r["poll.congress"])
        except Problem:  # 404: not his congress
            continue
        closed = await Poll.exists().where((Poll.id == r["poll"]) & Poll.closed_at.is_not_null())
        if closed:
            return FILENAME.format(poll=r["poll"])
    return None
