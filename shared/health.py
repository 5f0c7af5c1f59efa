import msgspec


class Health(msgspec.Struct, frozen=True):
    """``ok`` when every part below that is configured works; ``degraded`` otherwise."""

    status: str  # "ok" | "degraded"
    database: str  # "ok" | "error"
    redis: str  # "ok" | "error" | "not_configured"
    files: str = "ok"  # the file store's backend: "ok" | "error"
    push: str = "ok"  # the VAPID key: "ok" | "missing" | "error"
    signing: str = "ok"  # the signing CA: "ok" | "missing" | "error"
    # Push delivery workers: "ok", "not_running" (pushes are due and no worker was seen within
    # a minute), or "in_process" (no Redis: the API process sends).
    worker: str = "ok"
    build: str = ""  # the frontend build's id: the same on every machine of one deployment
