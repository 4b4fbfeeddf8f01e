#!/usr/bin/env bash
# The Python virtual environment of examples/flask-backend: made once per requirements.txt
# (its hash is in the directory name) in the toolchain cache, and reused after.
#
#   scripts/flask-venv.sh          make it if needed; print its directory
#   scripts/flask-venv.sh --path   print the directory it has or would have, make nothing
#   scripts/flask-venv.sh --run    make it if needed, then run the example backend in it
#
# The cache directory is APIKEYS_CACHE_DIR, else .cache/ in the repository, as for the
# rest of the toolchain. PYTHON picks the interpreter (default python3, 3.9 or newer).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$root/examples/flask-backend/requirements.txt"
cache="${APIKEYS_CACHE_DIR:-$root/.cache}"
python="${PYTHON:-python3}"

hash="$( (sha256sum "$requirements" 2>/dev/null || shasum -a 256 "$requirements") | cut -c1-16)"
venv="$cache/python/flask-backend-$hash"
ready="$venv/.apikeys-ready"

case "${1:-}" in
  --path) echo "$venv"; exit 0 ;;
  ''|--run) ;;
  *) echo "usage: $0 [--path|--run]" >&2; exit 2 ;;
esac

if [ ! -f "$ready" ]; then
  mkdir -p "$cache/python"
  # Two runs at once (a developer and CI sharing a cache) must not build into one directory.
  exec 9>"$venv.lock"
  if command -v flock >/dev/null; then flock 9; fi
  if [ ! -f "$ready" ]; then
    started=$SECONDS
    echo "flask-venv: creating $venv from $(basename "$requirements") (pinned versions and hashes)" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    # The hashes in requirements.txt make pip refuse anything else (--require-hashes is implied);
    # --no-deps: every dependency is pinned there already.
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r "$requirements" >&2
    "$venv/bin/python" -c 'import flask, jwt, cryptography' >&2
    touch "$ready"
    echo "flask-venv: ready in $((SECONDS - started)) s" >&2
  fi
fi

[ -n "${started:-}" ] || echo "flask-venv: reusing $venv" >&2

if [ "${1:-}" = --run ]; then
  exec "$venv/bin/python" "$root/examples/flask-backend/app.py"
fi
echo "$venv"
