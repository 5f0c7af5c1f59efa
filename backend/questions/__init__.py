"""Hỏi – đáp: questions to the cấp ủy, answers, the anonymous FAQ."""
