"""The Công dân pages' state: the consent notice, the citizen's record, erasure, and the
failure page of a VNeID sign-in."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.api import ApiError, api_client
from frontend.cong_dan import client as citizens
from frontend.session import SessionState
from shared.citizens import AGE_BAND_LABELS, VNEID_FAILURE_TEXTS, AgeBand, VneidFailure
from shared.clock import dmy_hm


@dataclass
class NoticeSection:
    heading: str
    paragraphs: list[str]


class ConsentState(rx.State):
    loading: bool = True
    error: str = ""
    version: str = ""
    title: str = ""
    sections: list[NoticeSection] = []
    accepted: bool = False
    accepted_at: str = ""
    busy: bool = False

    @rx.event
    async def load(self):
        session = await self.get_state(SessionState)
        if not session.signed_in:
            return
        self.loading = True
        try:
            async with api_client(self) as api:
                notice = await citizens.consent(api)
        except ApiError as error:
            self.error, self.loading = error.detail, False
            return
        self.error = ""
        self.version, self.title = notice.version, notice.title
        self.sections = [NoticeSection(s.heading, list(s.paragraphs)) for s in notice.sections]
        self.accepted = notice.accepted
        self.accepted_at = dmy_hm(notice.accepted_at) if notice.accepted_at else ""
        self.loading = False

    @rx.event
    async def accept(self):
        self.busy = True
        try:
            async with api_client(self) as api:
                notice = await citizens.accept_consent(api, self.version)
        except ApiError as error:
            self.error, self.busy = error.detail, False
            return None
        self.busy, self.error = False, ""
        self.accepted = notice.accepted
        return rx.redirect(routes.CITIZEN)


class CitizenState(rx.State):
    loading: bool = True
    error: str = ""
    full_name: str = ""
    age_band: str = ""
    place: str = ""
    account_level: int = 0
    consent_at: str = ""
    erase_open: bool = False
    busy: bool = False

    @rx.event
    async def load(self):
        session = await self.get_state(SessionState)
        if not session.signed_in:
            return
        self.loading = True
        try:
            async with api_client(self) as api:
                mine = await citizens.profile(api)
        except ApiError as error:
            self.error, self.loading = error.detail, False
            return
        self.error = ""
        self.full_name = mine.full_name
        self.age_band = AGE_BAND_LABELS.get(AgeBand(mine.age_band), "")
        self.place = ", ".join(p for p in (mine.commune, mine.province) if p) or "Không rõ"
        self.account_level = mine.account_level
        self.consent_at = dmy_hm(mine.consent_at) if mine.consent_at else ""
        self.loading = False

    @rx.event
    def ask_erase(self):
        self.erase_open = True

    @rx.event
    def close_erase(self, _open: bool = False):
        self.erase_open = False

    @rx.event
    async def erase(self):
        self.busy = True
        try:
            async with api_client(self) as api:
                await citizens.erase(api)
        except ApiError as error:
            self.error, self.busy, self.erase_open = error.detail, False, False
            return None
        self.busy, self.erase_open = False, False
        return rx.redirect(f"{routes.CITIZEN_LOGIN}?da-xoa=1")


class FailureState(rx.State):
    """The page a failed VNeID sign-in lands on (``?ma=`` names the failure)."""

    @rx.var
    def failure(self) -> str:
        code = str(self.router.url.query_parameters.get("ma", ""))
        return code if code in VneidFailure._value2member_map_ else VneidFailure.STATE.value

    @rx.var
    def title(self) -> str:
        return VNEID_FAILURE_TEXTS[VneidFailure(self.failure)][0]

    @rx.var
    def text(self) -> str:
        return VNEID_FAILURE_TEXTS[VneidFailure(self.failure)][1]


class CitizenLoginState(rx.State):
    @rx.var
    def erased(self) -> bool:
        return self.router.url.query_parameters.get("da-xoa", "") == "1"
