"""File pickers (``rx.upload``) whose file input has a name.

``rx.upload`` renders react-dropzone's file input, visually hidden but present for screen
readers, with no label: axe-core counts it as a critical fault. ``named_upload`` gives it
the accessible name of the picker (react-dropzone's own input props do not set one).
"""

from __future__ import annotations

import reflex as rx


def named_upload(*children: rx.Component, label: str, **props) -> rx.Component:
    """``rx.upload.root(*children, **props)`` whose file input is named ``label``."""
    upload = rx.upload.root(*children, **props)
    zone = upload.children[0]
    file_input = zone.children[0]
    if getattr(file_input, "tag", None) != "input":
        raise TypeError("rx.upload changed shape: its first child is no longer the file input")
    file_input.custom_attrs["aria-label"] = label
    return upload
