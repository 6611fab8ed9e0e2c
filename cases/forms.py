"""Forms of cases: input shape only; the services decide."""
