"""Reflection that counts: reflections with evidence, the learning record (page, PDF,
verification link), the organizer's confirmation and the "Did you try it?" mail."""
