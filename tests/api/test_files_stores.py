"""The file store's contract, for each backend: content-addressed, written once with the
caller's transaction (nothing left when it rolls back), read back verified and in chunks,
a verified local copy for renderers, a health check. The PostgreSQL store (run on the
PostgreSQL engine) also: every chunk checked before it is sent, the response aborted on a
mismatch, and two API apps with separate local directories sharing every file — uploaded
through one, read, rendered and signed through the other."""

from __future__ import annotations

import contextlib
import hashlib

import httpx
import msgspec
import pytest

from tests.conftest import BACKEND, ORIGIN
from tests.documents_support import incoming_meta, make_org, pdf_bytes, person, register

ONLY_POSTGRES = pytest.mark.skipif(BACKEND != "postgres", reason="the PostgreSQL store")
MIB = 1024 * 1024


class Rollback(Exception):
    pass


def _store(kind: str, tmp_path):
    from backend.files.local_store import LocalFileStore
    from backend.files.postgres_store import PostgresFileStore

    if kind == "local":
        return LocalFileStore(tmp_path / "files", 50 * MIB)
    return PostgresFileStore(tmp_path / "cache", 50 * MIB)


def _pdf_of(size: int, seed: str) -> bytes:
    content = pdf_bytes(f"Tệp thử kho {seed}")
    return content + b"\n%" + (seed.encode() * size)[: max(0, size - len(content))]


KINDS = ["local", pytest.param("postgres", marks=ONLY_POSTGRES)]


@pytest.mark.parametrize("kind", KINDS)
async def test_the_contract_of_every_store(app, kind, tmp_path):
    from backend import db

    store = _store(kind, tmp_path)
    content = _pdf_of(int(2.5 * MIB), f"hop-dong-{kind}-{tmp_path.name}")
    sha = hashlib.sha256(content).hexdigest()
    staged = await store.receive(content, "hop-dong.pdf")
    assert staged.sha256 == sha and staged.mime == "application/pdf"

    # a rolled-back write leaves nothing behind
    with contextlib.suppress(Rollback):
        async with store.placing(staged):
            async with db.transaction():
                await store.record(staged)
                raise Rollback
    with pytest.raises(Exception) as missing:
        await store.read(sha)
    assert getattr(missing.value, "code", "") == "file_missing"

    # written once: the same bytes twice make one blob
    for _ in range(2):
        async with store.placing(staged):
            async with db.transaction():
                await store.record(staged)
    assert await store.read(sha) == content
    chunks = [chunk async for chunk in await store.open(sha)]
    assert b"".join(chunks) == content and max(len(c) for c in chunks) <= MIB
    copy = await store.verified_copy(sha)
    assert copy.read_bytes() == content
    assert await store.check() == "ok"


async def test_a_local_store_on_a_missing_mount_is_unhealthy(tmp_path):
    from backend.files.local_store import LocalFileStore

    assert await LocalFileStore(tmp_path / "no" / "mount", MIB).check() == "error"


@ONLY_POSTGRES
async def test_postgres_checks_each_chunk_before_it_is_sent(app, tmp_path):
    from backend import db
    from backend.files.services import FileCorrupted
    from backend.files.tables import StoredFile

    store = _store("postgres", tmp_path)
    content = _pdf_of(int(2.5 * MIB), f"hong-{tmp_path.name}")
    sha = hashlib.sha256(content).hexdigest()
    staged = await store.receive(content, "hong.pdf")
    async with db.transaction():
        await store.record(staged)
    parts = await StoredFile.raw(
        'SELECT "part", length("data") AS n FROM "file_chunk" WHERE "sha256" = {} ORDER BY 1', sha
    )
    assert [(r["part"], r["n"]) for r in parts] == [(0, MIB), (1, MIB), (2, len(content) - 2 * MIB)]

    async def flip(part: int, fix_digest: bool = False) -> None:
        row = (
            await StoredFile.raw(
                'SELECT "data" FROM "file_chunk" WHERE "sha256" = {} AND "part" = {}', sha, part
            )
        )[0]
        data = bytearray(row["data"])
        data[10] ^= 1
        digest = hashlib.sha256(data).hexdigest() if fix_digest else None
        await StoredFile.raw(
            'UPDATE "file_chunk" SET "data" = {}, "digest" = COALESCE({}, "digest") '
            'WHERE "sha256" = {} AND "part" = {}',
            bytes(data),
            digest,
            sha,
            part,
        )

    # a bad middle chunk: the first one goes out, then the stream stops
    await flip(1)
    received = []
    with pytest.raises(FileCorrupted):
        async for chunk in await store.open(sha):
            received.append(chunk)
    assert received == [content[:MIB]]
    await flip(1)  # back as it was
    # a chunk changed together with its own digest: caught by the whole file's hash at the end
    await flip(2, fix_digest=True)
    with pytest.raises(FileCorrupted):
        async for _ in await store.open(sha):
            pass
    # a bad first chunk: refused before anything is sent
    await flip(0)
    with pytest.raises(FileCorrupted):
        await store.open(sha)


@ONLY_POSTGRES
async def test_a_health_check_sees_the_postgres_store_missing(app, tmp_path):
    from backend import db
    from backend.files.tables import StoredFile

    store = _store("postgres", tmp_path)
    with contextlib.suppress(Rollback):
        async with db.transaction():
            await StoredFile.raw('ALTER TABLE "file_chunk" RENAME TO "file_chunk_gone"')
            assert await store.check() == "error"
            raise Rollback
    assert await store.check() == "ok"


@contextlib.asynccontextmanager
async def _app_on_postgres_store(settings, folder):
    """Another API app on the same database, its files in PostgreSQL and its local cache in a
    folder of its own (as on another machine). Its lifespan is not run: the database engine
    of the session stays the one every table is bound to."""
    from backend.app import create_app
    from backend.files.pages import PageImages

    other = create_app(msgspec.structs.replace(settings, file_store="postgres", files_dir=folder))
    try:
        yield other
    finally:
        other.state.services.get(PageImages).close()


def _client_on(other, person) -> httpx.AsyncClient:
    """``person``'s session (cookies and CSRF header) on the other app."""
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=other, client=("127.0.0.1", 50001)), base_url=ORIGIN
    )
    client.cookies.update(person.client.cookies)
    client.headers["x-csrftoken"] = person.client.headers["x-csrftoken"]
    return client


@ONLY_POSTGRES
async def test_uploaded_through_one_app_read_rendered_and_signed_through_another(
    app, settings, tmp_path
):
    from backend.signing.authority import CertificateAuthority

    await app.state.services.get(CertificateAuthority).init("Tỉnh ủy Bắc Ninh")  # kept if there
    async with (
        contextlib.AsyncExitStack() as stack,
        _app_on_postgres_store(settings, tmp_path / "a") as first,
        _app_on_postgres_store(settings, tmp_path / "b") as second,
    ):
        org = await make_org()
        clerk = await person(app, stack, "Văn Thư Hai Máy", ["van_thu", "can_bo"], org)
        drafter = await person(app, stack, "Cán Bộ Hai Máy", ["can_bo"], org)
        leader = await person(app, stack, "Lãnh Đạo Hai Máy", ["lanh_dao", "can_bo"], org)
        on_first = await stack.enter_async_context(_client_on(first, clerk))
        content = pdf_bytes("Công văn qua hai máy")
        uploaded = await register(on_first, incoming_meta(), content, "hai-may.pdf")
        assert uploaded.status_code == 201, uploaded.text
        sha = uploaded.json()["files"][0]["sha256"]
        assert not list((tmp_path / "a").rglob(sha))  # not kept on the first machine's disk

        on_second = await stack.enter_async_context(_client_on(second, clerk))
        got = await on_second.get(f"/api/files/{sha}")
        assert got.status_code == 200 and got.content == content
        page = await on_second.get(f"/api/files/{sha}/pages/1", params={"width": 360})
        assert page.status_code == 200 and page.content[8:12] == b"WEBP"

        draft = await register(
            await stack.enter_async_context(_client_on(first, drafter)),
            {"direction": "di", "loai": "BC", "trich_yeu": "Báo cáo ký qua máy khác"},
            pdf_bytes("Báo cáo ký qua máy khác", loai="BÁO CÁO"),
        )
        assert draft.status_code == 201, draft.text
        doc_id = draft.json()["id"]
        submitted = await drafter.client.post(f"/api/documents/{doc_id}/submit")
        assert submitted.status_code == 200, submitted.text
        signer = await stack.enter_async_context(_client_on(second, leader))
        begin = await signer.post(f"/api/documents/{doc_id}/sign/begin")
        assert begin.status_code == 200, begin.text
        challenge = begin.json()
        finish = await signer.post(
            f"/api/documents/{doc_id}/sign/finish",
            json={
                "ceremony": challenge["ceremony"],
                "credential": leader.authenticator.get(challenge["options"]),
            },
        )
        assert finish.status_code == 200, finish.text
        signed = next(f for f in finish.json()["files"] if f["role"] == "signed")
        again = await on_first.get(f"/api/files/{signed['sha256']}")
        assert again.status_code == 200
        assert hashlib.sha256(again.content).hexdigest() == signed["sha256"]


@ONLY_POSTGRES
async def test_a_corrupted_chunk_is_never_sent_over_http(app, settings, tmp_path):
    from litestar.exceptions import LitestarException

    from backend.files.services import FileCorrupted
    from backend.files.tables import StoredFile

    async with (
        contextlib.AsyncExitStack() as stack,
        _app_on_postgres_store(settings, tmp_path / "c") as other,
    ):
        clerk = await person(
            app, stack, "Văn Thư Tệp Hỏng", ["van_thu", "can_bo"], await make_org()
        )
        client = await stack.enter_async_context(_client_on(other, clerk))
        content = _pdf_of(int(2.5 * MIB), f"http-{tmp_path.name}")
        uploaded = await register(client, incoming_meta(), content, "hong.pdf")
        assert uploaded.status_code == 201, uploaded.text
        sha = uploaded.json()["files"][0]["sha256"]
        await StoredFile.raw(
            'UPDATE "file_chunk" SET "data" = {} WHERE "sha256" = {} AND "part" = 1',
            b"x" * MIB,
            sha,
        )
        received = bytearray()
        # The stream is cut (a server closes the connection; over ASGI the error surfaces).
        with pytest.raises((FileCorrupted, httpx.HTTPError, LitestarException)):
            async with client.stream("GET", f"/api/files/{sha}") as response:
                assert response.status_code == 200
                async for chunk in response.aiter_bytes():
                    received += chunk
        assert bytes(received) == content[: len(received)] and len(received) < len(content)
        await StoredFile.raw(
            'UPDATE "file_chunk" SET "data" = {} WHERE "sha256" = {} AND "part" = 0',
            b"y" * MIB,
            sha,
        )
        first_bad = await client.get(f"/api/files/{sha}")
        assert first_bad.status_code == 500
        assert first_bad.json()["type"].endswith("/file_corrupted")
