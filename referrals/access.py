"""Rules predicates and visible_to() querysets for referrals (pattern: cases/access.py)."""
