"""HTML views of referrals: access helper -> form -> service -> redirect or render."""
