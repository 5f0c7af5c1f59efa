"""The API as ``dangbo serve --api-only`` serves it (``backend.asgi:app``), plus the fixture
domain's ``hall:{organisation id}`` streams: for the two-worker test and the benchmark."""

from backend.app import create_app
from backend.core.edge import Edge
from backend.domains import PACKAGES
from backend.settings import get_settings
from tests.fixture_events.plugin import PACKAGE

settings = get_settings()
app = Edge(
    create_app(settings, packages=(*PACKAGES, PACKAGE)),
    https=settings.is_https,
    origin=settings.origin,
)
