#!/usr/bin/env bash
# The hub beside plain HAPI, in the same run: the same HAPI FHIR JPA (bench/plain-hapi: HAPI's defaults, built from
# Maven Central by this script, no validation, security, audit or routes), the same JDK, the same PostgreSQL (the
# machine's, 127.0.0.1:5432, a fresh database for each), one after the other, the same workload (bench/fhir_workload.py):
#   - first start and restart on the same data: java -jar to the first 200 from GET /fhir/metadata; RSS at ready;
#   - sequential POST Patient (the hub's each validated against DkMaternityPatient, access-checked, audited), and
#     from 4 and 16 clients at once;
#   - one transaction of 1000 Patients; GET Patient?family= with 2000 or more stored; RSS after the workload.
# Prints every row as the hub's, plain HAPI's and the ratio, and writes bench/results/fhir-basics-<timestamp>.json.
#
#   bench/fhir-basics.sh [posts] [searches]     (default 500 and 300; build first: ./mvnw -DskipTests package)
#
# PGHOST/PGPORT/PGUSER choose the PostgreSQL (default 127.0.0.1, 5432, postgres); the two databases are dropped
# afterwards. About 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

POSTS=${1:-500}
SEARCHES=${2:-300}
[[ "$POSTS" =~ ^[0-9]+$ && "$POSTS" -ge 16 && "$POSTS" -le 20000 ]] || { echo "posts: 16 to 20000" >&2; exit 2; }
[[ "$SEARCHES" =~ ^[0-9]+$ && "$SEARCHES" -ge 10 && "$SEARCHES" -le 20000 ]] || { echo "searches: 10 to 20000" >&2; exit 2; }
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
pg_isready -q || { echo "no PostgreSQL at $PGHOST:$PGPORT" >&2; exit 2; }
[ -f "$BENCH_JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }

HAPI_JAR=bench/plain-hapi/target/plain-hapi.jar
HAPI_PORT=18081
if [ ! -f "$HAPI_JAR" ] || [ -n "$(find bench/plain-hapi/pom.xml bench/plain-hapi/src -newer "$HAPI_JAR" 2>/dev/null)" ]; then
  echo "building the plain HAPI reference (bench/plain-hapi)" >&2
  ./mvnw -q -B -ntp -f bench/plain-hapi/pom.xml -DskipTests package >&2
fi

WORK=$(mktemp -d)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
DATABASES=("bench_hub_${STAMP,,}" "bench_hapi_${STAMP,,}")
cleanup() {
  stop_server
  for db in "${DATABASES[@]}"; do dropdb --if-exists "$db" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
for db in "${DATABASES[@]}"; do createdb "$db"; done

# measure NAME JAR PORT DATABASE TOKEN_FN: first start, workload, RSS after, stop, restart on the same data.
measure() {
  local name=$1 jar=$2 port=$3 db=$4 kind=$5 token="-" ready rss
  local url="jdbc:postgresql://$PGHOST:$PGPORT/$db"
  local args=(--spring.datasource.url="$url" --spring.datasource.username="$PGUSER")
  [ "$kind" = hub ] && args+=(--godstart.subscriptions.allow-loopback-http=true)
  start_jar "$jar" "$port" "$WORK/$name.log" "${args[@]}"
  ready=$READY_SECONDS; rss=$(rss_mib)
  if [ "$kind" = hub ]; then
    BENCH_BASE="http://127.0.0.1:$port" wait_ready
    token=$(BENCH_BASE="http://127.0.0.1:$port" demo_token demo-hospital)
    local admin; admin=$(BENCH_BASE="http://127.0.0.1:$port" demo_token demo-admin)
    python3 - "$port" "$admin" "$token" <<'PY'
# the demo hospital's organisation must be in the directory before it writes patients
import base64, http.client, json, sys
port, admin, hospital = int(sys.argv[1]), sys.argv[2], sys.argv[3]
claims = json.loads(base64.urlsafe_b64decode(hospital.split(".")[1] + "==="))
system, value = claims["organization"].split("|", 1)
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": "Bearer " + admin, "Accept": "application/fhir+json", "Content-Type": "application/fhir+json"}
conn.request("GET", f"/fhir/Organization?identifier={system}|{value}", headers=headers)
if not json.loads(conn.getresponse().read()).get("entry"):
    conn.request("POST", "/fhir/Organization", headers=headers, body=json.dumps({
        "resourceType": "Organization", "meta": {"profile": ["http://godstart.dk/fhir/StructureDefinition/dk-maternity-organization"]},
        "active": True, "name": "Bench hospital", "identifier": [{"system": system, "value": value}],
        "type": [{"coding": [{"system": "http://godstart.dk/fhir/CodeSystem/organization-type", "code": "hospital-department"}]}]}))
    answer = conn.getresponse()
    assert answer.status == 201, answer.read()[:500]
PY
  fi
  python3 bench/fhir_workload.py "$port" "$token" "$POSTS" "$SEARCHES" "$WORK/$name.json"
  local after; after=$(rss_mib)
  stop_server
  start_jar "$jar" "$port" "$WORK/$name-restart.log" "${args[@]}"
  local restart=$READY_SECONDS restart_rss; restart_rss=$(rss_mib)
  stop_server
  python3 - "$WORK/$name.json" "$ready" "$rss" "$after" "$restart" "$restart_rss" <<'PY'
import json, sys
path, ready, rss, after, restart, restart_rss = sys.argv[1:]
result = json.load(open(path))
result.update({"readySeconds": float(ready), "rssAtReadyMiB": int(rss), "rssAfterMiB": int(after),
               "restartSeconds": float(restart), "rssAtRestartMiB": int(restart_rss)})
json.dump(result, open(path, "w"), indent=1)
PY
  echo "$name: ready ${ready} s (restart ${restart} s), RSS ${rss} MiB at ready, ${after} MiB after" >&2
}

measure hapi "$HAPI_JAR" "$HAPI_PORT" "${DATABASES[1]}" hapi
measure hub "$BENCH_JAR" "$BENCH_PORT" "${DATABASES[0]}" hub

# The hub's fast path (server/fast-start.sh: the extracted jar and, on JDK 25 or newer, an AOT cache trained once per
# jar and JDK), restarted on the same data; training is not timed. Only where such a JDK is on the machine.
FAST_JDK=$(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r | while read -r d; do
  v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
  [ "${v%%.*}" -ge 25 ] 2>/dev/null && { echo "${d%/}"; break; }; done || true)
if [ -n "$FAST_JDK" ]; then
  export FAST_START_DIR="$WORK/fast-start" FAST_START_JAR="$BENCH_JAR"
  JAVA_HOME="$FAST_JDK" FAST_START_TRAIN_ONLY=1 server/fast-start.sh
  start_command "$BENCH_PORT" "$WORK/hub-fast.log" env JAVA_HOME="$FAST_JDK" server/fast-start.sh \
    --server.port="$BENCH_PORT" --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/${DATABASES[0]}" \
    --spring.datasource.username="$PGUSER" --godstart.subscriptions.allow-loopback-http=true
  fast_restart=$READY_SECONDS fast_rss=$(rss_mib)
  stop_server
  python3 - "$WORK/hub.json" "$fast_restart" "$fast_rss" "$("$FAST_JDK/bin/java" -version 2>&1 | head -1)" <<'PY'
import json, sys
path, seconds, rss, jdk = sys.argv[1:]
result = json.load(open(path))
result["fastStart"] = {"restartSeconds": float(seconds), "rssAtRestartMiB": int(rss), "jdk": jdk}
json.dump(result, open(path, "w"), indent=1)
PY
  echo "hub, server/fast-start.sh ($FAST_JDK): restart ${fast_restart} s, RSS ${fast_rss} MiB" >&2
fi

mkdir -p bench/results
out="bench/results/fhir-basics-$STAMP.json"
python3 - "$WORK/hub.json" "$WORK/hapi.json" "$out" "$(java -version 2>&1 | head -1)" <<'PY'
import json, sys
hub, hapi, out, jdk = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4]
conc = lambda r, n: next(c for c in r["concurrent"] if c["clients"] == n)
rows = [  # name, hub, hapi, higher is better
    ("first start: java -jar to /fhir/metadata 200 (s)", hub["readySeconds"], hapi["readySeconds"], False),
    ("restart on the same data (s)", hub["restartSeconds"], hapi["restartSeconds"], False),
    *([("restart, hub by server/fast-start.sh (JDK 25, AOT cache) (s)", hub["fastStart"]["restartSeconds"], hapi["restartSeconds"], False),
       ("RSS at that restart (MiB)", hub["fastStart"]["rssAtRestartMiB"], hapi["rssAtRestartMiB"], False)]
      if "fastStart" in hub else []),
    ("RSS at ready, first start (MiB)", hub["rssAtReadyMiB"], hapi["rssAtReadyMiB"], False),
    ("RSS after the workload (MiB)", hub["rssAfterMiB"], hapi["rssAfterMiB"], False),
    ("sequential POST Patient per s", hub["post"]["perSecond"], hapi["post"]["perSecond"], True),
    ("sequential POST Patient median (ms)", hub["post"]["medianMs"], hapi["post"]["medianMs"], False),
    ("sequential POST Patient p95 (ms)", hub["post"]["p95Ms"], hapi["post"]["p95Ms"], False),
    ("POST Patient per s, 4 clients", conc(hub, 4)["perSecond"], conc(hapi, 4)["perSecond"], True),
    ("POST Patient per s, 16 clients", conc(hub, 16)["perSecond"], conc(hapi, 16)["perSecond"], True),
    ("POST Patient p95 (ms), 16 clients", conc(hub, 16)["p95Ms"], conc(hapi, 16)["p95Ms"], False),
    ("transaction of 1000 Patients (s)", hub["transaction"]["seconds"], hapi["transaction"]["seconds"], False),
    (f'GET Patient?family= median (ms), {hub["search"]["stored"]} stored', hub["search"]["medianMs"], hapi["search"]["medianMs"], False),
    ("GET Patient?family= p95 (ms)", hub["search"]["p95Ms"], hapi["search"]["p95Ms"], False),
]
print(f'{"measure":<52} {"hub":>9} {"plain HAPI":>11} {"hub / HAPI":>11}')
table = []
for name, ours, theirs, higher in rows:
    ratio = round(ours / theirs, 2) if ours and theirs else None
    table.append({"measure": name, "hub": ours, "plainHapi": theirs, "ratio": ratio, "higherIsBetter": higher})
    print(f"{name:<52} {ours!s:>9} {theirs!s:>11} {ratio!s:>11}")
wrong = lambda r: r["post"]["errors"] + sum(c["errors"] for c in r["concurrent"]) + r["search"]["errors"] + (r["transaction"]["status"] != 200)
print(f'wrong answers: hub {wrong(hub)}, plain HAPI {wrong(hapi)}; {jdk}; load average at the end: {" ".join(open("/proc/loadavg").read().split()[:3])}')
json.dump({"benchmark": "fhir-basics", "jdk": jdk, "rows": table, "hub": hub, "plainHapi": hapi}, open(out, "w"), indent=1)
print(f"wrote {out}")
PY
