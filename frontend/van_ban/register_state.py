"""State of /van-ban/vao-so: a văn thư registers an incoming document, anyone who may starts
an outgoing draft (the API's global actions ``register_incoming`` and ``draft_outgoing``).

The page posts the form to the API itself (``pwa/public/van-ban-vao-so.js``): the file goes
from the browser to ``POST /api/documents`` and is held in memory there until the
classification gate has passed it. This state only keeps what the screen shows around it:
the direction, the chosen file's name, the API's answer.
"""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.date_field import mask_dmy
from frontend.session import SessionState
from frontend.van_ban import client
from shared.documents import DocumentAction

FORM_ID = "van-ban-vao-so"
# The document page's address after registering, which then says what the next step is.
JUST_REGISTERED = "da-vao-so"


class RegisterState(rx.State):
    direction: str = "den"
    error: str = ""
    # The API's explanation when the file has no text layer (a scan): the form then asks
    # the độ mật question and sends the answer with the document.
    question: str = ""
    file_name: str = ""
    # The dd/mm/yyyy fields as shown (the slashes put in as the person types).
    dates: dict[str, str] = {}
    busy: bool = False

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login`` (see the page's ``on_load``)."""
        self.error = ""
        self.question = ""
        self.file_name = ""
        self.dates = {}
        self.busy = False
        session = await self.get_state(SessionState)
        incoming = session.may(client.DOMAIN, DocumentAction.REGISTER_INCOMING)
        self.direction = "den" if incoming else "di"

    @rx.event
    def set_direction(self, value: str | list[str]):
        self.direction = value if isinstance(value, str) else value[0]
        self.question = ""

    @rx.event
    def set_date(self, key: str, value: str):
        self.dates = {**self.dates, key: mask_dmy(value)}

    @rx.event
    def chose_file(self, value: str):
        """The file input's value (``C:\\fakepath\\name.pdf`` in every browser)."""
        self.file_name = value.replace("\\", "/").rsplit("/", 1)[-1]
        # Another file: the scan question was about the previous one.
        self.question = ""
        self.error = ""

    @rx.event
    def sending(self):
        self.busy = True
        self.error = ""

    @rx.event
    def registered(self, result: dict | None):
        """What ``dangbo.registerDocument`` resolved to: ``{id}``, or ``{error, code}``."""
        self.busy = False
        result = result or {}
        document_id = result.get("id")
        if isinstance(document_id, int):
            self.question = ""
            return rx.redirect(f"{routes.document(document_id)}?{JUST_REGISTERED}=1")
        detail = str(result.get("error") or "Không vào sổ được. Hãy thử lại.")
        if result.get("code") == "classification_question":
            self.question = detail
            self.error = ""
        else:
            self.error = detail
        return None
