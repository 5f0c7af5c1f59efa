"""Hồ sơ đảng viên: records, the roll import, correction requests."""

from backend.core.domain import Domain
from backend.core.sealed import Sealer
from backend.core.services import Services
from backend.imports.jobs import ImportRunner
from backend.members.controllers import MemberController
from backend.members.corrections import Corrections
from backend.members.demo import seed_members
from backend.members.dinh_danh import DinhDanh
from backend.members.import_layout import LAYOUT
from backend.members.importing import MemberImport
from backend.members.profiles import Profiles
from backend.members.tables import MemberCorrection, MemberEvent, PartyMember
from backend.notifications.notifier import Notifier


def build(services: Services) -> None:
    dinh_danh = DinhDanh(Sealer(services.settings.secret_key))
    services.add(dinh_danh)
    services.add(Profiles(dinh_danh))
    services.add(MemberImport(dinh_danh))
    services.add(Corrections(services.get(Notifier)))
    services.get(ImportRunner).declare(LAYOUT)


DOMAIN = Domain(
    name="members",
    tables=[PartyMember, MemberCorrection, MemberEvent],
    controllers=[MemberController],
    build=build,
    seed=seed_members,
)
