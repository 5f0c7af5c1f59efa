"""Every documents endpoint, called as every role (and from another organisation, and
anonymously): a cadre sees his organisation's register only as văn thư or lãnh đạo, the
documents assigned to him, the documents shared with him — nothing else, anywhere."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta

import pytest

from tests.conftest import make_client, prime_csrf
from tests.documents_support import incoming_meta, make_org, pdf_bytes, person, register

ROLES = [
    "clerk",  # văn thư of the organisation
    "leader",  # lãnh đạo of the organisation
    "handler",  # cán bộ, main handler of the incoming document
    "drafter",  # cán bộ, author of the outgoing draft
    "member",  # cán bộ of the organisation, nothing assigned
    "sharee",  # cán bộ of another organisation, the incoming document shared with him
    "other_clerk",  # văn thư and lãnh đạo of another organisation
    "admin",  # quản trị of the organisation (administration is not reading)
    "anonymous",
]
DENIED = {401, 403, 404}


@pytest.fixture
async def world(app):
    from backend.core.clock import today

    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        other = await make_org()
        people = {
            "clerk": await person(app, stack, "Văn Thư Quyền", ["van_thu", "can_bo"], org),
            "leader": await person(app, stack, "Lãnh Đạo Quyền", ["lanh_dao", "can_bo"], org),
            "handler": await person(app, stack, "Cán Bộ Xử Lý Quyền", ["can_bo"], org),
            "drafter": await person(app, stack, "Cán Bộ Soạn Quyền", ["can_bo"], org),
            "member": await person(app, stack, "Cán Bộ Khác Quyền", ["can_bo"], org),
            "sharee": await person(app, stack, "Cán Bộ Được Chia Sẻ", ["can_bo"], other),
            "other_clerk": await person(
                app, stack, "Văn Thư Nơi Khác", ["van_thu", "lanh_dao", "can_bo"], other
            ),
            "admin": await person(app, stack, "Quản Trị Quyền", ["quan_tri", "can_bo"], org),
        }
        anonymous = await stack.enter_async_context(make_client(app))
        await prime_csrf(anonymous)
        clients = {name: p.client for name, p in people.items()} | {"anonymous": anonymous}

        word = "quyenhan" + org.rsplit("CB", 1)[1].lower()  # a word only these documents have
        incoming = await register(
            people["clerk"].client,
            incoming_meta(trich_yeu=f"Công văn kiểm thử phân quyền {word}"),
            pdf_bytes(f"Công văn {word}"),
        )
        assert incoming.status_code == 201, incoming.text
        doc = incoming.json()
        assigned = await people["leader"].client.post(
            f"/api/documents/{doc['id']}/assign",
            json={
                "main_handler_id": people["handler"].id,
                "deadline": (today() + timedelta(days=2)).isoformat(),
            },
        )
        assert assigned.status_code == 200, assigned.text
        shared = await people["leader"].client.post(
            f"/api/documents/{doc['id']}/share", json={"user_ids": [people["sharee"].id]}
        )
        assert shared.status_code == 200
        draft = await register(
            people["drafter"].client,
            {"direction": "di", "loai": "BC", "trich_yeu": f"Báo cáo kiểm thử {word}"},
        )
        assert draft.status_code == 201, draft.text
        waiting = await register(
            people["clerk"].client, incoming_meta(trich_yeu="Công văn chờ lãnh đạo phân công")
        )
        assert waiting.status_code == 201, waiting.text
        yield {
            "doc_new": waiting.json(),
            "clients": clients,
            "people": people,
            "doc": doc,
            "draft": draft.json(),
            "word": word,
            "sha": doc["files"][0]["sha256"],
        }


def _listed(response, doc_id: int) -> bool:
    if response.status_code in DENIED:
        return False
    body = response.json()
    if isinstance(body, dict) and "overdue" in body:
        items = body["overdue"] + body["due_soon"]
        return doc_id in [i["id"] for i in items]
    items = body["items"]
    ids = [i["document"]["id"] if "document" in i else i["id"] for i in items]
    return doc_id in ids


READS = [
    # (name, who may, how to call, how to judge)
    ("detail", {"clerk", "leader", "handler", "sharee"}, "GET", "/api/documents/{doc}", None),
    (
        "timeline",
        {"clerk", "leader", "handler", "sharee"},
        "GET",
        "/api/documents/{doc}/timeline",
        None,
    ),
    ("receipts", {"clerk", "leader", "handler"}, "GET", "/api/documents/{doc}/receipts", None),
    ("file", {"clerk", "leader", "handler", "sharee"}, "GET", "/api/files/{sha}", None),
    (
        "search",
        {"clerk", "leader", "handler", "sharee"},
        "GET",
        "/api/documents/search?q={word}",
        "doc",
    ),
    ("inbox", {"handler"}, "GET", "/api/documents/inbox", "doc"),
    ("register", {"clerk", "leader"}, "GET", "/api/documents/register?direction=den", "doc"),
    ("deadlines", {"clerk", "leader", "handler"}, "GET", "/api/documents/deadlines", "doc"),
    ("draft detail", {"clerk", "leader", "drafter"}, "GET", "/api/documents/{draft}", None),
    ("draft file", {"clerk", "leader", "drafter"}, "GET", "/api/files/{draft_sha}", None),
    (
        "draft search",
        {"clerk", "leader", "drafter"},
        "GET",
        "/api/documents/search?q=bao+cao+{word}",
        "draft",
    ),
    ("draft register", {"clerk", "leader"}, "GET", "/api/documents/register?direction=di", "draft"),
    ("draft inbox", {"drafter"}, "GET", "/api/documents/inbox?direction=di", "draft"),
    ("colleagues", set(ROLES) - {"anonymous"}, "GET", "/api/documents/colleagues", None),
    ("awaiting", {"leader"}, "GET", "/api/documents/awaiting-assignment", "doc_new"),
]

# Writes that would succeed change the document, so here each is only called by those who
# may NOT do it (a refusal changes nothing); the workflow tests cover the allowed calls.
WRITES = [
    ("assign", {"leader"}, "/api/documents/{doc}/assign", {"main_handler_id": "{handler_id}"}),
    ("opinion", {"leader", "handler"}, "/api/documents/{doc}/opinions", {"text": "Ý kiến"}),
    ("forward", {"handler"}, "/api/documents/{doc}/forward", {"user_ids": ["{member_id}"]}),
    ("done", {"handler"}, "/api/documents/{doc}/done", {"result": "Xong"}),
    ("reopen", {"leader"}, "/api/documents/{doc}/reopen", {}),
    ("share", {"clerk", "leader"}, "/api/documents/{doc}/share", {"user_ids": ["{member_id}"]}),
    ("add file", {"clerk"}, "/api/documents/{doc}/files", "file"),
    ("submit", {"clerk", "drafter"}, "/api/documents/{draft}/submit", None),
    ("return", {"leader"}, "/api/documents/{draft}/return", {}),
    ("release begin", {"clerk"}, "/api/documents/{draft}/release/begin", None),
    (
        "release finish",
        {"clerk"},
        "/api/documents/{draft}/release/finish",
        {"ceremony": "x" * 20, "credential": {}},
    ),
    ("sign begin", {"leader"}, "/api/documents/{draft}/sign/begin", None),
    (
        "sign finish",
        {"leader"},
        "/api/documents/{draft}/sign/finish",
        {"ceremony": "x" * 20, "credential": {}},
    ),
    ("register incoming", {"clerk", "other_clerk"}, "/api/documents/", "register"),
]


def _fill(template: str, world: dict) -> str:
    return template.format(
        doc=world["doc"]["id"],
        draft=world["draft"]["id"],
        sha=world["sha"],
        draft_sha=world["draft"]["files"][0]["sha256"],
        word=world["word"],
    )


def _payload(value, world: dict):
    ids = {
        "{handler_id}": world["people"]["handler"].id,
        "{member_id}": world["people"]["member"].id,
    }
    if isinstance(value, dict):
        return {k: _payload(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_payload(v, world) for v in value]
    return ids.get(value, value) if isinstance(value, str) else value


async def test_every_read_endpoint_as_every_role(world):
    failures = []
    for name, allowed, _method, template, judge in READS:
        for role in ROLES:
            response = await world["clients"][role].get(_fill(template, world))
            if judge:
                target = world[judge]["id"]
                granted = _listed(response, target)
            else:
                granted = response.status_code not in DENIED
            if role == "anonymous":
                assert response.status_code == 401, (name, response.status_code)
            if granted != (role in allowed):
                failures.append(f"{name} as {role}: {response.status_code} granted={granted}")
    assert not failures, "\n".join(failures)


async def test_every_write_endpoint_refuses_whoever_may_not(world):
    failures = []
    for name, allowed, template, payload in WRITES:
        for role in ROLES:
            if role in allowed:
                continue
            client = world["clients"][role]
            url = _fill(template, world)
            if payload == "file":
                response = await client.post(
                    url, files={"file": ("phu-luc.pdf", pdf_bytes(), "application/pdf")}
                )
            elif payload == "register":
                response = await client.post(
                    url,
                    data={"metadata": json.dumps(incoming_meta(), ensure_ascii=False)},
                    files={"file": ("a.pdf", pdf_bytes(), "application/pdf")},
                )
            elif payload is None:
                response = await client.post(url)
            else:
                response = await client.post(url, json=_payload(payload, world))
            if response.status_code not in DENIED:
                failures.append(f"{name} as {role}: {response.status_code} {response.text[:120]}")
            elif role == "anonymous" and response.status_code != 401:
                failures.append(f"{name} as anonymous: {response.status_code}")
    assert not failures, "\n".join(failures)
    # and the refusals changed nothing
    view = (await world["clients"]["clerk"].get(f"/api/documents/{world['doc']['id']}")).json()
    assert view["status"] == "da_phan_cong" and view["opinions"] == []
    assert len(view["files"]) == 1
    draft = (await world["clients"]["clerk"].get(f"/api/documents/{world['draft']['id']}")).json()
    assert draft["status"] == "du_thao" and draft["so"] is None


async def test_allowed_writers_get_past_the_permission_check(world):
    """The other side of the matrix: those allowed are not refused for lack of rights (some
    then meet a workflow rule, a 409/422/503, which is not a permission refusal)."""
    results = {}
    order = [
        ("share", "clerk"),
        ("add file", "clerk"),
        ("opinion", "leader"),
        ("opinion", "handler"),
        ("forward", "handler"),
        ("done", "handler"),
        ("reopen", "leader"),
        ("assign", "leader"),
        ("submit", "drafter"),
        ("return", "leader"),
        ("submit", "clerk"),
        ("sign begin", "leader"),
        ("sign finish", "leader"),
        ("release begin", "clerk"),
        ("release finish", "clerk"),
        ("register incoming", "clerk"),
    ]
    spec = {name: (template, payload) for name, _allowed, template, payload in WRITES}
    for name, role in order:
        template, payload = spec[name]
        client = world["clients"][role]
        url = _fill(template, world)
        if payload == "file":
            response = await client.post(
                url, files={"file": ("phu-luc.pdf", pdf_bytes("Phụ lục"), "application/pdf")}
            )
        elif payload == "register":
            response = await client.post(
                url,
                data={"metadata": json.dumps(incoming_meta(), ensure_ascii=False)},
                files={"file": ("a.pdf", pdf_bytes(), "application/pdf")},
            )
        elif payload is None:
            response = await client.post(url)
        else:
            response = await client.post(url, json=_payload(payload, world))
        results[(name, role)] = response.status_code
    refused = {k: v for k, v in results.items() if v in DENIED}
    assert not refused, refused


GLOBAL_ACTIONS = {
    "clerk": ["register_incoming", "draft_outgoing", "view_register", "list_colleagues"],
    "leader": ["draft_outgoing", "view_register", "view_awaiting_assignment", "list_colleagues"],
    "handler": ["draft_outgoing", "list_colleagues"],
    "drafter": ["draft_outgoing", "list_colleagues"],
    "member": ["draft_outgoing", "list_colleagues"],
    "sharee": ["draft_outgoing", "list_colleagues"],
    "other_clerk": [
        "register_incoming",
        "draft_outgoing",
        "view_register",
        "view_awaiting_assignment",
        "list_colleagues",
    ],
    "admin": ["draft_outgoing", "list_colleagues"],
}
WRITERS = {name: allowed for name, allowed, *_ in WRITES}
READERS = {name: allowed for name, allowed, *_ in READS}


def _having(action: str) -> set[str]:
    return {role for role, actions in GLOBAL_ACTIONS.items() if action in actions}


async def test_me_lists_the_global_document_actions_the_endpoints_allow(world):
    for role, expected in GLOBAL_ACTIONS.items():
        me = (await world["clients"][role].get("/api/me")).json()
        assert me["actions"].get("documents", []) == expected, role
    assert _having("register_incoming") == WRITERS["register incoming"]
    # (the other organisation's keeper keeps a register too: his own)
    assert _having("view_register") - {"other_clerk"} == READERS["register"]
    assert _having("list_colleagues") == READERS["colleagues"]
    assert _having("view_awaiting_assignment") - {"other_clerk"} == READERS["awaiting"]


@pytest.mark.parametrize("roles", [["cong_dan"], ["dang_vien"], ["quan_tri"]])
async def test_only_those_who_assign_or_forward_list_colleagues(app, roles):
    """A citizen (or a member, or an administrator without office roles) of the root
    organisation may not list its people: names and usernames are not his to browse."""
    async with contextlib.AsyncExitStack() as stack:
        outsider = await person(app, stack, "Người Ngoài Xem Danh Sách", roles, "TU")
        response = await outsider.client.get("/api/documents/colleagues")
        assert response.status_code == 403, response.text
        assert "application/problem+json" in response.headers["content-type"]


# The endpoint (of WRITES or READS) that does what a detail's action offers.
ENDPOINT_OF = {"add_file": "add file", "sign": "sign begin"}


async def test_a_detail_offers_only_what_its_endpoints_allow(world):
    """Where the matrix calls an endpoint on the document, a detail offers its action only to
    those the endpoint lets through."""
    calls = [(n, a, t) for n, a, t, _ in WRITES] + [(n, a, t) for n, a, _, t, _ in READS]
    matrix = {
        (key, name): allowed
        for name, allowed, template in calls
        for key in ("doc", "draft")
        if f"{{{key}}}" in template
    }
    checked = 0
    for role in set(ROLES) - {"anonymous"}:
        for key in ("doc", "draft"):
            response = await world["clients"][role].get(f"/api/documents/{world[key]['id']}")
            if response.status_code != 200:
                continue
            for action in response.json()["actions"]:
                allowed = matrix.get((key, ENDPOINT_OF.get(action, action)))
                if allowed is not None:
                    assert role in allowed, (role, key, action)
                    checked += 1
    assert checked >= 10
