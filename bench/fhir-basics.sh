#!/usr/bin/env bash
# The plain FHIR server rows of the comparison with the reference HAPI FHIR JPA starter 8.8, measured the same way:
# one keep-alive connection, sequential requests, 127.0.0.1 only.
#   - sequential POST Patient: rate, median, p95 (each validated against DkMaternityPatient, access-checked, audited)
#   - one transaction of 1000 Patients: wall time
#   - GET Patient?family=<name> with 2000 or more patients stored: median, p95
#
#   bench/fhir-basics.sh [posts] [searches]     (default 500 and 300; build first: ./mvnw -DskipTests package)
#
# Prints our figures beside the reference's and writes bench/results/fhir-basics-<timestamp>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

POSTS=${1:-500}
SEARCHES=${2:-300}
[[ "$POSTS" =~ ^[0-9]+$ && "$POSTS" -ge 10 && "$POSTS" -le 20000 ]] || { echo "posts: 10 to 20000" >&2; exit 2; }
[[ "$SEARCHES" =~ ^[0-9]+$ && "$SEARCHES" -ge 10 && "$SEARCHES" -le 20000 ]] || { echo "searches: 10 to 20000" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'stop_server; rm -rf "$WORK"' EXIT
start_server "$WORK/data/postgres" "$WORK/server.log"
wait_ready
echo "server ready in ${READY_SECONDS} s, RSS $(rss_mib) MiB" >&2
# The hospital writes its patients; it must exist in the directory (demo-admin keeps it).
ADMIN=$(demo_token demo-admin); HOSPITAL=$(demo_token demo-hospital)
mkdir -p bench/results
out="bench/results/fhir-basics-$(date -u +%Y%m%dT%H%M%SZ).json"

python3 - "$BENCH_PORT" "$ADMIN" "$HOSPITAL" "$POSTS" "$SEARCHES" "$out" "$READY_SECONDS" "$(rss_mib)" <<'PY'
import http.client, json, random, sys, time, urllib.parse

PORT, ADMIN, HOSPITAL, POSTS, SEARCHES, OUT, READY, RSS = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7], sys.argv[8]
conn = http.client.HTTPConnection("127.0.0.1", int(PORT), timeout=300)


def call(method, path, token, body=None):
    headers = {"Authorization": "Bearer " + token, "Accept": "application/fhir+json"}
    if body is not None:
        headers["Content-Type"] = "application/fhir+json"
    started = time.perf_counter()
    conn.request(method, path, body=None if body is None else json.dumps(body).encode(), headers=headers)
    response = conn.getresponse()
    raw = response.read()
    return response.status, raw, (time.perf_counter() - started) * 1000


def cpr():
    return "%02d%02d%02d%04d" % (random.randint(1, 28), random.randint(1, 12), random.randint(80, 99), random.randrange(0, 10000, 2))


# the demo hospital's organisation: make it if the directory does not have it yet
token_claims = json.loads(__import__("base64").urlsafe_b64decode(HOSPITAL.split(".")[1] + "==="))
system, value = token_claims["organization"].split("|", 1)
status, raw, _ = call("GET", f"/fhir/Organization?identifier={system}|{value}", ADMIN)
if not json.loads(raw).get("entry"):
    status, raw, _ = call("POST", "/fhir/Organization", ADMIN, {
        "resourceType": "Organization", "meta": {"profile": ["http://godstart.dk/fhir/StructureDefinition/dk-maternity-organization"]},
        "active": True, "name": "Bench hospital", "identifier": [{"system": system, "value": value}],
        "type": [{"coding": [{"system": "http://godstart.dk/fhir/CodeSystem/organization-type", "code": "hospital-department"}]}]})
    assert status == 201, raw[:500]

FAMILIES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen"]


def patient(family):
    return {"resourceType": "Patient", "identifier": [{"system": "urn:oid:1.2.208.176.1.2", "value": cpr()}],
            "name": [{"family": family, "given": ["Bench"]}], "gender": "female", "birthDate": "1995-05-05"}


for _ in range(20):  # warm-up
    call("POST", "/fhir/Patient", HOSPITAL, patient("Warmup"))
latencies, errors = [], 0
started = time.perf_counter()
for n in range(POSTS):
    status, raw, ms = call("POST", "/fhir/Patient", HOSPITAL, patient(FAMILIES[n % len(FAMILIES)]))
    latencies.append(ms)
    errors += status != 201
post_seconds = time.perf_counter() - started
latencies.sort()
pick = lambda values, p: round(values[min(len(values) - 1, int(len(values) * p))], 1)
post = {"requests": POSTS, "errors": errors, "perSecond": round(POSTS / post_seconds, 1),
        "medianMs": pick(latencies, 0.5), "p95Ms": pick(latencies, 0.95)}

bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
    {"resource": patient(FAMILIES[n % len(FAMILIES)]), "request": {"method": "POST", "url": "Patient"}} for n in range(1000)]}
status, raw, ms = call("POST", "/fhir", HOSPITAL, bundle)
transaction = {"patients": 1000, "status": status, "seconds": round(ms / 1000, 2)}

# The search row is measured with at least 2000 patients stored (the reference's workload); top up if fewer.
stored = POSTS + 1000 + 20
if stored < 2000:
    top_up = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"resource": patient(FAMILIES[n % len(FAMILIES)]), "request": {"method": "POST", "url": "Patient"}}
        for n in range(2000 - stored)]}
    status, raw, _ = call("POST", "/fhir", HOSPITAL, top_up)
    assert status == 200, raw[:500]
    stored = 2000

search_latencies, search_errors, empty_pages = [], 0, 0
for n in range(SEARCHES):
    family = urllib.parse.quote(FAMILIES[n % len(FAMILIES)])
    status, raw, ms = call("GET", f"/fhir/Patient?family={family}&_count=20", HOSPITAL)
    search_latencies.append(ms)
    search_errors += status != 200
    empty_pages += status == 200 and not json.loads(raw).get("entry")
search_latencies.sort()
search = {"stored": stored, "requests": SEARCHES, "errors": search_errors, "emptyPages": empty_pages,
          "medianMs": pick(search_latencies, 0.5),
          "p95Ms": pick(search_latencies, 0.95)}

rows = [("ready (s) / RSS at ready (MiB)", f"{READY} / {RSS}", "~61 / ~1130"),
        ("sequential POST Patient: per s", post["perSecond"], "~80"),
        ("sequential POST Patient: median / p95 (ms)", f'{post["medianMs"]} / {post["p95Ms"]}', "~10 / ~22"),
        ("transaction of 1000 Patients (s)", f'{transaction["seconds"]} (HTTP {transaction["status"]})', "~3.4"),
        (f'GET Patient?family= ({search["stored"]} stored): median / p95 (ms)', f'{search["medianMs"]} / {search["p95Ms"]}', "~23 / -")]
print(f'{"measure":<52} {"GodStart Hub":>22} {"reference starter":>20}')
for name, ours, reference in rows:
    print(f"{name:<52} {str(ours):>22} {reference:>20}")
print(f'POST errors: {post["errors"]} of {POSTS}; search errors: {search_errors}, empty pages: {empty_pages} of {SEARCHES}; load average at the end: {" ".join(open("/proc/loadavg").read().split()[:3])}')
json.dump({"benchmark": "fhir-basics", "readySeconds": float(READY), "rssMiB": int(RSS), "post": post,
           "transaction": transaction, "search": search,
           "reference": {"readySeconds": 61, "rssMiB": 1130, "postPerSecond": 80, "postMedianMs": 10, "postP95Ms": 22,
                         "transaction1000Seconds": 3.4, "searchMedianMs": 23}}, open(OUT, "w"), indent=1)
PY
echo "wrote $out"
