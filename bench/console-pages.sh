#!/usr/bin/env bash
# How fast the operators' console answers with many notifications stored (issue 21: within 300 ms at 50,000).
# Stores NOTIFICATIONS HubNotifications (Communications) through the API in transactions of 1000, as a migration
# would (demo-importer), a fifth of them parked with a reason, the rest delivered, spread over the seeded directory's
# recipients; signs in to the console as the demo operator, the way a browser does (the sign-in form, the issuer's
# redirects, the session cookie); then times each page, sequentially on one session, beside the reference in the
# same run: the API's own search that the notifications page wraps, made with an operator token. For the receivers,
# the dashboard's charts and the HL7 v2 feed it also writes, straight into the hub's tables (as a day of traffic would
# have left them), as many delivery rows over 40 receivers and the last 24 hours (a fiftieth waiting, a fifth parked, each due 4 hours after it was queued),
# 20,000 stored ADT messages from 8 hospitals and 500 refused ones.
#
#   bench/console-pages.sh [notifications] [requests]     (default 50000 and 50 per page; build first:
#                                                          ./mvnw -DskipTests package)
#
# Prints a table and writes bench/results/console-pages-<timestamp>.json. Loopback only; stops what it started.
# With the default 50,000 it takes about 6-8 minutes, most of it storing the notifications.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

NOTIFICATIONS=${1:-50000}
REQUESTS=${2:-50}
[[ "$NOTIFICATIONS" =~ ^[0-9]+$ && "$NOTIFICATIONS" -ge 100 && "$NOTIFICATIONS" -le 500000 ]] \
  || { echo "notifications: 100 to 500000" >&2; exit 2; }
[[ "$REQUESTS" =~ ^[0-9]+$ && "$REQUESTS" -ge 5 && "$REQUESTS" -le 5000 ]] || { echo "requests: 5 to 5000" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'stop_server; rm -rf "$WORK"' EXIT
start_server "$WORK/data/postgres" "$WORK/server.log"
wait_ready
echo "server ready in ${READY_SECONDS} s, RSS $(rss_mib) MiB" >&2
IMPORTER=$(demo_token demo-importer); ADMIN=$(demo_token demo-admin)
mkdir -p bench/results
PG_PORT=$(grep -o 'Embedded PostgreSQL ready on 127.0.0.1:[0-9]*' "$WORK/server.log" | head -1 | sed 's/.*://')
[[ -n "$PG_PORT" ]] || { echo "no embedded PostgreSQL port in the server's log" >&2; exit 1; }
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d godstart -v ON_ERROR_STOP=1 <<SQL
INSERT INTO hub_delivery (message_id, communication_id, announced_at, event_code, focus, sender, recipient, destination_use,
    endpoint_address, state, park_reason, attempts, created_at, next_attempt_at, give_up_at, delivered_at, last_status, last_error,
    due_at)
SELECT gen_random_uuid(), 'bench-' || i, now() - (i % 1440) * interval '1 minute', 'referral-accepted', 'ServiceRequest/bench',
    'Organization/familieambulatoriet-nordjylland', 'Organization/bench-receiver-' || (i % 40), 'primary',
    'http://127.0.0.1:9/bench-receiver-' || (i % 40) || '/\$process-message',
    CASE WHEN i % 50 = 0 THEN 'pending' WHEN i % 5 = 0 THEN 'parked' ELSE 'delivered' END,
    CASE WHEN i % 50 <> 0 AND i % 5 = 0 THEN 'undeliverable' END, 1 + i % 3,
    now() - (i % 1440) * interval '1 minute', now() + interval '1 day', now() + interval '2 days',
    CASE WHEN i % 5 <> 0 THEN now() - (i % 1440) * interval '1 minute' + (50 + i % 400) * interval '1 millisecond' END,
    CASE WHEN i % 50 = 0 THEN 503 END, CASE WHEN i % 50 = 0 THEN 'HTTP 503 from the bench receiver' END,
    now() - (i % 1440) * interval '1 minute' + interval '4 hours'
FROM generate_series(1, $NOTIFICATIONS) AS i;
INSERT INTO hub_adt_message (sending_facility, control_id, event, received_at)
SELECT 'bench-hospital-' || (i % 8), 'BENCH' || i, CASE WHEN i % 3 = 0 THEN 'A03' ELSE 'A01' END,
    now() - (i % 1440) * interval '1 minute' FROM generate_series(1, 20000) AS i;
INSERT INTO hub_adt_refusal (sending_facility, control_id, event, acknowledgement, error_code, reason, received_at)
SELECT 'bench-hospital-' || (i % 8), 'BENCHREFUSED' || i, 'A01', 'AR', '204', 'Unknown sending facility (bench)',
    now() - (i % 1440) * interval '1 minute' FROM generate_series(1, 500) AS i;
ANALYZE hub_delivery; ANALYZE hub_adt_message; ANALYZE hub_adt_refusal;
SQL
echo "wrote $NOTIFICATIONS delivery rows, 20000 ADT messages and 500 refusals into the hub's tables" >&2
out="bench/results/console-pages-$(date -u +%Y%m%dT%H%M%SZ).json"

python3 - "$BENCH_PORT" "$IMPORTER" "$ADMIN" "$NOTIFICATIONS" "$REQUESTS" "$out" <<'PY'
import http.client, http.cookiejar, json, re, statistics, sys, time, urllib.parse, urllib.request, uuid

PORT, IMPORTER, ADMIN, COUNT, REQUESTS, OUT = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
BASE = f"http://localhost:{PORT}"
api = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)


def call(method, path, token, body=None):
    global api
    headers = {"Authorization": "Bearer " + token, "Accept": "application/fhir+json"}
    if body is not None:
        headers["Content-Type"] = "application/fhir+json"
    started = time.perf_counter()
    try:
        api.request(method, path, body=None if body is None else json.dumps(body).encode(), headers=headers)
        response = api.getresponse()
    except (http.client.RemoteDisconnected, ConnectionError):
        # the server closed the idle keep-alive connection (while the pages were timed): once more, on a new one
        api.close()
        api = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
        started = time.perf_counter()
        api.request(method, path, body=None if body is None else json.dumps(body).encode(), headers=headers)
        response = api.getresponse()
    raw = response.read()
    return response.status, raw, (time.perf_counter() - started) * 1000


# --- the notifications -------------------------------------------------------------------------------------------
woman = {"resourceType": "Patient", "meta": {"profile": ["http://godstart.dk/fhir/StructureDefinition/dk-maternity-patient"]},
         "identifier": [{"system": "urn:oid:1.2.208.176.1.2", "value": "0101904322"}],
         "name": [{"family": "Bench", "given": ["Ditte"]}], "gender": "female"}
status, raw, _ = call("POST", "/fhir/Patient", IMPORTER, woman)
assert status == 201, raw[:500]
patient = "Patient/" + json.loads(raw)["id"]
# the guide's North Jutland agreement (its parties are in the seeded directory), which delivered notifications name
with open("ig/fsh-generated/resources/Contract-agreement-nordjylland-vulnerable-pregnant-women.json") as f:
    agreement = json.load(f)
status, raw, _ = call("PUT", "/fhir/Contract/" + agreement["id"], ADMIN, agreement)
assert status in (200, 201), raw[:500]
recipients = ["Organization/aalborg-family-department", "Organization/laegerne-boulevarden-aalborg",
              "Organization/familieambulatoriet-nordjylland"]
REASONS = ["undeliverable", "rejected-by-receiver", "no-acknowledgement", "no-endpoint"]


def notification(i):
    parked = i % 5 == 0
    recipient = recipients[i % len(recipients)]
    resource = {"resourceType": "Communication", "meta": {"profile": ["http://godstart.dk/fhir/StructureDefinition/hub-notification"]},
                "extension": [{"url": "http://godstart.dk/fhir/StructureDefinition/legal-basis", "valueCode": "treatment"}],
                "identifier": [{"system": "urn:ietf:rfc:3986", "value": "urn:uuid:" + str(uuid.uuid4())}],
                "status": "on-hold" if parked else "completed",
                "topic": {"coding": [{"system": "http://godstart.dk/fhir/CodeSystem/message-event", "code": "referral-accepted"}]},
                "subject": {"reference": patient}, "about": [{"reference": patient}], "recipient": [{"reference": recipient}],
                "sender": {"reference": "Organization/familieambulatoriet-nordjylland"},
                "payload": [{"contentString": f"Referral accepted ({i}): from Familieambulatoriet to {recipient}."}]}
    if parked:
        reason = REASONS[i % len(REASONS)]
        resource["statusReason"] = {"coding": [{"system": "http://godstart.dk/fhir/CodeSystem/park-reason", "code": reason}],
                                    "text": f"Parked in the bench ({reason})"}
    else:
        resource["sent"] = "2026-11-30T10:00:00+01:00"
        resource["basedOn"] = [{"reference": "Contract/" + agreement["id"]}]
    return resource


started = time.perf_counter()
stored, batch = 0, 1000
while stored < COUNT:
    n = min(batch, COUNT - stored)
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"resource": notification(stored + k), "request": {"method": "POST", "url": "Communication"}} for k in range(n)]}
    status, raw, _ = call("POST", "/fhir", IMPORTER, bundle)
    if status != 200:
        raise SystemExit(f"storing notifications: {status} {raw[:800]!r}")
    stored += n
    if stored % 10000 == 0 or stored == COUNT:
        print(f"stored {stored} notifications ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
load_seconds = time.perf_counter() - started

# --- sign in as a browser does ------------------------------------------------------------------------------------
jar = http.cookiejar.CookieJar()
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = browser.open(BASE + "/console").read().decode()
csrf = re.search(r'name="_csrf" value="([^"]+)"', page)
assert csrf, "no sign-in form with a CSRF token: " + page[:300]
landed = browser.open(BASE + "/console/signin", urllib.parse.urlencode(
    {"username": "operator", "password": "operator-password", "_csrf": csrf.group(1)}).encode())
assert landed.geturl().endswith("/console"), landed.geturl()
landed.read()

parked_id = json.loads(call("GET", "/fhir/Communication?status=on-hold&_count=1&_elements=id", ADMIN)[1])["entry"][0]["resource"]["id"]
pages = {
    "console: overview": "/console",
    "console: parked, page 1": "/console/notifications?state=on-hold",
    "console: parked, page 200": "/console/notifications?state=on-hold&page=199",
    "console: delivered, page 1": "/console/notifications?state=completed",
    "console: one notification's story": f"/console/notifications/{parked_id}",
    "console: parked for want of an endpoint": "/console/notifications?state=on-hold&reason=no-endpoint",
    "console: overdue (about 8,000 past their deadline)": "/console/notifications?state=overdue",
    "console: agreements due": "/console/agreements",
    "console: one agreement, parties and terms": f"/console/agreements/{agreement['id']}",
    "console: receivers (40 with deliveries)": "/console/receivers",
    "console: subscriptions": "/console/subscriptions",
    "console: HL7 v2 feed, 24 hours": "/console/hl7v2",
    "console: directory": "/console/directory",
}
reference = ("reference: API search the page wraps", "/fhir/Communication?status=on-hold&_sort=-_lastUpdated&_count=20&_offset=0")


def timed_page(path):
    started = time.perf_counter()
    response = browser.open(BASE + path)
    body = response.read()
    assert response.status == 200 and b"Sign in to the console" not in body, (path, response.status)
    return (time.perf_counter() - started) * 1000


def summary(values):
    ordered = sorted(values)
    return {"medianMs": round(statistics.median(ordered), 1),
            "p95Ms": round(ordered[max(0, int(len(ordered) * 0.95 + 0.999999) - 1)], 1), "maxMs": round(ordered[-1], 1)}


results = {}
for name, path in pages.items():
    timed_page(path)  # warm
    results[name] = summary([timed_page(path) for _ in range(REQUESTS)])
    print(f"timed {name}: {results[name]}", file=sys.stderr)
call("GET", reference[1], ADMIN)
results[reference[0]] = summary([call("GET", reference[1], ADMIN)[2] for _ in range(REQUESTS)])

print(f'{"page (" + str(COUNT) + " notifications stored)":<44} {"median":>8} {"p95":>8} {"max":>8}  within 300 ms (p95)')
for name, figures in results.items():
    verdict = "-" if name.startswith("reference") else ("yes" if figures["p95Ms"] <= 300 else "NO")
    print(f'{name:<44} {figures["medianMs"]:>8} {figures["p95Ms"]:>8} {figures["maxMs"]:>8}  {verdict}')
print(f"{REQUESTS} requests per page, sequential, one signed-in session; notifications stored in {load_seconds:.0f} s")
json.dump({"benchmark": "console-pages", "notifications": COUNT, "requests": REQUESTS, "loadSeconds": round(load_seconds, 1),
           "results": results}, open(OUT, "w"), indent=1)
print("wrote " + OUT)
PY
