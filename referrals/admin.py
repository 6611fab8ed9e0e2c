"""Administrator screens of referrals (reference data only, never case content)."""
