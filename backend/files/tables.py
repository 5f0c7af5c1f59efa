from piccolo.columns import BigInt, Timestamptz, Varchar
from piccolo.table import Table


class StoredFile(Table, tablename="stored_file"):
    """One blob in the content-addressed store (``file_store_dir``), named by its SHA-256."""

    sha256 = Varchar(length=64, unique=True, index=True)
    size = BigInt()
    mime = Varchar(length=100)
    created_at = Timestamptz()
