"""HTML views of referrals: the sender's pages (staff), the receiver's portal (liaisons) and the
head's overview. Shape: access helper -> form -> service -> redirect or render."""
