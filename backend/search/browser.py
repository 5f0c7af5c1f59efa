"""The folding table, exported for the browser's offline search: ``pwa/public/vi-fold.json``.

The offline library (and saved documents) must find what the server finds, so the browser
folds with the very table the server uses (:data:`backend.core.text.FOLDING`, which PostgreSQL's
``unaccent`` agrees with). The file is generated from it, never written by hand:

    .venv/bin/python -m backend.search.browser

``tests/unit/test_vi_fold_json.py`` fails when the file is stale, and runs the folding as
JavaScript (Node) over the shared search cases to check it gives what ``fold`` gives.
"""

from __future__ import annotations

import json
from pathlib import Path

from backend.core.text import FOLDING
from backend.settings import PROJECT_ROOT

FOLD_JSON = PROJECT_ROOT / "pwa" / "public" / "vi-fold.json"

ABOUT = [
    "Generated from backend/core/text.py by `python -m backend.search.browser`: do not edit.",
    "fold(text): text.normalize('NFC'), then every character c becomes map[c] when c is a "
    "key (an empty string drops it: the combining marks of decomposed text), then "
    "toLowerCase(). The server's search folds exactly so, on SQLite and PostgreSQL alike.",
    "words(text): the runs of letters and digits of text.normalize('NFC').toLowerCase() "
    "(JavaScript: /[\\p{L}\\p{N}]+/gu); a query matches when every word matches folded, the "
    "last one as a prefix; matches with every word's exact diacritics rank first, then those "
    "with every word in the title.",
]


def _text(to: int | str | None) -> str:
    """What ``str.translate`` puts instead of a character: nothing, a code point, a string."""
    return "" if to is None else chr(to) if isinstance(to, int) else to


def fold_table() -> dict:
    """The JSON object the browser loads: ``map`` from a character to what it folds to."""
    mapping = {chr(code): _text(to) for code, to in sorted(FOLDING.items())}
    return {"about": ABOUT, "map": mapping}


def fold_json() -> str:
    return json.dumps(fold_table(), ensure_ascii=False, indent=1) + "\n"


def write(path: Path = FOLD_JSON) -> Path:
    path.write_text(fold_json(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"Đã ghi {write()}")
