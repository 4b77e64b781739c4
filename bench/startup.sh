#!/usr/bin/env bash
# Measures how long the built server takes to answer GET /fhir/metadata, and its resident memory then.
#
#   bench/startup.sh [runs]        (default 3 runs; build first: ./mvnw -DskipTests package)
#
# Embedded default: run 1 starts on an empty data directory (initdb, schema creation, guide installation); later
# runs reuse it, as a restart would. With SPRING_DATASOURCE_URL set, the external PostgreSQL is used.
# Prints a table and writes bench/results/startup-<timestamp>.json. Loopback only; stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

RUNS=${1:-3}
WORK=$(mktemp -d)
trap 'stop_server; rm -rf "$WORK"' EXIT

mode=embedded
[ -n "${SPRING_DATASOURCE_URL:-}" ] && mode=external
results=()
printf '%-4s %-9s %12s %10s\n' run database ready_s rss_mib
for run in $(seq 1 "$RUNS"); do
  start_server "$WORK/data/postgres" "$WORK/server-$run.log"
  rss=$(rss_mib)
  printf '%-4s %-9s %12s %10s\n' "$run" "$mode" "$READY_SECONDS" "$rss"
  results+=("{\"run\":$run,\"database\":\"$mode\",\"readySeconds\":$READY_SECONDS,\"rssMiB\":$rss}")
  wait_ready
  stop_server
done
echo "the reference in the same run: bench/fhir-basics.sh starts plain HAPI beside the hub"

mkdir -p bench/results
out="bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).json"
(IFS=,; echo "{\"benchmark\":\"startup\",\"javaOpts\":\"${JAVA_OPTS:-}\",\"runs\":[${results[*]}]}") >"$out"
echo "wrote $out"
