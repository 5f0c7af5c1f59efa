"""Secret electronic ballots (bí mật polls): see docs/ballots.md."""
