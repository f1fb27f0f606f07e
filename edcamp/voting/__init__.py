"""Voting on proposals: the per-attendee limit, open/close, the live board."""
