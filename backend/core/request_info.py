"""Who is calling from where, for audit and sessions; only what is needed, nothing more."""

from litestar import Request

_LOOPBACK = {"127.0.0.1", "::1", "testclient"}


def client_ip(request: Request) -> str:
    host = request.client.host if request.client else ""
    # The in-process UI client and a local reverse proxy pass the browser's address on.
    if host in _LOOPBACK:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return host[:64]


def user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")[:200]


def cookie(request: Request, name: str) -> str | None:
    """One cookie's value, read from the raw header.

    ``request.cookies`` builds the whole header map and every cookie first, which on the
    session lookup (every authenticated request) cost more than the lookup itself.
    """
    prefix = name.encode() + b"="
    for header, value in request.scope["headers"]:
        if header != b"cookie":
            continue
        for part in value.split(b";"):
            part = part.strip()
            if part.startswith(prefix):
                return part[len(prefix) :].strip(b'"').decode("latin-1")
    return None
