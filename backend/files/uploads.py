"""Reading a multipart upload into memory, never onto a disk.

Litestar's own form parsing spools every file part over 1 MiB to a temporary file before the
handler runs. An upload may be a state secret that the classification gate is about to refuse,
and then not one byte of it may reach a disk, even for a moment. So the upload endpoints read
their body themselves with the same parser (``multipart``, Litestar's own dependency), into
memory, bounded: the file part by the upload limit (413 past it), text fields by a few
kilobytes, the number of parts by the form's fields.

:func:`multipart_body` documents such a form in the OpenAPI schema, since the handler no
longer declares a ``data`` parameter for Litestar to describe.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from litestar import Request
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from multipart import MultipartSegment, ParserError, ParserLimitReached, PushMultipartParser

from backend.core.problems import Problem
from backend.files.services import too_large

MAX_FIELD_BYTES = 64 * 1024


@dataclass
class UploadForm:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name → (filename, data)


def _bad(detail: str) -> Problem:
    return Problem(400, detail, code="invalid_form")


def _boundary(request: Request) -> str:
    media_type, options = request.content_type
    if media_type != "multipart/form-data" or not options.get("boundary"):
        raise Problem(
            415, "Yêu cầu phải gửi dạng multipart/form-data.", code="unsupported_media_type"
        )
    return options["boundary"]


async def read_form(
    request: Request, *, fields: set[str], files: set[str], max_file_bytes: int
) -> UploadForm:
    """The form's text ``fields`` and ``files`` (in memory); other parts are refused."""
    form = UploadForm()
    parser = PushMultipartParser(_boundary(request), max_segment_count=len(fields) + len(files))
    segment: MultipartSegment | None = None
    buffer = bytearray()
    try:
        with parser:
            async for chunk in request.stream():
                for event in parser.parse(chunk):
                    if isinstance(event, MultipartSegment):
                        segment, buffer = event, bytearray()
                        if segment.name not in fields | files:
                            raise _bad(f"Biểu mẫu không có trường “{segment.name}”.")
                    elif event:
                        assert segment is not None
                        buffer += event
                        limit = max_file_bytes if segment.name in files else MAX_FIELD_BYTES
                        if len(buffer) > limit:
                            if segment.name in files:
                                raise too_large(max_file_bytes)
                            raise _bad(f"Trường “{segment.name}” quá dài.")
                    elif segment is not None:
                        if segment.name in files:
                            form.files[segment.name] = (segment.filename or "", bytes(buffer))
                        else:
                            form.fields[segment.name] = buffer.decode(segment.charset or "utf-8")
                        segment, buffer = None, bytearray()
                if parser.closed:
                    break
    except ParserLimitReached:
        raise _bad("Biểu mẫu có quá nhiều phần.") from None
    except (ParserError, UnicodeDecodeError):
        raise _bad("Dữ liệu biểu mẫu multipart không hợp lệ.") from None
    return form


def missing_field(name: str) -> Problem:
    return Problem(400, f"Thiếu trường “{name}” trong biểu mẫu.", code="invalid_form")


async def read_upload(
    request: Request, *, fields: set[str], max_file_bytes: int
) -> tuple[dict[str, str], str, bytes]:
    """A form of one ``file`` and some text ``fields``, read into memory (never spooled to a
    disk): the fields, the file's name and its bytes."""
    form = await read_form(request, fields=fields, files={"file"}, max_file_bytes=max_file_bytes)
    if "file" not in form.files:
        raise missing_field("file")
    filename, data = form.files["file"]
    return form.fields, filename, data


def multipart_body(
    description: str,
    text_fields: dict[str, str],
    file_fields: dict[str, str],
    optional: frozenset[str] = frozenset(),
) -> type[Operation]:
    """An OpenAPI ``Operation`` class whose request body is this multipart form (``{name:
    description}``; file fields are binary; every field not in ``optional`` is required)."""
    properties: dict[str, Schema] = {
        name: Schema(type=OpenAPIType.STRING, description=text)
        for name, text in text_fields.items()
    } | {
        name: Schema(type=OpenAPIType.STRING, format="binary", description=text)  # type: ignore[arg-type]
        for name, text in file_fields.items()
    }
    body = RequestBody(
        required=True,
        description=description,
        content={
            "multipart/form-data": OpenAPIMediaType(
                schema=Schema(
                    type=OpenAPIType.OBJECT,
                    properties=properties,
                    required=[name for name in properties if name not in optional],
                )
            )
        },
    )

    @dataclass
    class WithMultipartBody(Operation):
        def __post_init__(self) -> None:
            self.request_body = body

    return WithMultipartBody
