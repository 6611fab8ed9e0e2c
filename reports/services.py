"""Writes of reports: functions named <entity>_<action>, keyword-only, atomic, audited."""
