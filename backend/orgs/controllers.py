from litestar import Controller, get
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.orgs.services import list_organisations
from shared.orgs import Organisation


class OrganisationController(Controller):
    path = "/api/orgs"
    tags = ["Tổ chức"]
    dependencies = {"actor": Provide(provide_actor)}

    @get("/")
    async def list(self, actor: Actor) -> list[Organisation]:
        return await list_organisations()
