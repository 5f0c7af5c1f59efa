"""Comments through the one search service: the shared cases (``tests/search_cases.json``,
"texts": the title is the passage a comment quotes, the body its text), inside one
consultation; only the tổ biên tập searches; a withdrawn comment leaves the index."""

from __future__ import annotations

import contextlib
import unicodedata

import pytest

from tests import search_support
from tests.consultations_support import citizen, editor, open_consultation, publish

CORPUS, CASES = search_support.load("texts")


@pytest.fixture(scope="module")
async def comments(app):
    async with contextlib.AsyncExitStack() as stack:
        ed = await editor(app, stack, "Biên Tập Tìm Kiếm")
        author = await citizen(app, stack, "Công Dân Tìm Kiếm")
        titles = [unicodedata.normalize("NFC", r["title"]) for r in CORPUS.values()]
        draft = await publish(ed, "\n\n".join(titles), "Dự thảo tìm kiếm")
        consultation = await open_consultation(ed, draft["id"])
        units = {u["text"]: u["key"] for u in consultation["units"] if u["text"]}
        ids = {}
        for (key, record), title in zip(CORPUS.items(), titles, strict=True):
            made = await author.client.post(
                f"/api/consultations/{consultation['id']}/comments",
                json={"target": "doan_trich", "unit_key": units[title], "quote": title,
                      "start": 0, "end": len(title), "text": record["body"]},
            )  # fmt: skip
            assert made.status_code == 201, made.text
            ids[key] = made.json()["id"]
        yield {"editor": ed, "author": author, "consultation": consultation["id"], "ids": ids}


async def _search(client, q: str, consultation: int) -> list:
    found = await client.get(
        "/api/consultations/comments/search", params={"q": q, "consultation_id": consultation}
    )
    assert found.status_code == 200, found.text
    return found.json()["items"]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_comment_cases(comments, case):
    hits = await _search(comments["editor"].client, case.query, comments["consultation"])
    assert [h["comment"]["id"] for h in hits] == [comments["ids"][key] for key in case.found]


async def test_a_withdrawn_comment_is_not_found_and_citizens_do_not_search(comments):
    ed, author = comments["editor"].client, comments["author"].client
    refused = await author.get("/api/consultations/comments/search", params={"q": "noi dung"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Chỉ tổ biên tập được tìm trong các góp ý."
    target = comments["ids"]["in_body"]
    assert [h["comment"]["id"] for h in await _search(ed, "phu luc", comments["consultation"])] == [
        target
    ]
    withdrawn = await author.post(f"/api/consultations/comments/{target}/withdraw")
    assert withdrawn.status_code == 200
    assert await _search(ed, "phu luc", comments["consultation"]) == []
    long = await ed.get("/api/consultations/comments/search", params={"q": "a" * 201})
    assert long.status_code == 400 and "200" in long.json()["detail"]
