"""The "Đăng nhập bằng VNeID" button, on the citizens' sign-in page and on /dang-nhap."""

from __future__ import annotations

import reflex as rx

from frontend.cong_dan import client as citizens


def vneid_button(label: str = "Đăng nhập bằng VNeID") -> rx.Component:
    """A plain link: the API sends the browser on to VNeID (a full-page redirect flow)."""
    return rx.el.a(
        rx.icon("shield-check", size=20),
        rx.el.span(label),
        href=citizens.VNEID_START.path,
        # Reflex renders the link as React Router's, which would route the address inside the
        # app: the browser must load it (the API answers with a redirect to VNeID).
        custom_attrs={"reloadDocument": True},
        id="vneid-login",
        class_name="dangbo-button dangbo-vneid-button",
        style={
            "display": "flex",
            "alignItems": "center",
            "justifyContent": "center",
            "gap": "8px",
            "minHeight": "48px",
            "textDecoration": "none",
        },
    )
