#!/usr/bin/env bash
# Debian packages the project needs: gettext (translations), WeasyPrint's libraries and fonts,
# libmagic (upload sniffing), Chromium (browser tests), poppler-utils (documents turned into
# images by the tests), and the Redis and PostgreSQL servers (the
# fault tests start private instances of both). Installed only where missing and only when
# running as root; otherwise it says what is missing. nginx and openssl: `make prod-smoke` (also in
# `make test`) runs deploy/nginx.conf with a certificate it makes; psql comes with postgresql.
set -euo pipefail

packages=(gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core libmagic1 chromium poppler-utils redis-server postgresql nginx openssl)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages (install them as root): ${missing[*]}" >&2
fi
