"""Reads of referrals with the access rules applied."""
