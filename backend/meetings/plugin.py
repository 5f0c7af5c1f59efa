"""Sinh hoạt chi bộ: meetings, invitations, attendance, minutes, statistics."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.files.services import FileStore
from backend.meetings.attachments import MeetingFiles, readable_file
from backend.meetings.controllers import MeetingController
from backend.meetings.demo import seed_meetings
from backend.meetings.proceedings import Proceedings
from backend.meetings.scheduling import Scheduling
from backend.meetings.tables import Meeting, MeetingEvent, MeetingFile, MeetingInvitation
from backend.notifications.notifier import Notifier


def build(services: Services) -> None:
    notifier = services.get(Notifier)
    services.add(Scheduling(notifier))
    services.add(Proceedings(notifier))
    services.add(MeetingFiles(services.get(FileStore)))


DOMAIN = Domain(
    name="meetings",
    tables=[Meeting, MeetingFile, MeetingInvitation, MeetingEvent],
    controllers=[MeetingController],
    build=build,
    seed=seed_meetings,
    file_access=readable_file,
)
