# Shared by the two Quick start scripts: system packages and the virtualenv.
# Sourced, not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NO_MKDOCS_2_WARNING=1

need_apt() {
  # $@: Debian packages. Installs what is missing (as root), or stops with a clear message.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installation des paquets système : ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    echo "Installation des paquets système (sudo) : ${missing[*]}"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Paquets système manquants : ${missing[*]}" >&2
    echo "Installez-les avec : sudo apt-get install ${missing[*]}" >&2
    exit 3
  fi
}

python_311() {
  for c in python3.11 python3; do
    if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$c"; return 0
    fi
  done
  echo "Python 3.11 est requis (paquet Debian python3.11 et python3.11-venv)." >&2
  exit 3
}

venv() {
  # $1: pip extras ("" or "[test]")
  if [ ! -x .venv/bin/python ]; then
    "$(python_311)" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".$1"
}

node_modules_ci() {
  # The /admin/ editor: Decap CMS (copied into site/admin/) and decap-server (tests), pinned by
  # package-lock.json. npm ci empties node_modules first, so it runs only when the lock changed.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    need_apt nodejs npm
  fi
  if [ ! -e node_modules/.npm-ci ] || [ package-lock.json -nt node_modules/.npm-ci ]; then
    echo "Installation de Decap CMS (npm ci)…"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null || {
      echo "npm ci a échoué : le registre npm est-il joignable ?" >&2; exit 3; }
    touch node_modules/.npm-ci
  fi
}

# WeasyPrint needs Pango; the PDF needs fonts installed on the machine (never fetched).
SYSTEM_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2)
