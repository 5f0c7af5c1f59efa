"""Outgoing numbers: per organisation, type and term; no gaps, no duplicates under concurrency,
allocated when the văn thư releases a signed document."""

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


async def test_concurrent_releases_through_the_api_get_consecutive_numbers(app):
    """The number is allocated at release (Nghị định 30/2020: after the lãnh đạo's signature).
    Ten signed drafts released at once, each by a văn thư with his own passkey: each confirms
    the next free number; when another release takes it first, his is refused (409) with
    nothing written and he confirms the new one, until all are out: 1 to 10, no gap, no
    duplicate."""
    from backend.signing.authority import CertificateAuthority

    await app.state.services.get(CertificateAuthority).init("Tỉnh ủy Bắc Ninh")
    async with contextlib.AsyncExitStack() as stack:
        code = await make_org()
        author = await person(app, stack, "Cán Bộ Soạn Thảo", ["can_bo", "van_thu"], code)
        leader = await person(app, stack, "Lãnh Đạo Duyệt Ký", ["lanh_dao"], code)
        ids = []
        for i in range(10):
            response = await register(
                author.client,
                {"direction": "di", "loai": "TB", "trich_yeu": f"Thông báo số thứ tự {i}"},
            )
            assert response.status_code == 201, response.text
            doc_id = response.json()["id"]
            assert (await author.client.post(f"/api/documents/{doc_id}/submit")).is_success
            challenge = (await leader.client.post(f"/api/documents/{doc_id}/sign/begin")).json()
            signed = await leader.client.post(
                f"/api/documents/{doc_id}/sign/finish",
                json={
                    "ceremony": challenge["ceremony"],
                    "credential": leader.authenticator.get(challenge["options"]),
                },
            )
            assert signed.status_code == 200 and signed.json()["so"] is None, signed.text
            ids.append(doc_id)

        # One authenticator's ceremonies finishing out of order would look like a cloned
        # passkey (its signature counter going back): one văn thư per document.
        clerks = [
            await person(app, stack, f"Văn Thư Phát Hành {i}", ["van_thu"], code)
            for i in range(len(ids))
        ]

        async def release(doc_id: int, clerk) -> tuple[dict, int]:  # noqa: ANN001
            refused = 0
            while True:
                path = f"/api/documents/{doc_id}/release"
                challenge = (await clerk.client.post(f"{path}/begin")).json()
                finish = await clerk.client.post(
                    f"{path}/finish",
                    json={
                        "ceremony": challenge["ceremony"],
                        "credential": clerk.authenticator.get(challenge["options"]),
                    },
                )
                if finish.status_code == 200:
                    assert challenge["intent"].endswith(finish.json()["ky_hieu"])
                    return finish.json(), refused
                assert finish.status_code == 409, finish.text
                refused += 1

        results = await asyncio.gather(
            *(release(doc_id, clerk) for doc_id, clerk in zip(ids, clerks, strict=True))
        )
        numbers = sorted(doc["so"] for doc, _ in results)
        assert numbers == list(range(1, 11))
        assert {doc["ky_hieu"] for doc, _ in results} == {f"{n}-TB/CB" for n in range(1, 11)}
        org = await _org_id(code)
        from backend.documents.numbering import last_number

        assert await last_number(org, "TB", results[0][0]["nhiem_ky"]) == 10
