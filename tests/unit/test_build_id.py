"""The build id that /api/health reports: a digest of the build's content, the same for every
copy of one build and different as soon as any file differs."""

from __future__ import annotations

import shutil

from backend.health.services import read_build_id
from frontend.pwa_plugin import BUILD_ID_LENGTH, build_id, write_build_id


def _build(root):
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "app-3f2a.js").write_text("console.log('xin chào');")
    (root / "index.html").write_text("<!doctype html><title>Đảng bộ số</title>")
    (root / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    return root


def test_the_same_build_on_two_machines_has_the_same_id(tmp_path):
    first = _build(tmp_path / "may-1" / "client")
    second = tmp_path / "may-2" / "build"
    shutil.copytree(first, second)  # copied elsewhere: other path, other file times
    identifier = write_build_id(first)
    assert len(identifier) == BUILD_ID_LENGTH and int(identifier, 16) >= 0
    assert write_build_id(second) == identifier
    # the file it writes is what the health check reads, and does not change the id
    assert read_build_id(first) == identifier
    assert build_id(first) == identifier
    # copies Reflex writes after the plugins (compressed files, 404.html from the SPA
    # fallback) are content already counted: no new id
    (second / "index.html.br").write_bytes(b"\x1b\x00compressed")
    (second / "sw.js.gz").write_bytes(b"\x1f\x8bcompressed")
    (second / "404.html").write_text("<!doctype html><title>Đảng bộ số</title>")
    assert build_id(second) == identifier


def test_any_change_of_content_or_name_gives_another_id(tmp_path):
    root = _build(tmp_path / "client")
    before = build_id(root)
    (root / "sw.js").write_text("self.addEventListener('fetch', () => { /* v2 */ });")
    changed_content = build_id(root)
    assert changed_content != before
    (root / "sw.js").rename(root / "sw2.js")
    assert build_id(root) not in (before, changed_content)
