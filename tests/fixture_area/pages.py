import reflex as rx

from frontend.area import Area, Page


def notes_page() -> rx.Component:
    return rx.el.main(rx.el.h1("Ghi chú"))


AREA = Area(
    name="fixture_notes", pages=[Page(route="/ghi-chu", component=notes_page, title="Ghi chú")]
)
