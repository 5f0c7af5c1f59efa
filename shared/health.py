import msgspec


class Health(msgspec.Struct, frozen=True):
    status: str  # "ok" | "degraded"
    database: str  # "ok" | "error"
    redis: str  # "ok" | "error" | "not_configured"
