#!/usr/bin/env bash
# Installs the Debian packages the project needs: WeasyPrint's pango and fonts,
# poppler-utils (pdftoppm/pdftotext, for looking at PDFs), and chromium for the
# Playwright browser tests. Idempotent: does nothing when everything is there.
set -euo pipefail
PKGS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 poppler-utils gettext chromium)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Saknade systempaket: ${missing[*]} — kör som root: sudo $0" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
