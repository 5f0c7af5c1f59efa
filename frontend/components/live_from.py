"""Where a page's live script starts following an event stream: ``live_from(stream, id)``.

A page that reads a record and then follows its stream (``pwa/public/live.js``) hands the
script the stream's last event id read with the record, in the box's ``data-after``, as
``"<stream>@<id>@<read>"``:

- the stream, because ids are counted per stream, and a page moved to another congress or
  consultation may still show the last one's value for a moment;
- the read, a token new at every read: Reflex keeps a page's state across navigation, so a page
  opened again shows the previous visit's value until its read is done. The script starts from
  a value it has not started from before, so a page opened again follows from its own read,
  not from the last visit's (``bieu-quyet-truc-tiep.js``, ``gop-y.js``).
"""

from __future__ import annotations

import secrets


def live_from(stream: str, last_event_id: int | None) -> str:
    return f"{stream}@{last_event_id or 0}@{secrets.token_hex(4)}"
