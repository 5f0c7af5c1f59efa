"""The live event stream: the API contract.

One event of a stream (``"congress:12"`` …), as ``GET /api/events/{stream}`` sends it in each
SSE ``data:`` line (its ``id:`` is ``id``, its ``event:`` is ``kind``). Ids are 1, 2, 3 … per
stream, gap-free and in commit order, so a client that saw id N asks for what came after N.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class LiveEvent(msgspec.Struct):
    id: int
    stream: str
    kind: str
    data: dict[str, Any]
    at: datetime
