"""Reads of reports with the access rules applied."""
