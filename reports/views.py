"""HTML views of reports: access helper -> form -> service -> redirect or render."""
