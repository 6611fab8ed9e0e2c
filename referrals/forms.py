"""Forms of referrals: input shape only; the services decide."""
