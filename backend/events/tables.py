"""The event log: one row per event, and one counter row per stream.

An event's id in its stream is ``live_stream.last_id`` raised by one in the writer's own
transaction: the counter row stays locked until that transaction ends, so writers of one
stream take turns, ids are gap-free (a rolled-back write gives its number back) and the order
of the ids is the order of the commits.
"""

from piccolo.columns import JSON, Integer, Timestamptz, Varchar
from piccolo.table import Table


class LiveStream(Table, tablename="live_stream"):
    name = Varchar(length=120, unique=True)
    last_id = Integer(default=0)


class StreamEvent(Table, tablename="live_event"):
    stream = Varchar(length=120)
    seq = Integer()  # the event's id within its stream (LiveEvent.id)
    kind = Varchar(length=60)
    data = JSON()
    at = Timestamptz()
