"""Thư viện văn kiện: the Party library, published and versioned by Tuyên giáo."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.library import indexing
from backend.library.controllers import LibraryController
from backend.library.demo import seed_library
from backend.library.policy import global_actions
from backend.library.publishing import Publishing
from backend.library.reader_controllers import ReaderController
from backend.library.tables import (
    LibraryArticle,
    LibraryArticleVersion,
    LibraryBookmark,
    LibraryCollection,
    LibraryDocument,
    LibraryHighlight,
    LibraryReading,
    LibraryVisit,
)


def build(services: Services) -> None:
    services.add(Publishing())


DOMAIN = Domain(
    name="library",
    tables=[
        LibraryCollection,
        LibraryDocument,
        LibraryArticle,
        LibraryArticleVersion,
        LibraryBookmark,
        LibraryHighlight,
        LibraryReading,
        LibraryVisit,
    ],
    controllers=[LibraryController, ReaderController],
    build=build,
    seed=seed_library,
    global_actions=global_actions,
    search_index=indexing.reindex_all,
)
