#!/usr/bin/env bash
# Reliability drill, crash: the GP's EHR streams referrals (conditional create on each referral's identifier, retried
# until answered, as a careful client does); the hub is killed with SIGKILL in the middle and started again on the
# same data directory. Then: every referral stored exactly once, every one delivered to the family ambulatory (a real
# receiver, bench/receiver.py), no message the receiver should not get, and no referral sent under two MessageHeader
# ids (a repeat of the same id is allowed: delivery is at least once).
#
#   bench/drill-crash.sh [referrals] [kill-after]     (default 500 and 150; build first: ./mvnw -DskipTests package)
#
# Prints one summary line ("drill crash: passed|FAILED - ...") and exits 1 when it failed. Loopback only; about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

N=${1:-500}
KILL_AFTER=${2:-150}
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 10 && "$N" -le 5000 ]] || { echo "referrals: 10 to 5000" >&2; exit 2; }
[[ "$KILL_AFTER" =~ ^[0-9]+$ && "$KILL_AFTER" -lt "$N" ]] || { echo "kill-after must be below the number of referrals" >&2; exit 2; }
WORK=$(mktemp -d)
RECEIVER_PID=""
cleanup() {
  set +e   # stop everything this drill started, whatever state it is in
  stop_server
  if [ -s "$WORK/restarted.pid" ]; then
    restarted=$(cat "$WORK/restarted.pid")
    kill "$restarted" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$restarted" 2>/dev/null || break; sleep 0.5; done
  fi
  [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
python3 bench/receiver.py "$WORK/receiver.port" "$WORK/arrivals.jsonl" 900 &
RECEIVER_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/receiver.port" ] && break; sleep 0.05; done
start_server "$WORK/data/postgres" "$WORK/server-1.log"
wait_ready
echo "server ready in ${READY_SECONDS} s (pid $SERVER_PID)" >&2

set +e
python3 - "$BENCH_PORT" "$(cat "$WORK/receiver.port")" "$WORK" "$N" "$KILL_AFTER" "$SERVER_PID" "$BENCH_JAR" <<'PY'
import http.client, json, os, signal, subprocess, sys, threading, time, uuid
HUB_PORT, RECEIVER_PORT, WORK, N, KILL_AFTER, PID, JAR = sys.argv[1:8]
N, KILL_AFTER, PID = int(N), int(KILL_AFTER), int(PID)
sys.path.insert(0, "bench")
import hubnet
hubnet.configure(HUB_PORT, RECEIVER_PORT)
from hubnet import *

net = north_jutland(3)
SYSTEM = net.TEMPLATE["identifier"][0]["system"]


def referral(n):
    r = json.loads(json.dumps(net.TEMPLATE))
    r["identifier"][0]["value"] = f"H-drill-{uuid.uuid4()}"
    r["subject"] = ref(net.women[n % len(net.women)])
    r["performer"] = [ref(net.family_ambulatory)]
    return r


def post_until_answered(resource):
    """A careful client: POST with If-None-Exist, and on no answer (the hub is down) the same request again."""
    body = json.dumps(resource).encode()
    query = f'identifier={SYSTEM}|{resource["identifier"][0]["value"]}'
    tries = 0
    while True:
        tries += 1
        try:
            conn = http.client.HTTPConnection("127.0.0.1", int(HUB_PORT), timeout=30)
            conn.request("POST", "/fhir/ServiceRequest", body=body, headers={
                "Content-Type": "application/fhir+json", "If-None-Exist": query, "Authorization": "Bearer " + GP_TOKEN})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status in (200, 201):
                return response.status, tries
            if response.status not in (401, 500, 502, 503):
                return response.status, tries
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.5)


identifiers, statuses, retried = [], {}, 0
restarted = None
started = time.monotonic()
for n in range(N):
    if n == KILL_AFTER:
        os.kill(PID, signal.SIGKILL)
        log(f"killed the hub (pid {PID}) with SIGKILL after {n} referrals; starting it again on the same data")
        restarted = subprocess.Popen(["java", "-jar", JAR, f"--server.port={HUB_PORT}",
                                      "--godstart.mllp.enabled=false",
                                      f"--godstart.embedded-database.data-directory={WORK}/data/postgres"],
                                     stdout=open(f"{WORK}/server-2.log", "w"), stderr=subprocess.STDOUT)
        open(f"{WORK}/restarted.pid", "w").write(str(restarted.pid))
    resource = referral(n)
    status, tries = post_until_answered(resource)
    identifiers.append(resource["identifier"][0]["value"])
    statuses[status] = statuses.get(status, 0) + 1
    retried += tries > 1
log(f"posted {N} referrals in {time.monotonic() - started:.0f} s; answers {statuses}; {retried} needed more than one try")
GP_TOKEN = hubnet.demo_token("demo-gp")  # the restarted hub issues its own tokens (same key, from the database)


def stored(identifier):
    conn = http.client.HTTPConnection("127.0.0.1", int(HUB_PORT), timeout=30)
    conn.request("GET", f"/fhir/ServiceRequest?identifier={SYSTEM}|{identifier}",
                 headers={"Authorization": "Bearer " + GP_TOKEN, "Accept": "application/fhir+json"})
    bundle = json.loads(conn.getresponse().read())
    return len(bundle.get("entry") or [])


def arrivals():
    by_referral, headers, unexpected = {}, {}, 0
    for line in open(f"{WORK}/arrivals.jsonl", encoding="utf-8"):
        record = json.loads(line)
        if not record["path"].startswith("/family-ambulatory/"):
            continue
        headers[record["header"]] = headers.get(record["header"], 0) + 1
        for identifier in record["serviceRequests"]:
            if identifier in wanted:
                by_referral.setdefault(identifier, set()).add(record["header"])
            else:
                unexpected += 1
    return by_referral, headers, unexpected


wanted = set(identifiers)
deadline = time.monotonic() + 120
while time.monotonic() < deadline and len(arrivals()[0]) < N:
    time.sleep(1)
by_referral, headers, unexpected = arrivals()
counts = [stored(identifier) for identifier in identifiers]
once = sum(1 for c in counts if c == 1)
twice = sum(1 for c in counts if c > 1)
delivered = len(by_referral)
several_ids = sum(1 for ids in by_referral.values() if len(ids) > 1)
repeats = sum(n - 1 for n in headers.values() if n > 1)
passed = once == N and delivered == N and unexpected == 0 and several_ids == 0
print(f"drill crash: {'passed' if passed else 'FAILED'} - {N} referrals, SIGKILL after {KILL_AFTER}; stored exactly once "
      f"{once} (more than once {twice}); delivered {delivered}; unexpected messages {unexpected}; referrals under "
      f"several MessageHeader ids {several_ids}; repeated deliveries of one id {repeats} (allowed: at least once)")
sys.exit(0 if passed else 1)
PY
rc=$?
set -e
SERVER_PID=""   # the first server was killed by the drill; cleanup stops the restarted one
errors=$(grep -c ' ERROR ' "$WORK/server-2.log" 2>/dev/null || true)
echo "server log after the restart: ${errors:-0} ERROR lines"
exit $rc
