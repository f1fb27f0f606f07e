"""Connections people ask for: requests, blocks, what each side shares, partner classes."""
