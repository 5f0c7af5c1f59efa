from litestar import Controller, get
from litestar.di import Provide

from backend.accounts.deps import provide_user
from backend.accounts.services import CurrentUser
from backend.orgs.services import list_organisations
from shared.orgs import Organisation


class OrganisationController(Controller):
    path = "/api/orgs"
    tags = ["Tổ chức"]
    dependencies = {"user": Provide(provide_user)}

    @get("/")
    async def list(self, user: CurrentUser) -> list[Organisation]:
        return await list_organisations()
