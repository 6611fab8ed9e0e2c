"""Administrator screens of reports (reference data only, never case content)."""
