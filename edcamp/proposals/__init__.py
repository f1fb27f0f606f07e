"""Session proposals: proposing, editing, co-facilitating, moderating and merging."""
