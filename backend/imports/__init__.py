"""Imports of tabular files with row-level errors, shared by every domain that takes them."""
