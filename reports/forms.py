"""Forms of reports: input shape only; the services decide."""
