#!/usr/bin/env bash
# Benchmarks report figures; they never fail `make test`. More targets come with DESIGN.md §6.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=uptdppa.settings
.venv/bin/python bench/crypto.py
