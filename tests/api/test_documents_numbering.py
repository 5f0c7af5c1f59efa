"""Outgoing numbers: per organisation, type and term; no gaps, no duplicates under concurrency."""

from __future__ import annotations

import asyncio
import contextlib

from tests.documents_support import make_org, person, register


async def _org_id(code: str) -> int:
    from backend.orgs.services import organisation_id

    found = await organisation_id(code)
    assert found is not None
    return found


async def test_200_concurrent_allocations_are_distinct_and_consecutive(app):
    from backend.documents.numbering import allocate_number, last_number

    org = await _org_id(await make_org())
    numbers = await asyncio.gather(*(allocate_number(org, "KH", "2025-2030") for _ in range(200)))
    assert sorted(numbers) == list(range(1, 201))
    assert await last_number(org, "KH", "2025-2030") == 200
    # other series are independent: another type, another term, another organisation
    assert await allocate_number(org, "NQ", "2025-2030") == 1
    assert await allocate_number(org, "KH", "2030-2035") == 1
    assert await allocate_number(await _org_id(await make_org()), "KH", "2025-2030") == 1


async def test_a_rolled_back_allocation_leaves_no_gap(app):
    from backend import db
    from backend.documents.numbering import allocate_number

    org = await _org_id(await make_org())
    assert await allocate_number(org, "TB", "2025-2030") == 1
    try:
        async with db.transaction():
            assert await allocate_number(org, "TB", "2025-2030") == 2
            raise RuntimeError("the document write failed")
    except RuntimeError:
        pass
    assert await allocate_number(org, "TB", "2025-2030") == 2


async def test_concurrent_submissions_through_the_api_get_consecutive_numbers(app):
    async with contextlib.AsyncExitStack() as stack:
        code = await make_org()
        author = await person(app, stack, "Cán Bộ Soạn Thảo", ["can_bo", "van_thu"], code)
        ids = []
        for i in range(20):
            response = await register(
                author.client,
                {"direction": "di", "loai": "TB", "trich_yeu": f"Thông báo số thứ tự {i}"},
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        results = await asyncio.gather(
            *(author.client.post(f"/api/documents/{doc_id}/submit") for doc_id in ids)
        )
        assert all(r.status_code == 200 for r in results), [r.text for r in results]
        numbers = sorted(r.json()["so"] for r in results)
        assert numbers == list(range(1, 21))
        assert {r.json()["ky_hieu"] for r in results} == {f"{n}-TB/CB" for n in range(1, 21)}
