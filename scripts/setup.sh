#!/usr/bin/env bash
# One idempotent bootstrap for a fresh Debian machine: system packages, npm dependencies, build.
# Installs with apt-get when run as root; otherwise prints the command to run and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Debian packages fdsp needs at run time and in tests: Bandit (the analyzer), bubblewrap (the sandbox),
# python3 (Bandit's interpreter and the unit-test runner).
apt_packages=(bandit bubblewrap python3)
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

say "ready: $(bandit --version 2>/dev/null | head -n 1), bubblewrap $(bwrap --version 2>/dev/null | awk '{print $2}')"
