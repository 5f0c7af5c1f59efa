from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from backend.accounts.tables import User


class LibraryCollection(Table, tablename="library_collection"):
    title = Varchar(length=200)
    description = Text(default="")
    position = Integer(default=0)
    created_at = Timestamptz()


class LibraryDocument(Table, tablename="library_document"):
    """A document of the library. ``draft_text`` is the source of the next version; publishing
    parses it into articles (``structure.py``) and bumps ``version``."""

    collection = ForeignKey(LibraryCollection, index=True)
    title = Varchar(length=200)
    kind = Varchar(length=20)
    so_ky_hieu = Varchar(length=60, default="")
    issuer = Varchar(length=200, default="")
    issued_on = Date(null=True, default=None)
    summary = Text(default="")
    state = Varchar(length=20, index=True)
    version = Integer(default=0)
    content_hash = Varchar(length=64, default="")
    draft_text = Text(default="")
    draft_updated_at = Timestamptz(null=True, default=None)
    published_at = Timestamptz(null=True, default=None)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class LibraryArticle(Table, tablename="library_article"):
    """A unit of a document (part, chapter, Điều, point). Its id stays the same across the
    document's versions (matched by ``anchor``); ``version`` counts changes of its own text;
    ``live`` is false once a version no longer has it."""

    document = ForeignKey(LibraryDocument, index=True)
    anchor = Varchar(length=200)
    kind = Varchar(length=10)
    label = Varchar(length=60, default="")
    title = Text(default="")
    level = Integer(default=1)
    parent = Integer(null=True, default=None)  # the parent article's id
    position = Integer(default=0)
    blocks = JSON(default="[]")
    content_hash = Varchar(length=64)
    version = Integer(default=1)
    live = Boolean(default=True)
    changed_at = Timestamptz()
    created_at = Timestamptz()


class LibraryArticleVersion(Table, tablename="library_article_version"):
    """Each published text of an article, kept for the record."""

    article = ForeignKey(LibraryArticle, index=True)
    version = Integer()
    document_version = Integer()
    title = Text(default="")
    blocks = JSON(default="[]")
    content_hash = Varchar(length=64)
    published_at = Timestamptz()


class LibraryBookmark(Table, tablename="library_bookmark"):
    user = ForeignKey(User, index=True)
    article = ForeignKey(LibraryArticle)
    created_at = Timestamptz()


class LibraryHighlight(Table, tablename="library_highlight"):
    """A passage the reader marked, with his own note (private to him)."""

    user = ForeignKey(User, index=True)
    article = ForeignKey(LibraryArticle, index=True)
    article_version = Integer()
    block = Integer()
    start = Integer()
    end = Integer()
    quote = Text(default="")
    note = Text(default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()


class LibraryReading(Table, tablename="library_reading"):
    """Where the reader left each document ("đọc tiếp")."""

    user = ForeignKey(User, index=True)
    document = ForeignKey(LibraryDocument)
    article = ForeignKey(LibraryArticle)
    block = Integer(default=0)
    updated_at = Timestamptz()


class LibraryVisit(Table, tablename="library_visit"):
    """When the reader last looked at what changed in the library."""

    user = ForeignKey(User, unique=True)
    seen_at = Timestamptz()
