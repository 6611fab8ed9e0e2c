"""Writes of referrals: functions named <entity>_<action>, keyword-only, atomic, audited."""
