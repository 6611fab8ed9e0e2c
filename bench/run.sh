#!/usr/bin/env bash
# `make bench`: benchmarks report figures (bench/README.md); they never fail `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=uptdppa.settings
.venv/bin/python bench/crypto.py
.venv/bin/python bench/main.py
