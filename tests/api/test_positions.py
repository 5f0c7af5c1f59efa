"""Positions in an organisation over the API: an administrator gives and ends them, anyone
signed in sees who holds them, a member sees his own; one bí thư per organisation."""

from __future__ import annotations

import contextlib

from tests.documents_support import make_org, person
from tests.handbook_support import org_id


async def test_positions_are_given_by_administrators_and_read_by_everyone(app):
    async with contextlib.AsyncExitStack() as stack:
        code = await make_org()
        chi_bo = await org_id(code)
        admin = await person(app, stack, "Quản Trị Chức Vụ", ["quan_tri", "can_bo"], "VPTU")
        member = await person(app, stack, "Đảng Viên Chức Vụ", ["dang_vien"], code)
        second = await person(app, stack, "Đảng Viên Thứ Hai", ["dang_vien"], code)
        url = f"/api/orgs/{chi_bo}/positions"

        refused = await member.client.post(url, json={"user_id": member.id, "position": "bi_thu"})
        assert refused.status_code == 403
        given = await admin.client.post(url, json={"user_id": member.id, "position": "bi_thu"})
        assert given.status_code == 201, given.text
        body = given.json()
        assert [(h["full_name"], h["position_label"]) for h in body["holders"]] == [
            ("Đảng Viên Chức Vụ", "Bí thư")
        ]
        assert body["actions"] == ["manage_positions"]
        second_bi_thu = await admin.client.post(
            url, json={"user_id": second.id, "position": "bi_thu"}
        )
        assert second_bi_thu.status_code == 409
        wrong = await admin.client.post(url, json={"user_id": second.id, "position": "cap_uy_vien"})
        assert wrong.status_code == 422
        deputy = await admin.client.post(url, json={"user_id": second.id, "position": "pho_bi_thu"})
        assert deputy.status_code == 201
        unknown = await admin.client.post(
            url, json={"user_id": 2**31 - 1, "position": "chi_uy_vien"}
        )
        assert unknown.status_code == 422

        seen = (await second.client.get(url)).json()
        assert [h["position"] for h in seen["holders"]] == ["bi_thu", "pho_bi_thu"]
        assert seen["actions"] == []
        mine = (await member.client.get("/api/orgs/positions/mine")).json()
        assert [(p["organisation_code"], p["position"]) for p in mine] == [(code, "bi_thu")]

        holder = seen["holders"][0]["id"]
        assert (await member.client.delete(f"{url}/{holder}")).status_code == 403
        ended = await admin.client.delete(f"{url}/{holder}")
        assert ended.status_code == 200
        assert [h["position"] for h in ended.json()["holders"]] == ["pho_bi_thu"]
        assert (await admin.client.delete(f"{url}/{holder}")).status_code == 404
        assert (await admin.client.get("/api/orgs/999999/positions")).status_code == 404
