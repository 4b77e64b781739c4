#!/usr/bin/env bash
# Measures how long the built server takes to answer GET /fhir/metadata, and its resident memory then.
#
#   bench/startup.sh [runs]        (default 3 runs; build first: ./mvnw -DskipTests package)
#
# Embedded default: each run starts on a fresh data directory (the cold first start, initdb included, is run 1;
# later runs reuse it, as a restart would). With SPRING_DATASOURCE_URL set, the external PostgreSQL is used.
# Prints a table and writes bench/results/startup-<timestamp>.json. Loopback only; stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-3}
JAR=server/target/godstart-hub.jar
PORT=${BENCH_PORT:-18080}
JAVA_OPTS=${JAVA_OPTS:-}
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }

WORK=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

mode=embedded
[ -n "${SPRING_DATASOURCE_URL:-}" ] && mode=external
results=()
printf '%-4s %-9s %12s %10s\n' run database ready_s rss_mib
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" \
    --godstart.embedded-database.data-directory="$WORK/data/postgres" >"$WORK/server-$run.log" 2>&1 &
  PID=$!
  ready=""
  for _ in $(seq 1 1200); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/fhir/metadata"; then ready=$(date +%s%N); break; fi
    kill -0 "$PID" 2>/dev/null || { echo "server died; log: $WORK/server-$run.log" >&2; tail -30 "$WORK/server-$run.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$ready" ] || { echo "server not ready in 120 s" >&2; exit 1; }
  secs=$(awk -v a="$start" -v b="$ready" 'BEGIN{printf "%.1f", (b-a)/1e9}')
  rss=$(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$PID/status")
  printf '%-4s %-9s %12s %10s\n' "$run" "$mode" "$secs" "$rss"
  results+=("{\"run\":$run,\"database\":\"$mode\",\"readySeconds\":$secs,\"rssMiB\":$rss}")
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
echo "reference (HAPI FHIR JPA starter 8.8, same machine size): ready ~61 s, RSS ~1.1 GiB (~1126 MiB)"

mkdir -p bench/results
out="bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).json"
(IFS=,; echo "{\"benchmark\":\"startup\",\"javaOpts\":\"$JAVA_OPTS\",\"runs\":[${results[*]}],\"reference\":{\"readySeconds\":61,\"rssMiB\":1126}}") >"$out"
echo "wrote $out"
