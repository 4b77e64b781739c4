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

# One keep-alive connection, sequential requests, as the reference was measured: the first $validate after start-up,
# then N warm ones, then N validated creates.
first=$(python3 - "$BENCH_PORT" "$VALIDATOR" "$GP" "$N" "$REFERRAL" "$WORK" <<'PY'
import http.client, json, sys, time, uuid
port, validator, gp, n, referral, work = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
def post(token, path, body):
    started = time.perf_counter()
    conn.request("POST", path, body=body, headers={"Authorization": "Bearer " + token,
                 "Content-Type": "application/fhir+json", "Accept": "application/fhir+json"})
    response = conn.getresponse()
    global last_body
    last_body = response.read()
    return response.status, (time.perf_counter() - started) * 1000
validate = open(referral, "rb").read()
# A new referral each time (the example without its id; the guide requires an identifier, so a fresh one each).
new_referral = json.loads(validate)
new_referral.pop("id")
new_referral.pop("supportingInfo", None)
# the example points to Ditte's consents in the guide, which are not stored here
new_referral["extension"] = [e for e in new_referral["extension"] if not e["url"].endswith("/StructureDefinition/consent")]
status, first = post(validator, "/fhir/ServiceRequest/$validate", validate)
assert status == 200, status
with open(work + "/validate.txt", "w") as out:
    for _ in range(n):
        status, ms = post(validator, "/fhir/ServiceRequest/$validate", validate)
        assert status == 200, status
        out.write(f"{ms:.2f}\n")
with open(work + "/create.txt", "w") as out:
    for _ in range(n):
        new_referral["identifier"][0]["value"] = "bench-" + str(uuid.uuid4())
        status, ms = post(gp, "/fhir/ServiceRequest", json.dumps(new_referral).encode())
        assert status == 201, (status, last_body[:800])
        out.write(f"{ms:.2f}\n")
print(f"{first:.2f}")
PY
)
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
