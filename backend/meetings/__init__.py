"""Sinh hoạt chi bộ: meetings, invitations, attendance, minutes and attendance statistics."""
