"""The signed-in user the Lighthouse benchmark measures as, with a documents list to show.

``prepare(count)`` runs in a subprocess with the server's ``DANGBO_*`` environment: it migrates
the fresh database, seeds the demo data, enrols a cán bộ of the Văn phòng Tỉnh ủy (``VPTU``)
through the account service with the test suite's software authenticator, and has the demo
văn thư register ``count`` incoming documents (generated PDFs, through the documents service:
gates, files, search index, timeline) that the demo lãnh đạo assigns to him as main handler.
So ``/van-ban`` shows him a first page of ``count`` documents, as real use would have made it.
"""

from __future__ import annotations

from datetime import timedelta

from backend import db
from backend.accounts.identity import Actor, Client
from backend.accounts.invitations import InvitationService
from backend.accounts.lookup import actor_for
from backend.accounts.registration import RegistrationCeremony
from backend.core.clock import today
from backend.documents.pdfgen import PartyDocument, render
from backend.documents.registration import Registration
from backend.documents.workflow import Workflow
from backend.domains import build_services
from backend.seed import seed_demo
from backend.settings import get_settings
from benchmarks.corpus import generate
from shared.accounts import Role
from shared.documents import AssignRequest, Direction, DocumentMetadata, DoKhan
from tests.soft_authenticator import SoftAuthenticator

CLIENT = Client(ip="", user_agent="lighthouse-setup")


async def _actor(username: str) -> Actor:
    actor = await actor_for(username)
    if actor is None:
        raise RuntimeError(f"the demo seed has no user {username!r}")
    return actor.coming_from(CLIENT)


async def prepare(count: int) -> str:
    """Returns the session token of the enrolled user (see the module's text)."""
    settings = get_settings()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    try:
        await db.migrate()
        services = build_services(settings)
        await seed_demo(services)
        created = await services.get(InvitationService).invite(
            full_name="Người Đo Tải", roles=[Role.CAN_BO], organisation_code="VPTU"
        )
        registration = services.get(RegistrationCeremony)
        ceremony, options = await registration.begin(created.url.rsplit("/", 1)[1], CLIENT)
        credential = SoftAuthenticator(origin=settings.origin, rp_id=settings.rp_id).create(options)
        user, token = await registration.finish(ceremony, credential, "Đo tải", CLIENT)

        clerk, leader = await _actor("vanthu"), await _actor("lanhdao")
        register, workflow = services.get(Registration), services.get(Workflow)
        day = today()
        for n, doc in enumerate(generate(count, seed=13)):
            issued = day - timedelta(days=n + 1)
            pdf = render(
                PartyDocument(
                    cap_tren="ĐẢNG BỘ TỈNH BẮC NINH",
                    co_quan=doc["co_quan_ban_hanh"].upper(),
                    so_ky_hieu=doc["ky_hieu"],
                    noi_ban_hanh="Bắc Ninh",
                    ngay=issued,
                    loai=doc["loai_label"].upper(),
                    trich_yeu=doc["trich_yeu"],
                    paragraphs=[doc["body"]],
                    chuc_vu="T/M BAN THƯỜNG VỤ",
                    nguoi_ky=doc["nguoi_ky"],
                )
            )
            deadline = day + timedelta(days=3 + n) if n % 3 else None
            detail = await register.register(
                clerk,
                DocumentMetadata(
                    direction=Direction.DEN,
                    so_ky_hieu=doc["ky_hieu"],
                    co_quan_ban_hanh=doc["co_quan_ban_hanh"],
                    ngay_ban_hanh=issued,
                    trich_yeu=doc["trich_yeu"],
                    nguoi_ky=doc["nguoi_ky"],
                    do_khan=DoKhan(doc["do_khan"]),
                    han_xu_ly=deadline,
                ),
                pdf,
                doc["ky_hieu"].replace("/", "-") + ".pdf",
            )
            await workflow.assign(
                leader, detail.id, AssignRequest(main_handler_id=user.id, deadline=deadline)
            )
    finally:
        await db.stop(engine)
    return token
