#!/usr/bin/env bash
# The whole comparison in one command: runs the benchmark scripts one after another (each starts the built server on
# loopback, runs a bounded workload and stops it), then prints one table of our figures beside the reference HAPI FHIR
# JPA starter 8.8 and writes bench/results/all-<timestamp>.json. Builds nothing: ./mvnw -DskipTests package first.
# With SPRING_DATASOURCE_URL set, every script uses that PostgreSQL instead of the embedded one.
#
#   bench/all.sh            (about 12 minutes on 2 cores)
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
rows = [
    ("ready, first start / restart (s)", f'{startup["runs"][0]["readySeconds"]} / {startup["runs"][-1]["readySeconds"]}', "~61"),
    ("RSS at ready (MiB)", startup["runs"][-1]["rssMiB"], "~1126"),
    ("sequential POST Patient per s", basics["post"]["perSecond"], "~80"),
    ("POST Patient median / p95 (ms)", f'{basics["post"]["medianMs"]} / {basics["post"]["p95Ms"]}', "~10 / ~22"),
    ("transaction of 1000 Patients (s)", basics["transaction"]["seconds"], "~3.4"),
    ("GET Patient?family= median / p95 (ms)", f'{basics["search"]["medianMs"]} / {basics["search"]["p95Ms"]}', "~23"),
    ("$validate median / p95 / first (ms)", f'{validation["validate"]["medianMs"]} / {validation["validate"]["p95Ms"]} / {validation["validate"]["firstMs"]}', "~30 / - / ~4500"),
    ("validated POST referral median / p95 (ms)", f'{validation["createReferral"]["medianMs"]} / {validation["createReferral"]["p95Ms"]}', "-"),
    ("referral -> receiver p50 / p95 (ms), 20/s", f'{fixed["e2eP50Ms"]} / {fixed["e2eP95Ms"]}', "-"),
    ("referrals delivered / created", f'{fixed["delivered"]} / {fixed["created"]}', "-"),
    ("ceiling: referrals posted / delivered per s", f'{ceiling.get("achievedPostRate")} / {ceiling.get("deliveredRateSustained")}', "-"),
    ("ADT over MLLP, ACKed msg/s (1 / 4 connections)", f'{adt["results"][0]["ackedPerSecond"]} / {adt["results"][1]["ackedPerSecond"]}', "-"),
    ("ADT send -> ACK p50 / p95 (ms), 1 connection", f'{adt["results"][0]["p50Ms"]} / {adt["results"][0]["p95Ms"]}', "-"),
]
print(f'{"measure":<50} {"GodStart Hub":>24} {"reference starter":>18}')
for name, ours, reference in rows:
    print(f"{name:<50} {str(ours):>24} {reference:>18}")
json.dump({"benchmark": "all", "startup": startup, "fhirBasics": basics, "validation": validation,
           "referralFlow": {k: flow[k] for k in ("fixedRate", "ceiling") if k in flow}, "adt": adt},
          open(f"bench/results/all-{started}.json", "w"), indent=1)
print(f"wrote bench/results/all-{started}.json")
PY
