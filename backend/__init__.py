"""Đảng bộ số API: the system of record (Litestar, Piccolo, optional Redis)."""
