#!/usr/bin/env bash
# Quick start, command 2: install everything the tests need, then run the whole suite.
source "$(dirname "$0")/commun.sh"
need_apt "${SYSTEM_PACKAGES[@]}" chromium poppler-utils libreoffice-calc-nogui
command -v java >/dev/null || need_apt default-jre-headless  # for the Nu HTML Checker
venv "[test]"
node_modules_ci
set +e
.venv/bin/python -m pytest "$@"
code=$?
set -e
# pytest's 5 means "no test collected": that is a failure here.
if [ "$code" = 5 ]; then echo "Aucun test exécuté : échec." >&2; exit 1; fi
exit "$code"
