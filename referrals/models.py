"""Models of referrals to other organisations and the liaison portal (issue: referrals)."""
