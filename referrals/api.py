"""DRF views of referrals: one APIView per operation, calling the same services and selectors."""
