"""State of /dai-hoi/[congress_id]/bieu-quyet/[poll_id]: one poll for the delegate who votes
on it (a ballot drawn by kind, then a confirmation step), for the presidium who opens and
closes it, and for the counting board who enters the paper totals and, after close, signs off
the biên bản kiểm phiếu with a passkey (``poll_minutes.py``). Every button comes from the poll's
``actions``; the result and the minutes are shown only once the API gives them (after
close)."""

from __future__ import annotations

import json

import reflex as rx

from frontend.api import ApiError, api_client
from frontend.components.live_from import live_from
from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import Notices
from shared.ballots import BallotAction
from shared.clock import dmy_hm
from shared.polls import (
    CHANNEL_LABELS,
    MARK_LABELS,
    POLL_KIND_LABELS,
    POLL_MODE_LABELS,
    POLL_STATUS_LABELS,
    RESOLUTION_CHOICE_LABELS,
    CandidateCount,
    CandidateMark,
    Mark,
    PaperTotals,
    PollAction,
    PollDetail,
    PollKind,
    PollMode,
    PollSource,
    PollStatus,
    PollVote,
    ResolutionChoice,
)

CHOICES = [{"value": c.value, "label": label} for c, label in RESOLUTION_CHOICE_LABELS.items()]
MARKS = [{"value": m.value, "label": label} for m, label in MARK_LABELS.items()]


def _rule(poll: PollDetail, key: str, fallback: int) -> int:
    for rule in poll.rules:
        if rule.key == key and rule.value.isdigit():
            return int(rule.value)
    return fallback


def _percent(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + "%"


class PollState(Notices, rx.State):
    poll_id: int = 0
    title: str = ""
    item_title: str = ""
    kind: str = ""
    kind_label: str = ""
    mode: str = ""
    mode_label: str = ""
    # a secret poll: the key's ``actions`` say the delegate may cast his encrypted ballot now
    secret_cast: bool = False
    status: str = ""
    status_label: str = ""
    seats: int = 0
    min_kept: int = 1
    max_kept: int = 0
    candidates: list[dict[str, str]] = []
    actions: list[str] = []
    participation: str = ""  # how I took part, when I did
    eligible: int = 0
    voted: int = 0
    base_line: str = ""
    # the stream's last event when the poll was read: the live turnout follows from it
    live_after: str = ""  # frontend/components/live_from.py
    # the ballot being filled in
    choice: str = ""
    struck: list[str] = []
    marks: dict[str, str] = {}
    confirming: bool = False
    # the result, after close
    has_result: bool = False
    result_lines: list[dict[str, str]] = []
    verdict: str = ""
    totals_line: str = ""
    paper_entered: bool = False
    # the biên bản kiểm phiếu, after close: its download and the counting board's sign-offs
    minutes_href: str = ""
    signatures: list[dict[str, str]] = []
    signers_line: str = ""
    # a secret poll (bi_mat): its tally screen and public board (secret_pages.py)
    secret: bool = False
    follows_ballots: bool = False  # the API lets me follow its ballots: I hold a key share
    board_ready: bool = False  # closed: the board is frozen and published
    secret_pending: bool = False  # closed, but the electronic ballots are not decrypted yet

    @rx.var
    def can(self) -> dict[str, bool]:
        return {action: True for action in self.actions}

    @rx.var
    def kept_count(self) -> int:
        return len(self.candidates) - len(self.struck)

    @rx.var
    def ballot_line(self) -> str:
        if self.kind == PollKind.STRIKE_OUT.value:
            return f"Giữ lại {self.kept_count}/{self.max_kept} người"
        if self.kind == PollKind.CONFIRM.value:
            return f"Đã chọn {len(self.marks)}/{len(self.candidates)} người"
        label = RESOLUTION_CHOICE_LABELS.get(ResolutionChoice(self.choice)) if self.choice else ""
        return f"Lựa chọn: {label}" if label else "Chưa chọn"

    @rx.var
    def ballot_problem(self) -> str:
        """Why the ballot cannot be sent yet, or ''."""
        if self.kind == PollKind.RESOLUTION.value:
            return "" if self.choice else "Hãy chọn một phương án."
        if self.kind == PollKind.STRIKE_OUT.value:
            if self.kept_count > self.max_kept:
                more = self.kept_count - self.max_kept
                return f"Giữ lại nhiều hơn số được bầu: hãy gạch thêm {more} người."
            if self.kept_count < self.min_kept:
                return "Không được gạch tên tất cả các ứng cử viên."
            return ""
        if not self.marks:
            return "Hãy chọn Đồng ý hoặc Không đồng ý cho ít nhất một người."
        return ""

    def _show(self, poll: PollDetail) -> None:
        self.poll_id = poll.id
        self.title, self.item_title = poll.title, poll.item_title
        self.kind, self.kind_label = poll.kind.value, POLL_KIND_LABELS[poll.kind]
        self.mode, self.mode_label = poll.mode.value, POLL_MODE_LABELS[poll.mode]
        self.status, self.status_label = poll.status.value, POLL_STATUS_LABELS[poll.status]
        self.seats = poll.seats
        self.min_kept = _rule(poll, "min_kept", 1)
        self.max_kept = _rule(poll, "max_kept", poll.seats)
        self.candidates = [{"id": str(c.id), "name": c.name} for c in poll.candidates]
        self.actions = [a.value for a in poll.actions]
        self.participation = CHANNEL_LABELS[poll.my_participation] if poll.my_participation else ""
        self.eligible, self.voted = poll.turnout.eligible, poll.turnout.voted
        base = poll.base if poll.base is not None else poll.turnout.base
        self.base_line = f"Tổng số đại biểu triệu tập: {base}" if base else ""
        self.paper_entered = poll.paper_entered
        self._result(poll)
        self._minutes(poll)
        self._secret_board(poll)

    def _secret_board(self, poll: PollDetail) -> None:
        self.secret = poll.mode is PollMode.SECRET
        closed = poll.status is PollStatus.CLOSED
        self.board_ready = self.secret and closed
        decrypted = poll.result is not None and any(
            s.source is PollSource.SECRET for s in poll.result.sources
        )
        self.secret_pending = self.board_ready and not decrypted

    async def _secret_cast_offer(self, congress_id: int) -> None:
        """Whether to offer the encrypted ballot: the ballots domain's answer, not a rule here."""
        self.secret_cast = False
        if self.mode != PollMode.SECRET.value or self.status != PollStatus.OPEN.value:
            return
        try:
            async with api_client(self) as api:
                key = await client.poll_key(api, congress_id, self.poll_id)
        except ApiError:
            return  # no key yet: nothing to cast with
        self.secret_cast = BallotAction.CAST in key.actions

    @rx.var
    def secret_choice(self) -> str:
        """The ballot being filled in, for the page script that encrypts it (by candidate id,
        so the script orders it by the poll's own candidate list)."""
        return json.dumps(
            {"choice": self.choice, "struck": self.struck, "marks": self.marks},
            separators=(",", ":"),
        )

    def _minutes(self, poll: PollDetail) -> None:
        minutes = poll.minutes
        readable = PollAction.VIEW_MINUTES in poll.actions
        if minutes is None or minutes.sha256 is None or not readable:
            self.minutes_href, self.signatures, self.signers_line = "", [], ""
            return
        self.minutes_href = client.FILE.url({"download": True}, sha256=minutes.sha256)
        self.signatures = [
            {"name": s.full_name, "at": dmy_hm(s.signed_at)} for s in minutes.signatures
        ]
        self.signers_line = (
            f"Đã ký xác nhận: {len(minutes.signatures)}/{minutes.signers_expected} "
            "thành viên Ban Kiểm phiếu"
        )

    def _result(self, poll: PollDetail) -> None:
        result = poll.result
        self.has_result = result is not None
        if result is None:
            self.result_lines, self.verdict, self.totals_line = [], "", ""
            return
        self.totals_line = (
            f"Phát ra {result.total.issued}, thu về {result.total.received}, "
            f"hợp lệ {result.total.valid}, không hợp lệ {result.total.invalid}; "
            f"quá bán: từ {result.majority} phiếu (trên {result.base} đại biểu)"
        )
        if poll.kind == PollKind.RESOLUTION:
            self.result_lines = [
                {
                    "name": c.label,
                    "votes": str(c.votes),
                    "percent": _percent(c.percent_of_base),
                    "note": "",
                }
                for c in result.choices
            ]
            self.verdict = "Được thông qua" if result.passed else "Không được thông qua"
            return
        lines = []
        for c in result.candidates:
            note = "Trúng cử" if c.elected else ("Bằng phiếu" if c.tied else "")
            votes = str(c.votes)
            if poll.kind == PollKind.CONFIRM:
                votes = f"{c.votes} đồng ý, {c.against} không đồng ý"
            lines.append(
                {
                    "name": c.name,
                    "votes": votes,
                    "percent": _percent(c.percent_of_base),
                    "note": note,
                }
            )
        self.result_lines = lines
        self.verdict = f"Trúng cử {result.seats_filled}/{poll.seats} người" + (
            "; phải bầu tiếp vì có người bằng phiếu" if result.another_round else ""
        )

    def _clear_ballot(self) -> None:
        self.choice, self.struck, self.marks, self.confirming = "", [], {}, False

    @rx.event
    async def load(self):
        self.message, self.error = "", ""
        self._clear_ballot()
        congress = await self.get_state(CongressState)
        poll_id = self._param("poll_id")
        if not congress.loaded or poll_id is None:
            return
        self.live_after = ""
        poll = await self._read(lambda api: client.poll(api, congress.congress_id, poll_id))
        if poll is not None:
            self._show(poll)
            self.live_after = live_from(client.stream(congress.congress_id), poll.last_event_id)
            await self._secret_cast_offer(congress.congress_id)
            self.follows_ballots = False
            if self.secret and poll.status is not PollStatus.PREPARING:
                self.follows_ballots = bool(
                    await self._call(
                        lambda api: client.follows_ballots(api, congress.congress_id, poll_id)
                    )
                )

    @rx.event
    def choose(self, value: str):
        self.choice = value

    @rx.event
    def toggle_strike(self, candidate_id: str):
        if candidate_id in self.struck:
            self.struck = [c for c in self.struck if c != candidate_id]
        elif self.kept_count - 1 < self.min_kept:
            # The tap that would strike the last name(s) is refused, not only flagged.
            self._say("Không được gạch tên tất cả các ứng cử viên.", False)
        else:
            self.struck = [*self.struck, candidate_id]

    @rx.event
    def mark(self, candidate_id: str, value: str):
        marks = dict(self.marks)
        if marks.get(candidate_id) == value:
            marks.pop(candidate_id)
        else:
            marks[candidate_id] = value
        self.marks = marks

    @rx.event
    def review(self):
        if self.ballot_problem:
            self._say(self.ballot_problem, False)
            return
        self.confirming = True

    @rx.event
    def back(self):
        self.confirming = False

    def _ballot(self) -> PollVote:
        if self.kind == PollKind.RESOLUTION.value:
            return PollVote(choice=ResolutionChoice(self.choice))
        if self.kind == PollKind.STRIKE_OUT.value:
            kept = [int(c["id"]) for c in self.candidates if c["id"] not in self.struck]
            return PollVote(kept=kept)
        return PollVote(
            marks=[CandidateMark(candidate_id=int(k), mark=Mark(v)) for k, v in self.marks.items()]
        )

    async def _reload(self, congress_id: int) -> None:
        poll = await self._call(lambda api: client.poll(api, congress_id, self.poll_id))
        if poll is not None:
            self._show(poll)
            await self._secret_cast_offer(congress_id)

    @rx.event
    async def send(self):
        if self.ballot_problem:
            self._say(self.ballot_problem, False)
            return
        congress = await self.get_state(CongressState)
        ballot = self._ballot()
        self.busy = True
        done = await self._call(
            lambda api: client.vote(api, congress.congress_id, self.poll_id, ballot)
        )
        self.confirming = False
        if done is not None:
            self._clear_ballot()
            self._say("Đã ghi nhận phiếu của bạn. Cảm ơn đồng chí.", True)
        await self._reload(congress.congress_id)
        self.busy = False

    @rx.event
    async def open_poll(self):
        congress = await self.get_state(CongressState)
        self.busy = True
        poll = await self._call(
            lambda api: client.open_poll(api, congress.congress_id, self.poll_id)
        )
        if poll is not None:
            self._show(poll)
            self._say("Đã mở biểu quyết; các đại biểu đã được báo.", True)
        self.busy = False

    @rx.event
    async def close_poll(self):
        congress = await self.get_state(CongressState)
        self.busy = True
        poll = await self._call(
            lambda api: client.close_poll(api, congress.congress_id, self.poll_id)
        )
        if poll is not None:
            self._show(poll)
            self._say("Đã kết thúc biểu quyết; kết quả đã được công bố.", True)
        self.busy = False

    @rx.event
    async def minutes_signed(self, problem: str | None):
        """Result of the passkey sign-off (signing.js with …/minutes/sign/begin and /finish;
        null on success). The script made the write, so the poll is read again: the sign-off
        is listed, or the API's refusal (already signed, the minutes changed) is shown."""
        congress = await self.get_state(CongressState)
        await self._reload(congress.congress_id)
        if problem:
            self._say(problem, False)
        else:
            self._say("Đã ký xác nhận biên bản kiểm phiếu.", True)

    @rx.event
    async def enter_paper(self, form: dict):
        """The counting board's paper figures; the API says which sum does not add up."""
        try:
            figures = {
                key: int(str(form.get(key, "")).strip() or "0")
                for key in ("issued", "received", "not_returned", "valid", "invalid")
            }
            choices: dict[str, int] = {}
            counts: list[CandidateCount] = []
            if self.kind == PollKind.RESOLUTION.value:
                for c in CHOICES:
                    choices[c["value"]] = int(str(form.get(f"c_{c['value']}", "")).strip() or "0")
            else:
                for c in self.candidates:
                    votes = int(str(form.get(f"v_{c['id']}", "")).strip() or "0")
                    against = int(str(form.get(f"a_{c['id']}", "")).strip() or "0")
                    counts.append(
                        CandidateCount(candidate_id=int(c["id"]), votes=votes, against=against)
                    )
        except ValueError:
            self._say("Các ô số phiếu chỉ nhận số nguyên không âm.", False)
            return
        if any(v < 0 for v in figures.values()):
            self._say("Các ô số phiếu chỉ nhận số nguyên không âm.", False)
            return
        totals = PaperTotals(**figures, choices=choices, candidates=counts)
        congress = await self.get_state(CongressState)
        self.busy = True
        poll = await self._call(
            lambda api: client.paper_totals(api, congress.congress_id, self.poll_id, totals)
        )
        if poll is not None:
            self._show(poll)
            self._say("Đã ghi số liệu phiếu giấy.", True)
        self.busy = False


class PollListState(Notices, rx.State):
    """The congress's polls, newest last, each a link to its screen; an open poll with its
    turnout (kept live by ``bieu-quyet-truc-tiep.js``)."""

    polls: list[dict[str, str]] = []
    may_prepare: bool = False  # the list's ``actions`` has ``prepare``: the console's form
    live_after: str = ""  # as PollState's

    @rx.event
    async def load(self):
        congress = await self.get_state(CongressState)
        self.live_after = ""
        if not congress.loaded:
            self.polls, self.may_prepare = [], False
            return
        found = await self._call(lambda api: client.polls(api, congress.congress_id))
        if found is None:
            self.polls, self.may_prepare = [], False
            self.message = ""  # not one of the congress's polls' readers: no section
            return
        self.may_prepare = PollAction.PREPARE in found.actions
        self.live_after = live_from(client.stream(congress.congress_id), found.last_event_id)
        lines = []
        for p in found.items:
            voted = eligible = ""
            if p.status is PollStatus.OPEN:
                turnout = await self._call(
                    lambda api, poll_id=p.id: client.turnout(api, congress.congress_id, poll_id)
                )
                if turnout is not None:
                    voted, eligible = str(turnout.voted), str(turnout.eligible)
            lines.append(
                {
                    "id": str(p.id),
                    "status": p.status.value,
                    "href": f"/dai-hoi/{congress.congress_id}/bieu-quyet/{p.id}",
                    "title": p.title,
                    "note": f"{POLL_KIND_LABELS[p.kind]} · {POLL_STATUS_LABELS[p.status]}"
                    f" · {p.item_title}",
                    "open": "1" if voted else "",
                    "voted": voted,
                    "eligible": eligible,
                }
            )
        self.polls = lines
