"""``GET /api/files/{sha256}``: a stored file, to a user allowed to read it.

The ETag is the SHA-256 itself (the content can never change under it), so a client that has
the file gets ``304`` without the store being read. Bytes are only sent once checked: the
store verifies the blob (or, in PostgreSQL, each chunk before it goes out) and a corrupted blob
is an error, never wrong content.
"""

from __future__ import annotations

from urllib.parse import quote

from litestar import Controller, Request, Response, get
from litestar.datastructures import ETag
from litestar.di import Provide
from litestar.response import File, Stream

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.domain import DomainHooks
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.files.pages import PAGE_WIDTHS, PageImages
from backend.files.services import FileStore, is_sha256
from backend.files.tables import StoredFile
from shared.files import PageCount

NOT_FOUND = "Không tìm thấy tệp, hoặc bạn không có quyền tải tệp này."


def content_disposition(filename: str, inline: bool) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "tep"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


async def _readable_row(hooks: DomainHooks, actor: Actor, sha256: str) -> tuple[str, dict]:
    """The name under which ``actor`` may download the blob, and its row; 404 otherwise."""
    if not is_sha256(sha256):
        raise Problem(404, NOT_FOUND, code="file_not_found")
    filename = await hooks.downloadable_as(actor, sha256)
    if filename is None:
        raise Problem(404, NOT_FOUND, code="file_not_found")
    row = (
        await StoredFile.select(StoredFile.mime, StoredFile.size)
        .where(StoredFile.sha256 == sha256)
        .first()
    )
    if row is None:
        raise Problem(404, NOT_FOUND, code="file_not_found")
    return filename, row


async def _pdf_row(hooks: DomainHooks, actor: Actor, sha256: str) -> dict:
    _, row = await _readable_row(hooks, actor, sha256)
    if row["mime"] != "application/pdf":
        raise Problem(409, "Chỉ xem trước được tệp PDF; hãy tải tệp về.", code="not_pdf")
    return row


class FileController(Controller):
    path = "/api/files"
    tags = ["Tệp"]
    dependencies = {
        "actor": Provide(provide_actor),
        "hooks": inject(DomainHooks),
        "files": inject(FileStore),
        "pages": inject(PageImages),
    }

    @get("/{sha256:str}", opt={"media_type": "*/*", "not_modified": True})
    async def download(
        self,
        request: Request,
        actor: Actor,
        hooks: DomainHooks,
        files: FileStore,
        sha256: str,
        download: bool = False,
    ) -> Response:
        sha256 = sha256.lower()
        filename, row = await _readable_row(hooks, actor, sha256)
        etag = f'"{sha256}"'
        headers = {"cache-control": "private, max-age=31536000, immutable", "etag": etag}
        if etag in request.headers.get("if-none-match", ""):
            return Response(content=b"", status_code=304, headers=headers)
        chunks = await files.open(sha256)
        inline = row["mime"] == "application/pdf" and not download
        headers["content-disposition"] = content_disposition(filename, inline)
        headers["content-length"] = str(row["size"])
        return Stream(chunks, media_type=row["mime"], headers=headers)

    @get("/{sha256:str}/pages", opt={"problems": (409,)})
    async def pages(
        self, actor: Actor, hooks: DomainHooks, pages: PageImages, sha256: str
    ) -> PageCount:
        """How many pages a PDF has, and the widths its page images come in."""
        sha256 = sha256.lower()
        await _pdf_row(hooks, actor, sha256)
        return PageCount(pages=await pages.count(sha256), widths=list(PAGE_WIDTHS))

    @get(
        "/{sha256:str}/pages/{page:int}",
        opt={"problems": (409,), "media_type": "image/webp", "not_modified": True},
    )
    async def page(
        self,
        request: Request,
        actor: Actor,
        hooks: DomainHooks,
        pages: PageImages,
        sha256: str,
        page: int,
        width: int = 720,
    ) -> Response:
        """Page ``page`` (from 1) as a WebP image ``width`` pixels wide (narrower for a very
        long page): the document view of a phone shows these, and "Lưu đọc ngoại tuyến" keeps
        them."""
        sha256 = sha256.lower()
        await _pdf_row(hooks, actor, sha256)
        etag = f'"{sha256}-{page}-{width}"'
        headers = {"cache-control": "private, max-age=31536000, immutable", "etag": etag}
        if etag in request.headers.get("if-none-match", ""):
            return Response(content=b"", status_code=304, headers=headers)
        path = await pages.image(sha256, page, width)
        return File(
            path=path,
            media_type="image/webp",
            headers=headers,
            etag=ETag(value=etag.strip('"')),
            content_disposition_type="inline",
            filename=f"trang-{page}.webp",
        )
