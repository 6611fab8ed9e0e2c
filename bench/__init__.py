"""Benchmarks of DESIGN.md §6 (`make bench`); see bench/README.md."""
