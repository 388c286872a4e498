#!/usr/bin/env bash
# One idempotent bootstrap for a fresh Debian machine: system packages, npm dependencies, build.
# Installs with apt-get when run as root; otherwise prints the command to run and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Debian packages fdsp needs at run time and in tests: Bandit (the analyzer), bubblewrap (the sandbox),
# python3 (Bandit's interpreter and the unit-test runner), python3-venv (the analyzer engines' .venv).
apt_packages=(bandit bubblewrap python3 python3-venv)
[ -n "${FDSP_SETUP_EXTRA_APT:-}" ] && read -r -a extra <<<"$FDSP_SETUP_EXTRA_APT" && apt_packages+=("${extra[@]}")
[ -f scripts/apt-packages.txt ] && while read -r name; do
  [ -n "$name" ] && [ "${name:0:1}" != "#" ] && apt_packages+=("$name")
done <scripts/apt-packages.txt

missing=()
for name in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q 'install ok installed' || missing+=("$name")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "missing Debian packages: ${missing[*]}"
    say "install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
else
  say "Debian packages present: ${apt_packages[*]}"
fi

# --- analyzer engines from PyPI (issue 11): a project-local .venv from the pinned closure in
# python/requirements-engines.txt (bandit 1.7.8, ruff, semgrep). pip runs only when the requirements file differs from
# the stamp of the last successful install. FDSP_SETUP_SKIP_ENGINES=1 skips it (Debian's Bandit is then the fallback).
engines_requirements=python/requirements-engines.txt
engines_stamp=.venv/.requirements-engines.sha256
if [ "${FDSP_SETUP_SKIP_ENGINES:-}" = "1" ]; then
  say "skipping the analyzer engines' virtual environment (FDSP_SETUP_SKIP_ENGINES=1)"
else
  engines_wanted=$(sha256sum "$engines_requirements" | awk '{print $1}')
  if [ -x .venv/bin/python ] && [ -f "$engines_stamp" ] && [ "$(cat "$engines_stamp")" = "$engines_wanted" ]; then
    say "analyzer engines up to date in .venv"
  else
    say "installing analyzer engines into .venv (bandit, ruff, semgrep)"
    # Debian's interpreter, not the first python3 on PATH: the venv must outlive any pyenv or conda shims.
    [ -x .venv/bin/python ] || /usr/bin/python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --requirement "$engines_requirements"
    .venv/bin/python -m pip check --disable-pip-version-check >/dev/null
    printf '%s\n' "$engines_wanted" >"$engines_stamp"
  fi
fi
# --- end of analyzer engines
# --- sandbox Python packages (issue 12): libraries the CWEval tests import that Debian lacks, pinned in
# scripts/sandbox-requirements.txt, installed for /usr/bin/python3 into python/sandbox-packages (bound read-only into
# the sandbox). Skipped when the installed set matches the requirements file's hash.
sandbox_packages=python/sandbox-packages
sandbox_stamp="$sandbox_packages/.requirements.sha256"
sandbox_hash=$(sha256sum scripts/sandbox-requirements.txt | cut -d' ' -f1)
if [ -f "$sandbox_stamp" ] && [ "$(cat "$sandbox_stamp")" = "$sandbox_hash" ]; then
  say "sandbox Python packages up to date"
else
  say "installing sandbox Python packages into $sandbox_packages"
  rm -rf "$sandbox_packages.partial"
  /usr/bin/python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --no-compile \
    --target "$sandbox_packages.partial" -r scripts/sandbox-requirements.txt
  rm -rf "$sandbox_packages"
  mv "$sandbox_packages.partial" "$sandbox_packages"
  chmod -R a+rX "$sandbox_packages"
  printf '%s\n' "$sandbox_hash" >"$sandbox_stamp"
fi
# --- end sandbox Python packages

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  say "Node.js >= 20 is required (found $(node --version))"
  exit 1
fi

# npm ci only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm dependencies up to date"
fi

say "building"
npm run --silent build

say "ready: $( (.venv/bin/bandit --version 2>/dev/null || bandit --version 2>/dev/null) | head -n 1), bubblewrap $(bwrap --version 2>/dev/null | awk '{print $2}')"
