#!/usr/bin/env bash
# The whole comparison in one command: runs the benchmark scripts one after another (each starts the built server on
# loopback, runs a bounded workload and stops it), then prints one table: the rows that plain HAPI can be measured on
# as the hub's, plain HAPI's (bench/plain-hapi, measured in the same run by fhir-basics.sh) and the ratio; the rest as
# the hub's alone. Writes bench/results/all-<timestamp>.json. Builds the hub nothing: ./mvnw -DskipTests package first.
# fhir-basics.sh uses the machine's PostgreSQL (PGHOST, default 127.0.0.1:5432); with SPRING_DATASOURCE_URL set, the
# other scripts use that PostgreSQL instead of the embedded one.
#
#   bench/all.sh            (about 15 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date -u +%Y%m%dT%H%M%SZ)
run() { echo "== $*" >&2; "$@" >&2; }
run bench/startup.sh 2
run bench/fhir-basics.sh 500 300
run bench/validation.sh 200
RATE=20 run bench/referral-flow.sh 20 60
run bench/adt-throughput.sh 500 4

python3 - "$started" <<'PY'
import glob, json, sys
started = sys.argv[1]
newest = lambda name: json.load(open(sorted(f for f in glob.glob(f"bench/results/{name}-*.json") if f.split("-")[-1] >= started)[-1]))
startup, basics, validation = newest("startup"), newest("fhir-basics"), newest("validation")
flow, adt = newest("referral-flow"), newest("adt-throughput")
fixed, ceiling = flow["fixedRate"], flow.get("ceiling") or {}
print(f'{"measure":<52} {"hub":>22} {"plain HAPI":>11} {"hub / HAPI":>11}')
for row in basics["rows"]:
    print(f'{row["measure"]:<52} {row["hub"]!s:>22} {row["plainHapi"]!s:>11} {row["ratio"]!s:>11}')
rows = [
    ("first start / restart, embedded default (s)", f'{startup["runs"][0]["readySeconds"]} / {startup["runs"][-1]["readySeconds"]}'),
    ("RSS at ready, embedded default (MiB)", startup["runs"][-1]["rssMiB"]),
    ("$validate median / p95 / first (ms)", f'{validation["validate"]["medianMs"]} / {validation["validate"]["p95Ms"]} / {validation["validate"]["firstMs"]}'),
    ("validated POST referral median / p95 (ms)", f'{validation["createReferral"]["medianMs"]} / {validation["createReferral"]["p95Ms"]}'),
    ("referral -> receiver p50 / p95 (ms), 20/s", f'{fixed["e2eP50Ms"]} / {fixed["e2eP95Ms"]}'),
    ("referrals delivered / created", f'{fixed["delivered"]} / {fixed["created"]}'),
    ("ceiling: referrals posted / delivered per s", f'{ceiling.get("achievedPostRate")} / {ceiling.get("deliveredRateSustained")}'),
    ("ADT over MLLP, ACKed msg/s (1 / 4 connections)", f'{adt["results"][0]["ackedPerSecond"]} / {adt["results"][1]["ackedPerSecond"]}'),
    ("ADT send -> ACK p50 / p95 (ms), 1 connection", f'{adt["results"][0]["p50Ms"]} / {adt["results"][0]["p95Ms"]}'),
]
for name, ours in rows:
    print(f"{name:<52} {str(ours):>22} {'-':>11} {'-':>11}")
json.dump({"benchmark": "all", "startup": startup, "fhirBasics": basics, "validation": validation,
           "referralFlow": {k: flow[k] for k in ("fixedRate", "ceiling") if k in flow}, "adt": adt},
          open(f"bench/results/all-{started}.json", "w"), indent=1)
print(f"wrote bench/results/all-{started}.json")
PY
