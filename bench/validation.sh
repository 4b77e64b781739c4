#!/usr/bin/env bash
# Validation latency on the running hub: POST /fhir/ServiceRequest/$validate of Ditte's referral (the guide's
# example), and the profile-validated create of the same referral, sequentially from one client.
#
#   bench/validation.sh [requests]     (default 300; build first: ./mvnw -DskipTests package)
#
# Prints the first $validate (after start-up, validator warmed at boot) and median/p95 of the rest, beside the
# reference HAPI FHIR JPA starter 8.8 figures, and writes bench/results/validation-<timestamp>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

N=${1:-300}
WORK=$(mktemp -d)
trap 'stop_server; rm -rf "$WORK"' EXIT
REFERRAL=ig/fsh-generated/resources/ServiceRequest-ditte-referral.json

start_server "$WORK/data/postgres" "$WORK/server.log"
wait_ready
# The referral points at the guide's example patient and organisations: load them once.
python3 - "$WORK/examples.json" <<'PY'
import glob, json, sys
entries = []
for f in sorted(glob.glob("ig/fsh-generated/resources/*.json")):
    r = json.load(open(f))
    if r["resourceType"] in ("StructureDefinition","CodeSystem","ValueSet","SearchParameter","ImplementationGuide"):
        continue
    url = f'{r["resourceType"]}/{r["id"]}'
    entries.append({"fullUrl": url, "resource": r, "request": {"method": "PUT", "url": url}})
json.dump({"resourceType": "Bundle", "type": "transaction", "entry": entries}, open(sys.argv[1], "w"))
PY
# Tokens as the clients would have them: the examples are loaded as a migration would load them, $validate is
# called by the developers' validator client, the referral is posted by Ditte's GP (the example's requester).
IMPORTER=$(demo_token demo-importer); VALIDATOR=$(demo_token demo-validator); GP=$(demo_token demo-gp)
curl -sf -o /dev/null -H "Authorization: Bearer $IMPORTER" -H 'Content-Type: application/fhir+json' \
  --data-binary @"$WORK/examples.json" "$BENCH_BASE/fhir"

post() { # post TOKEN URL BODY_FILE -> prints milliseconds
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $1" -H 'Content-Type: application/fhir+json' \
    --data-binary @"$3" "$2" | awk '{printf "%.2f\n", $1*1000}'
}
first=$(post "$VALIDATOR" "$BENCH_BASE/fhir/ServiceRequest/\$validate" "$REFERRAL")
: >"$WORK/validate.txt"; : >"$WORK/create.txt"
python3 -c "import json,sys; r=json.load(open('$REFERRAL')); r.pop('id'); r.pop('identifier',None); r.pop('supportingInfo',None); json.dump(r,open('$WORK/new-referral.json','w'))"
for _ in $(seq 1 "$N"); do post "$VALIDATOR" "$BENCH_BASE/fhir/ServiceRequest/\$validate" "$REFERRAL" >>"$WORK/validate.txt"; done
for _ in $(seq 1 "$N"); do post "$GP" "$BENCH_BASE/fhir/ServiceRequest" "$WORK/new-referral.json" >>"$WORK/create.txt"; done
read -r vmed vp95 vmean < <(stats "$WORK/validate.txt")
read -r cmed cp95 cmean < <(stats "$WORK/create.txt")

printf '%-44s %10s %10s %10s   %s\n' measure median_ms p95_ms first_ms reference
printf '%-44s %10s %10s %10s   %s\n' "\$validate referral (profile, warm)" "$vmed" "$vp95" "$first" "starter: median ~30 ms, first ~4.5 s"
printf '%-44s %10s %10s %10s   %s\n' "POST referral (validated on write)" "$cmed" "$cp95" "-" "-"
mkdir -p bench/results
out="bench/results/validation-$(date -u +%Y%m%dT%H%M%SZ).json"
cat >"$out" <<JSON
{"benchmark":"validation","requests":$N,
 "validate":{"firstMs":$first,"medianMs":$vmed,"p95Ms":$vp95,"meanMs":$vmean},
 "createReferral":{"medianMs":$cmed,"p95Ms":$cp95,"meanMs":$cmean},
 "reference":{"validateMedianMs":30,"validateFirstMs":4500}}
JSON
echo "wrote $out"
