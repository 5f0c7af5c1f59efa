"""``/api/congresses/{id}/…`` during the congress: delegate cards, check-in and attendance,
the live position (sessions opened and closed, the agenda moved), and the speakers lists."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post, put
from litestar.di import Provide
from litestar.params import Parameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.congress.agenda import Agenda
from backend.congress.cards import Cards
from backend.congress.checkin import Checkins
from backend.congress.live_state import live_state
from backend.congress.papers import Papers
from backend.congress.speakers import Speakers
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.documents.metadata import answered_do_mat
from backend.events.log import EventLog
from backend.files.controllers import content_disposition
from backend.files.uploads import multipart_body, read_upload
from shared.congress_hall import (
    AbsenceRequest,
    AgendaMove,
    CheckinRequest,
    CheckinResult,
    ContributionRequest,
    ContributionReview,
    DelegateCard,
    ItemSpeakers,
    LiveState,
    MyRequests,
    SessionAttendance,
    SpeakerOrder,
    SpeakRequest,
)

TAGS = ["Đại hội"]

PAPER_FORM = multipart_body(
    "Toàn văn tham luận",
    {"do_mat": "Trả lời câu hỏi độ mật khi tệp là bản quét (khong, mat, toi_mat, tuyet_mat)"},
    {"file": "Tệp PDF, DOCX hoặc XLSX"},
    optional=frozenset({"do_mat"}),
)


PDF = "application/pdf"
Delegation = Annotated[str, Parameter(max_length=200, description="đoàn đại biểu")]


def _pdf_download(content: bytes, filename: str) -> Response:
    return Response(
        content=content,
        media_type=PDF,
        headers={
            "content-disposition": content_disposition(filename, inline=False),
            "cache-control": "no-store",  # a card carries a live check-in token
        },
    )


class CardController(Controller):
    path = "/api/congresses/{congress_id:int}"
    tags = TAGS
    dependencies = {"actor": Provide(provide_actor), "cards": inject(Cards)}

    @get("/card", opt={"problems": (409,)})
    async def own_card(self, actor: Actor, cards: Cards, congress_id: RowId) -> DelegateCard:
        """The caller's own delegate card: its QR (a signed, expiring token), number and
        delegation; 409 when his credentials were refused or he was replaced."""
        return await cards.own_card(actor, congress_id)

    @get("/card.pdf", opt={"problems": (409,), "media_type": PDF})
    async def own_card_pdf(self, actor: Actor, cards: Cards, congress_id: RowId) -> Response:
        """The caller's own card as a PDF to print (a card of the A7 size on an A4 page,
        with its cut lines)."""
        return _pdf_download(*await cards.own_card_pdf(actor, congress_id))

    @get("/cards.pdf", opt={"media_type": PDF})
    async def batch_pdf(
        self, actor: Actor, cards: Cards, congress_id: RowId, delegation: Delegation | None = None
    ) -> Response:
        """The cards of every delegate whose credentials were accepted, or of one
        ``delegation``, eight to an A4 page with cut lines (the organising committee); 404
        when there is none."""
        return _pdf_download(*await cards.batch_pdf(actor, congress_id, delegation))

    @get("/delegates/{delegate_id:int}/card.pdf", opt={"media_type": PDF})
    async def printed_card_pdf(
        self, actor: Actor, cards: Cards, congress_id: RowId, delegate_id: RowId
    ) -> Response:
        """One delegate's card as a PDF to print (the organising committee)."""
        return _pdf_download(*await cards.printed_card_pdf(actor, congress_id, delegate_id))

    @get("/delegates/{delegate_id:int}/card")
    async def printed_card(
        self, actor: Actor, cards: Cards, congress_id: RowId, delegate_id: RowId
    ) -> DelegateCard:
        """A delegate's card, to print (the organising committee)."""
        return await cards.printed_card(actor, congress_id, delegate_id)

    @post("/delegates/{delegate_id:int}/card/reissue", status_code=200)
    async def reissue(
        self, actor: Actor, cards: Cards, congress_id: RowId, delegate_id: RowId
    ) -> DelegateCard:
        """A new card for a delegate: every QR of his earlier cards stops working."""
        return await cards.reissue(actor, congress_id, delegate_id)


class CheckinController(Controller):
    path = "/api/congresses/{congress_id:int}/sessions/{session_id:int}"
    tags = TAGS
    dependencies = {"actor": Provide(provide_actor), "checkins": inject(Checkins)}

    @post("/checkins", status_code=200)
    async def check_in(
        self,
        actor: Actor,
        checkins: Checkins,
        congress_id: RowId,
        session_id: RowId,
        data: CheckinRequest,
    ) -> CheckinResult:
        """Check a delegate in: ``token`` (his card's QR, scanned) or ``code`` (his số thẻ,
        typed). A second check-in of the same delegate for the session answers the first
        with ``already: true`` and writes nothing."""
        return await checkins.check_in(actor, congress_id, session_id, data)

    @post("/absences", status_code=200)
    async def excuse(
        self,
        actor: Actor,
        checkins: Checkins,
        congress_id: RowId,
        session_id: RowId,
        data: AbsenceRequest,
    ) -> SessionAttendance:
        """Record a delegate's excused absence from the session, with its reason."""
        return await checkins.excuse(actor, congress_id, session_id, data)

    @get("/attendance")
    async def attendance(
        self, actor: Actor, checkins: Checkins, congress_id: RowId, session_id: RowId
    ) -> SessionAttendance:
        """Summoned, present, absent with and without a reason (by kind), the quorum, and
        who is absent."""
        return await checkins.attendance(actor, congress_id, session_id)


class LiveController(Controller):
    path = "/api/congresses/{congress_id:int}"
    tags = TAGS
    dependencies = {
        "actor": Provide(provide_actor),
        "agenda": inject(Agenda),
        "speakers": inject(Speakers),
        "papers": inject(Papers),
        "events": inject(EventLog),
    }

    @get("/live")
    async def live(self, actor: Actor, events: EventLog, congress_id: RowId) -> LiveState:
        """What the congress is doing now. Then subscribe to ``GET /api/events/{stream}``
        from ``last_event_id`` (``Last-Event-ID`` or ``?after=``) to follow it."""
        return await live_state(events, actor, congress_id)

    @post("/sessions/{session_id:int}/open", status_code=200)
    async def open_session(
        self, actor: Actor, agenda: Agenda, congress_id: RowId, session_id: RowId
    ) -> LiveState:
        """Khai mạc: open the session; its first item becomes the current one (presidium)."""
        return await agenda.open_session(actor, congress_id, session_id)

    @post("/sessions/{session_id:int}/close", status_code=200)
    async def close_session(
        self, actor: Actor, agenda: Agenda, congress_id: RowId, session_id: RowId
    ) -> LiveState:
        """Bế mạc: close the open session (presidium)."""
        return await agenda.close_session(actor, congress_id, session_id)

    @post("/agenda/move", status_code=200)
    async def move(
        self, actor: Actor, agenda: Agenda, congress_id: RowId, data: AgendaMove
    ) -> LiveState:
        """Move the open session's current item: next, previous, or a given item (presidium);
        the item left is done."""
        return await agenda.move(actor, congress_id, data)

    @get("/speakers/mine")
    async def my_requests(self, actor: Actor, speakers: Speakers, congress_id: RowId) -> MyRequests:
        """The caller's own requests to speak and written contributions, newest first, with
        their status and whether he may still withdraw each."""
        return await speakers.mine(actor, congress_id)

    @get("/items/{item_id:int}/speakers")
    async def item_speakers(
        self, actor: Actor, speakers: Speakers, congress_id: RowId, item_id: RowId
    ) -> ItemSpeakers:
        """The item's speakers list in order, with the written contributions."""
        return await speakers.item_list(actor, congress_id, item_id)

    @post("/items/{item_id:int}/speakers", status_code=201)
    async def register(
        self,
        actor: Actor,
        speakers: Speakers,
        congress_id: RowId,
        item_id: RowId,
        data: SpeakRequest,
    ) -> ItemSpeakers:
        """Ask to speak on the item (a delegate whose credentials stand)."""
        return await speakers.register(actor, congress_id, item_id, data)

    @post("/items/{item_id:int}/contributions", status_code=201)
    async def contribute(
        self,
        actor: Actor,
        speakers: Speakers,
        congress_id: RowId,
        item_id: RowId,
        data: ContributionRequest,
    ) -> ItemSpeakers:
        """File a written contribution (tham luận) on the item, for the secretariat."""
        return await speakers.contribute(actor, congress_id, item_id, data)

    @put("/items/{item_id:int}/speakers/order")
    async def order(
        self,
        actor: Actor,
        speakers: Speakers,
        congress_id: RowId,
        item_id: RowId,
        data: SpeakerOrder,
    ) -> ItemSpeakers:
        """The order of the item's queue: every queued request's id once (presidium)."""
        return await speakers.order(actor, congress_id, item_id, data)

    # The form is read here, in memory (never spooled to a disk): 415 for another body.
    @post(
        "/speakers/{speaker_id:int}/file",
        status_code=200,
        operation_class=PAPER_FORM,
        opt={"problems": (415,)},
    )
    async def attach_paper(
        self, request: Request, actor: Actor, papers: Papers, congress_id: RowId, speaker_id: RowId
    ) -> ItemSpeakers:
        """Attach the text of one's own written contribution while it waits for review
        (multipart: ``file``, and ``do_mat`` when it is a scan); a file stamped Mật is refused
        before anything of it is stored."""
        fields, filename, data = await read_upload(
            request, fields={"do_mat"}, max_file_bytes=papers.files.max_bytes
        )
        do_mat = answered_do_mat(fields.get("do_mat"))
        return await papers.attach(actor, congress_id, speaker_id, data, filename, do_mat)

    @post("/speakers/{speaker_id:int}/review", status_code=200)
    async def review(
        self,
        actor: Actor,
        speakers: Speakers,
        congress_id: RowId,
        speaker_id: RowId,
        data: ContributionReview,
    ) -> ItemSpeakers:
        """Approve a written contribution (it joins the list) or decline it with a note
        (secretariat); the delegate is notified."""
        return await speakers.review(actor, congress_id, speaker_id, data)

    @post("/speakers/{speaker_id:int}/floor", status_code=200)
    async def give_floor(
        self, actor: Actor, speakers: Speakers, congress_id: RowId, speaker_id: RowId
    ) -> ItemSpeakers:
        """Give the floor (presidium): whoever had it finishes; the delegate is notified."""
        return await speakers.give_floor(actor, congress_id, speaker_id)

    @post("/speakers/{speaker_id:int}/finish", status_code=200)
    async def finish(
        self, actor: Actor, speakers: Speakers, congress_id: RowId, speaker_id: RowId
    ) -> ItemSpeakers:
        """End the speech; its entry carries the minutes spoken and those planned."""
        return await speakers.finish(actor, congress_id, speaker_id)

    @post("/speakers/{speaker_id:int}/withdraw", status_code=200)
    async def withdraw(
        self, actor: Actor, speakers: Speakers, congress_id: RowId, speaker_id: RowId
    ) -> ItemSpeakers:
        """Withdraw one's own request or contribution before speaking."""
        return await speakers.withdraw(actor, congress_id, speaker_id)
