"""The citizens' routes as the Công dân pages call them. The VNeID sign-in itself is a
browser navigation (``VNEID_START``), not a call from a handler."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.citizens import (
    CitizenDataExport,
    CitizenErase,
    CitizenErased,
    CitizenProfile,
    ConsentAccept,
    ConsentNotice,
)

# The key of this domain's global actions in ``Me.actions``.
DOMAIN = "citizens"

# A browser navigation (a link), not a call: the API sends the browser on to VNeID.
VNEID_START = Endpoint("GET", "/api/citizens/vneid/start")
CONSENT = Endpoint("GET", "/api/citizens/consent", ConsentNotice)
ACCEPT_CONSENT = Endpoint("POST", "/api/citizens/consent", ConsentNotice)
PROFILE = Endpoint("GET", "/api/citizens/me", CitizenProfile)
# The browser downloads it (a link): Content-Disposition names the file.
MY_DATA = Endpoint("GET", "/api/citizens/me/data", CitizenDataExport)
ERASE = Endpoint("POST", "/api/citizens/me/erase", CitizenErased)


async def consent(api: ApiClient) -> ConsentNotice:
    return await api.get(CONSENT)


async def accept_consent(api: ApiClient, version: str) -> ConsentNotice:
    return await api.request(ACCEPT_CONSENT, body=ConsentAccept(version=version))


async def profile(api: ApiClient) -> CitizenProfile:
    return await api.get(PROFILE)


async def erase(api: ApiClient) -> CitizenErased:
    return await api.request(ERASE, body=CitizenErase(confirm=True))
