"""Hồ sơ đảng viên: party-member records, their import, and correction requests."""
