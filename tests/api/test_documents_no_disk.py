"""A refused file never touches the disk: not the temporary directory (where a framework would
spool an upload over 1 MiB), not ``var/`` (the file store's staging). Watched with inotify
while the upload runs, not only by looking at what is left afterwards."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import struct
import tempfile
import threading
from pathlib import Path

import pytest

from tests.documents_support import incoming_meta, make_org, pdf_bytes, person, register

IN_MODIFY = 0x002
IN_CLOSE_WRITE = 0x008
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_ISDIR = 0x40000000
WATCHED = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE
_EVENT = struct.Struct("iIII")


class Watcher:
    """inotify (through libc) on every directory under ``roots``, and on directories created
    under them while watching; records each created, written or moved-in path."""

    def __init__(self, *roots: Path) -> None:
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        assert self.fd >= 0, os.strerror(ctypes.get_errno())
        self.paths: dict[int, Path] = {}
        self.events: list[tuple[Path, int]] = []
        for root in roots:
            for folder, _dirs, _files in os.walk(root):
                self._watch(Path(folder))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _watch(self, folder: Path) -> None:
        wd = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), WATCHED)
        if wd >= 0:
            self.paths[wd] = folder

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
                name = data[offset + _EVENT.size : offset + _EVENT.size + length].rstrip(b"\0")
                offset += _EVENT.size + length
                path = self.paths.get(wd, Path("?")) / os.fsdecode(name)
                self.events.append((path, mask))
                if mask & IN_CREATE and mask & IN_ISDIR:
                    self._watch(path)

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.02)
            if ready:
                self._drain()

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._drain()
        os.close(self.fd)


@pytest.fixture
async def clerk(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        yield await person(app, stack, "Văn Thư Không Ghi Đĩa", ["van_thu", "can_bo"], org)


@pytest.fixture
def spool_dir(monkeypatch, tmp_path):
    """A temporary directory of this test's own, where Python's tempfile (and so any
    framework's spooled upload) would write; with named files, since a nameless O_TMPFILE
    would be invisible to inotify."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(tempfile, "_O_TMPFILE_WORKS", False)
    return folder


def _written(watcher: Watcher, settings) -> list[str]:
    """Paths written during the watch, leaving out the database files themselves (the refusal's
    audit row goes there, on purpose)."""
    database = Path(settings.database_url.removeprefix("sqlite:///")).name
    return sorted(
        str(path)
        for path, _mask in watcher.events
        if not (path.name.startswith(database) and path.parent == settings.var_dir)
    )


def _large_stamped_pdf() -> bytes:
    # Over 1 MiB, so that any spooling upload parser would have rolled it onto the disk.
    return pdf_bytes("Báo cáo nhân sự", stamp="TỐI MẬT") + b"\n%" + b"7" * (3 * 1024 * 1024)


async def test_a_refused_upload_writes_nothing_anywhere(clerk, settings, spool_dir):
    content = _large_stamped_pdf()
    with Watcher(spool_dir, settings.var_dir) as watcher:
        response = await register(clerk.client, incoming_meta(), content, "bao-cao.pdf")
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith("/classified")
    assert _written(watcher, settings) == []
    assert list(spool_dir.iterdir()) == []


async def test_an_upload_without_the_csrf_header_is_refused_unread(clerk, settings, spool_dir):
    content = _large_stamped_pdf()
    with Watcher(spool_dir, settings.var_dir) as watcher:
        response = await clerk.client.post(
            "/api/documents/",
            data={"metadata": "{}"},
            files={"file": ("a.pdf", content, "application/pdf")},
            headers={"x-csrftoken": ""},
        )
        del clerk.client.headers["x-csrftoken"]
        try:
            bare = await clerk.client.post(
                "/api/documents/",
                data={"metadata": "{}"},
                files={"file": ("a.pdf", content, "application/pdf")},
            )
        finally:
            clerk.client.headers["x-csrftoken"] = clerk.client.cookies["csrftoken"]
    assert response.status_code == 403 and bare.status_code == 403
    assert _written(watcher, settings) == []


async def test_the_watch_sees_an_accepted_upload_being_stored(clerk, settings, spool_dir):
    """The control: the same watch does see the blob written when the file is accepted."""
    content = pdf_bytes("Báo cáo được lưu") + b"\n%" + b"8" * (2 * 1024 * 1024)
    with Watcher(spool_dir, settings.var_dir) as watcher:
        response = await register(clerk.client, incoming_meta(), content, "bao-cao.pdf")
    assert response.status_code == 201, response.text
    sha = response.json()["files"][0]["sha256"]
    written = _written(watcher, settings)
    assert sha
    if settings.file_store == "local":
        # the blob's staging file and its folders, as it is written into the store
        assert any(path.startswith(str(settings.file_store_dir)) for path in written), written
    # nothing passes through the temporary directory even then
    assert not any(path.startswith(str(spool_dir)) for path in written)
