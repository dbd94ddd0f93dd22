#!/bin/sh
# Installs and prepares the peers the fetch-cycle scenario measures beside huiju (bench/scenarios/cycle.ts):
#   newsboat (Debian package), and FreshRSS (PHP, from its repository) with the PHP modules it needs.
#
#   sh bench/peers/setup.sh [FRESHRSS_SOURCE]
#
# FRESHRSS_SOURCE is a FreshRSS git repository (a bare one is fine) or a checkout; default: cloned from GitHub.
# It is copied, at the commit measured in BENCHMARKS.md (FRESHRSS_REF to change it), into bench/.cache/peers/FreshRSS,
# which git ignores: FreshRSS's code is never part of huiju. Each bench run installs a fresh FreshRSS instance from
# that copy into a scratch directory (bench/peers/freshrss.ts); nothing here needs to be run again between runs.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEST="$ROOT/bench/.cache/peers/FreshRSS"
SOURCE=${1:-${FRESHRSS_SOURCE:-https://github.com/FreshRSS/FreshRSS.git}}
# 1.25.0-dev, the version the issue compared against.
REF=${FRESHRSS_REF:-6c58b905}

if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
  newsboat php-cli php-sqlite3 php-curl php-xml php-mbstring php-intl php-zip php-gmp

rm -rf "$DEST"
mkdir -p "$DEST"
if [ -d "$SOURCE" ]; then
  if git -C "$SOURCE" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$SOURCE" archive "$REF" | tar -x -C "$DEST"
  else
    cp -a "$SOURCE/." "$DEST"
  fi
else
  TMP=$(mktemp -d)
  git clone --quiet "$SOURCE" "$TMP/FreshRSS"
  git -C "$TMP/FreshRSS" archive "$REF" | tar -x -C "$DEST"
  rm -rf "$TMP"
fi

newsboat --version | head -n 1
php -r 'echo "PHP ", PHP_VERSION, " with ", implode(" ", array_filter(["pdo_sqlite","curl","xml","mbstring","intl","zip","gmp"], "extension_loaded")), "\n";'
php -r "require '$DEST/constants.php'; echo 'FreshRSS ', FRESHRSS_VERSION, ' in $DEST', PHP_EOL;"
