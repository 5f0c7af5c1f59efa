"""Góp ý dự thảo: drafts, consultations, comments, votes, moderation."""
