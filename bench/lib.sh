# Shared by the bench scripts: start the built server on a loopback port, wait for it, stop it, and summarise
# latency samples. Source it; it defines functions only.

BENCH_JAR=${BENCH_JAR:-server/target/godstart-hub.jar}
BENCH_PORT=${BENCH_PORT:-18080}
BENCH_BASE="http://127.0.0.1:$BENCH_PORT"
SERVER_PID=""

# start_server DATA_DIR LOG_FILE: starts the jar (embedded PostgreSQL in DATA_DIR unless SPRING_DATASOURCE_URL is
# set) and waits for GET /fhir/metadata; sets READY_SECONDS and SERVER_PID.
start_server() {
  local data_dir=$1 log_file=$2
  [ -f "$BENCH_JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }
  start_jar "$BENCH_JAR" "$BENCH_PORT" "$log_file" --godstart.subscriptions.allow-loopback-http=true \
    --godstart.embedded-database.data-directory="$data_dir"
}

# start_jar JAR PORT LOG_FILE [ARGS...]: java -jar JAR on PORT with JAVA_OPTS, waits for the first 200 from
# GET /fhir/metadata (up to 180 s); sets READY_SECONDS (from the java command) and SERVER_PID.
start_jar() {
  local jar=$1 port=$2 log_file=$3
  shift 3
  # shellcheck disable=SC2086
  start_command "$port" "$log_file" java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" "$@"
}

# start_command PORT LOG_FILE COMMAND...: runs COMMAND (a server that will listen on PORT), waits as start_jar does.
start_command() {
  local port=$1 log_file=$2 start ready=""
  shift 2
  start=$(date +%s%N)
  "$@" >"$log_file" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 1800); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; then ready=$(date +%s%N); break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died; log: $log_file" >&2; tail -30 "$log_file" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$ready" ] || { echo "server not ready in 180 s" >&2; exit 1; }
  READY_SECONDS=$(awk -v a="$start" -v b="$ready" 'BEGIN{printf "%.1f", (b-a)/1e9}')
}

# wait_ready: waits for readiness (the guide installed), up to 120 s.
wait_ready() {
  for _ in $(seq 1 1200); do
    curl -sf -o /dev/null "$BENCH_BASE/actuator/health/readiness" && return 0
    sleep 0.1
  done
  echo "server never reported ready" >&2; exit 1
}

rss_mib() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status"; }

stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}

# stats FILE: prints "median p95 mean" (milliseconds) of one number per line.
stats() {
  sort -n "$1" | awk '{v[NR]=$1; s+=$1} END {
    if (NR == 0) { print "n/a n/a n/a"; exit }
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    p = v[int(NR*0.95 + 0.999999)]
    printf "%.1f %.1f %.1f\n", m, p, s/NR }'
}

# demo_token CLIENT: a token from the hub's own issuer for one of its demo clients (secret "<id>-secret").
demo_token() {
  curl -sf -u "$1:$1-secret" -d grant_type=client_credentials "$BENCH_BASE/oauth2/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
