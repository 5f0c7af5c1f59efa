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
