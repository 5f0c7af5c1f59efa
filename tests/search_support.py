"""The shared search cases (``tests/search_cases.json``), as the server's tests use them: the
texts marked ``"nfd"`` decomposed, every case with an id for pytest. The browser's offline
search reads the same file."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CASES_FILE = Path(__file__).resolve().parent / "search_cases.json"


@dataclass(frozen=True)
class Case:
    query: str
    found: list[str]  # corpus keys, best first
    exact: list[bool] | None  # whether each matched with its exact diacritics (None: unchecked)

    @property
    def id(self) -> str:
        nfd = unicodedata.normalize("NFC", self.query) != self.query
        return self.query + (" (NFD)" if nfd else "")


def _decomposed(value, nfd: bool):
    if isinstance(value, dict):
        return {k: _decomposed(v, nfd) for k, v in value.items() if k != "nfd"}
    return unicodedata.normalize("NFD", value) if nfd and isinstance(value, str) else value


def load(part: str) -> tuple[dict[str, dict], list[Case]]:
    """The corpus (key → record, in creation order) and the cases of ``part`` ("documents"
    or "texts")."""
    data = json.loads(CASES_FILE.read_text(encoding="utf-8"))[part]
    corpus = {key: _decomposed(r, r.get("nfd", False)) for key, r in data["corpus"].items()}
    cases = [
        Case(
            query=unicodedata.normalize("NFD", c["query"]) if c.get("nfd") else c["query"],
            found=c["found"],
            exact=c["exact"],
        )
        for c in data["cases"]
    ]
    return corpus, cases
