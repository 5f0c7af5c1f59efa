"""The shared search cases (``tests/search_cases.json``, part "texts") run against the offline
library search of the browser (``pwa/public/thu-vien-ngoai-tuyen.js``, MiniSearch with the
server's folding): the same corpus and queries the server's tests use, so the two cannot drift.

``RUN_CASES`` is a JavaScript function of ``{records, queries}`` to evaluate where
``window.dangboLibrary`` is loaded (the browser page, or Node in the unit test); it answers,
for each query, the keys found (best first) and whether each matched with exact diacritics."""

from __future__ import annotations

from tests.search_support import load

RUN_CASES = """async ({records, queries}) => {
  const library = window.dangboLibrary;
  await library.loadFolding();
  const index = library.makeIndex(records);
  return queries.map((q) => {
    const hits = index.search(q);
    return {found: hits.map((h) => h.id), exact: hits.map((h) => h.exact)};
  });
}"""


def arguments() -> dict:
    """The corpus as the offline index takes it (in creation order: a later one is newer)."""
    corpus, cases = load("texts")
    records = [
        {"id": key, "title": r["title"], "body": r["body"], "order": n}
        for n, (key, r) in enumerate(corpus.items())
    ]
    return {"records": records, "queries": [c.query for c in cases]}


def mismatches(answers: list[dict]) -> list[tuple]:
    """Every case the offline search answers differently from the shared file."""
    _, cases = load("texts")
    wrong = []
    for case, answer in zip(cases, answers, strict=True):
        exact = answer["exact"] if case.exact is not None else None
        if answer["found"] != case.found or exact != case.exact:
            wrong.append((case.id, case.found, case.exact, answer))
    return wrong
