"""Sub-commands of later domains (``vapid init``, ``ca init`` …) register here."""

from __future__ import annotations

import argparse
from collections.abc import Callable

COMMAND_REGISTRARS: list[Callable[[argparse._SubParsersAction], None]] = []


def register_commands(sub: argparse._SubParsersAction) -> None:
    for registrar in COMMAND_REGISTRARS:
        registrar(sub)


from backend.notifications.cli import register_notification_commands  # noqa: E402

COMMAND_REGISTRARS.append(register_notification_commands)

from backend.signing.cli import register_ca_commands  # noqa: E402

COMMAND_REGISTRARS.append(register_ca_commands)
