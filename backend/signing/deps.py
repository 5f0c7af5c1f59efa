"""The signing service of the running app (one per process, built on first use)."""

from __future__ import annotations

from litestar.datastructures import State

from backend.signing.services import SigningService


def provide_signing(state: State) -> SigningService:
    service = state.get("signing")
    if service is None:
        service = SigningService(state.settings, state.accounts)
        state.signing = service
    return service
