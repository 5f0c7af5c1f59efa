"""Adding a domain is one line in each list: ``backend/domains.py`` and ``frontend/areas.py``.

``tests/fixture_domain`` has a table, one controller and one policy table;
``tests/fixture_area`` one page and its client. With one line added to each list, the API
serves the domain's route, the every-role walk covers it, ``/api/me`` carries its policy's
global actions, the route check of the UI's clients knows its endpoints, and the UI's page list
has its page.
"""

from __future__ import annotations

import contextlib

import pytest

from backend import db, domains
from frontend import areas
from tests.every_role import global_actions, problems_of, role_clients, walk
from tests.fixture_area.client import NOTES, WRITE_NOTE

DOMAIN_LINE = "tests.fixture_domain"
AREA_LINE = "tests.fixture_area"


@pytest.fixture
def with_fixture_domain(monkeypatch, app):
    monkeypatch.setattr(domains, "PACKAGES", (*domains.PACKAGES, DOMAIN_LINE))
    monkeypatch.setattr(areas, "PACKAGES", (*areas.PACKAGES, AREA_LINE))


async def test_a_new_domain_needs_one_line_in_each_list(with_fixture_domain, settings):
    from backend.app import create_app
    from tests.fixture_domain.tables import FixtureNote

    # The session's database already runs: bind the new table to it and create it (a real
    # domain ships a migration instead).
    db.bind_engine(db.engine())
    await FixtureNote.create_table(if_not_exists=True)
    app = create_app(settings)
    async with contextlib.AsyncExitStack() as stack:
        clients = await role_clients(app, stack)
        actions = await global_actions(clients)
        # Its policy: only a cán bộ may write, and /api/me says so to each role.
        writers = {
            role for role, found in actions.items() if "write" in found.get("fixture_notes", [])
        }
        assert writers == {"can_bo"}
        for role, client in clients.items():
            response = await client.post("/api/fixture-notes", json={"text": "Ghi chú thử"})
            expected = 201 if role in writers else (401 if role == "anonymous" else 403)
            assert response.status_code == expected, (role, response.text)
        # The every-role walk covers its routes (it ends the sessions: last).
        seen = await walk(app, clients)
        routes = {(method, template) for method, template, _ in seen}
        assert {("POST", "/api/fixture-notes"), ("GET", "/api/fixture-notes")} <= routes
        assert problems_of(seen) == []
    # Its page is one of the UI's pages, and its client's routes are routes of the API.
    pages = {page.route for area in areas.areas() for page in area.pages}
    assert "/ghi-chu" in pages
    clients_modules = {m.__name__ for m in areas.client_modules()}
    assert "tests.fixture_area.client" in clients_modules
    for endpoint in (NOTES, WRITE_NOTE):
        assert (endpoint.method, endpoint.path) in routes
