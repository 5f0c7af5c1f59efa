"""Thư viện văn kiện: the Party library, readable as formatted text and offline."""
