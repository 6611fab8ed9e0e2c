"""Rules predicates and visible_to() querysets for reports (pattern: cases/access.py)."""
