#!/usr/bin/env bash
# Quick start, command 1: install everything, validate, build the site and its PDF edition into site/.
source "$(dirname "$0")/commun.sh"
need_apt "${SYSTEM_PACKAGES[@]}"
venv ""
node_modules_ci
.venv/bin/python -m macros.valider
.venv/bin/python -m macros.publier  # builds into site.nouveau, swaps into site/ only on success
echo "Site construit dans site/ (ouvrir site/index.html)."
