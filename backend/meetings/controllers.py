"""``/api/meetings``: scheduling, invitations and replies, attendance, minutes, statistics."""

from __future__ import annotations

from datetime import date

from litestar import Controller, Request, get, patch, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.paging import Limit
from backend.documents.metadata import answered_do_mat
from backend.files.uploads import multipart_body, read_upload
from backend.meetings import queries
from backend.meetings.attachments import MeetingFiles
from backend.meetings.detail import detail_of
from backend.meetings.proceedings import Proceedings
from backend.meetings.records import meeting_record, readable_meeting
from backend.meetings.scheduling import Scheduling
from backend.meetings.statistics import statistics
from shared.meetings import (
    AttendanceRequest,
    AttendanceStatistics,
    CancelRequest,
    ChiBoMeetings,
    MeetingCreate,
    MeetingDetail,
    MeetingPage,
    MeetingUpdate,
    MinutesRequest,
    ReplyRequest,
)

FILE_FORM = multipart_body(
    "Tài liệu của cuộc họp",
    {"do_mat": "Trả lời câu hỏi độ mật khi tệp là bản quét (khong, mat, toi_mat, tuyet_mat)"},
    {"file": "Tệp PDF, DOCX hoặc XLSX"},
    optional=frozenset({"do_mat"}),
)


class MeetingController(Controller):
    path = "/api/meetings"
    tags = ["Sinh hoạt chi bộ"]
    dependencies = {
        "actor": Provide(provide_actor),
        "scheduling": inject(Scheduling),
        "proceedings": inject(Proceedings),
        "attachments": inject(MeetingFiles),
    }

    @get("/", opt={"problems": (404,)})
    async def list_meetings(
        self,
        actor: Actor,
        organisation_id: RowId | None = None,
        upcoming: bool = True,
        cursor: str | None = None,
        limit: Limit = 20,
    ) -> MeetingPage:
        """Upcoming meetings (soonest first) or past ones (newest first) of the caller's chi bộ
        and of those he runs, or of one chi bộ."""
        return await queries.meetings(
            actor, organisation_id=organisation_id, upcoming=upcoming, cursor=cursor, limit=limit
        )

    @post("/", status_code=201)
    async def schedule(
        self, actor: Actor, scheduling: Scheduling, data: MeetingCreate
    ) -> MeetingDetail:
        """Schedule a regular or thematic meeting (its bí thư or phó bí thư)."""
        return await scheduling.schedule(actor, data)

    @get("/chi-bo/{organisation_id:int}")
    async def chi_bo(self, actor: Actor, organisation_id: RowId) -> ChiBoMeetings:
        """A chi bộ's upcoming meetings, and whether the caller may schedule or see figures."""
        return await queries.chi_bo(actor, organisation_id)

    @get("/statistics", opt={"problems": (404, 422)})
    async def attendance_statistics(
        self,
        actor: Actor,
        organisation_id: RowId | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> AttendanceStatistics:
        """Attendance over a period (this year by default), per meeting and per member of a
        chi bộ (the caller's own when none is named), or per chi bộ below a đảng bộ; exempt
        members left out."""
        return await statistics(actor, organisation_id, date_from, date_to)

    @get("/{meeting_id:int}")
    async def detail(self, actor: Actor, meeting_id: RowId) -> MeetingDetail:
        row, _ = await readable_meeting(actor, meeting_id)
        record, invitation = await meeting_record(actor, row)
        return await detail_of(actor, row, record, invitation)

    @patch("/{meeting_id:int}")
    async def edit(
        self, actor: Actor, scheduling: Scheduling, meeting_id: RowId, data: MeetingUpdate
    ) -> MeetingDetail:
        """Change the title, time, place, chuyên đề or agenda (before the meeting)."""
        return await scheduling.edit(actor, meeting_id, data)

    # The form is read here, in memory (never spooled to a disk): 415 for another body.
    @post(
        "/{meeting_id:int}/files",
        status_code=201,
        operation_class=FILE_FORM,
        opt={"problems": (415,)},
    )
    async def attach(
        self, request: Request, actor: Actor, attachments: MeetingFiles, meeting_id: RowId
    ) -> MeetingDetail:
        """Attach a document (multipart: ``file``, and ``do_mat`` when it is a scan); a file
        stamped Mật is refused before anything of it is stored."""
        fields, filename, data = await read_upload(
            request, fields={"do_mat"}, max_file_bytes=attachments.files.max_bytes
        )
        do_mat = answered_do_mat(fields.get("do_mat"))
        return await attachments.attach(actor, meeting_id, data, filename, do_mat)

    @post("/{meeting_id:int}/invite", status_code=200)
    async def invite(
        self, actor: Actor, scheduling: Scheduling, meeting_id: RowId
    ) -> MeetingDetail:
        """Invite every member on the roll (notification ``hop_chi_bo``)."""
        return await scheduling.invite(actor, meeting_id)

    @post("/{meeting_id:int}/reply", status_code=200)
    async def reply(
        self, actor: Actor, proceedings: Proceedings, meeting_id: RowId, data: ReplyRequest
    ) -> MeetingDetail:
        """Confirm attendance, or excuse oneself with a reason."""
        return await proceedings.reply(actor, meeting_id, data)

    @post("/{meeting_id:int}/attendance", status_code=200)
    async def attendance(
        self, actor: Actor, proceedings: Proceedings, meeting_id: RowId, data: AttendanceRequest
    ) -> MeetingDetail:
        """Take attendance (from the meeting's day); the meeting is then held."""
        return await proceedings.take_attendance(actor, meeting_id, data)

    @post("/{meeting_id:int}/minutes", status_code=200)
    async def minutes(
        self, actor: Actor, proceedings: Proceedings, meeting_id: RowId, data: MinutesRequest
    ) -> MeetingDetail:
        """Record (or rewrite, until published) the biên bản."""
        return await proceedings.record_minutes(actor, meeting_id, data.text)

    @post("/{meeting_id:int}/minutes/publish", status_code=200)
    async def publish_minutes(
        self, actor: Actor, proceedings: Proceedings, meeting_id: RowId
    ) -> MeetingDetail:
        """Publish the biên bản to the members (notified)."""
        return await proceedings.publish_minutes(actor, meeting_id)

    @post("/{meeting_id:int}/cancel", status_code=200)
    async def cancel(
        self, actor: Actor, scheduling: Scheduling, meeting_id: RowId, data: CancelRequest
    ) -> MeetingDetail:
        return await scheduling.cancel(actor, meeting_id, data.reason)
