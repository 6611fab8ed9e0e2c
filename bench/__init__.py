"""Benchmarks of docs/architecture.md#performance-budgets (`make bench`); see bench/README.md."""
