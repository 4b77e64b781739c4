#!/usr/bin/env bash
# Reliability drill, outage: the family ambulatory's receiver refuses connections while the GP refers women, then
# comes back. Then: every referral delivered, none parked, and each woman's referrals arrived in the order they were
# made (the order the design promises: per woman and per receiver, queue order; different women are routed side by
# side).
#
#   bench/drill-outage.sh [referrals] [outage-seconds]     (default 200 and 30; build first: ./mvnw -DskipTests package)
#
# Prints one summary line ("drill outage: passed|FAILED - ...") and exits 1 when it failed. Loopback only; about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

N=${1:-200}
OUTAGE=${2:-30}
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 10 && "$N" -le 5000 ]] || { echo "referrals: 10 to 5000" >&2; exit 2; }
[[ "$OUTAGE" =~ ^[0-9]+$ && "$OUTAGE" -ge 1 && "$OUTAGE" -le 600 ]] || { echo "outage: 1 to 600 seconds" >&2; exit 2; }
WORK=$(mktemp -d)
cleanup() {
  set +e
  stop_server
  [ -s "$WORK/receiver.pid" ] && kill "$(cat "$WORK/receiver.pid")" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
receiver() { # receiver [port]: starts bench/receiver.py, waits for its port file
  rm -f "$WORK/receiver.port"
  python3 bench/receiver.py "$WORK/receiver.port" "$WORK/arrivals.jsonl" 900 ${1:-} &
  echo $! >"$WORK/receiver.pid"
  for _ in $(seq 1 100); do [ -s "$WORK/receiver.port" ] && break; sleep 0.05; done
}
receiver
PORT=$(cat "$WORK/receiver.port")
# a shorter backoff than production (5 s doubling to 1 h) so the drill sees the retries within minutes
JAVA_OPTS="${JAVA_OPTS:-} -Dgodstart.delivery.retry.initial-interval=1s -Dgodstart.delivery.retry.max-interval=5s" \
  start_server "$WORK/data/postgres" "$WORK/server.log"
wait_ready
echo "server ready in ${READY_SECONDS} s; receiver on $PORT" >&2

set +e
python3 - "$BENCH_PORT" "$PORT" "$WORK" "$N" "$OUTAGE" <<'PY'
import http.client, json, os, signal, subprocess, sys, time, uuid
HUB_PORT, RECEIVER_PORT, WORK, N, OUTAGE = sys.argv[1:6]
N, OUTAGE = int(N), int(OUTAGE)
sys.path.insert(0, "bench")
import hubnet
hubnet.configure(HUB_PORT, RECEIVER_PORT)
from hubnet import *

net = north_jutland(5)
os.kill(int(open(f"{WORK}/receiver.pid").read()), signal.SIGTERM)  # the family ambulatory's system goes down
time.sleep(1)
down_at = time.monotonic()
order = {}  # woman -> her referral identifiers in the order they were made
for n in range(N):
    r = json.loads(json.dumps(net.TEMPLATE))
    identifier = f"H-outage-{uuid.uuid4()}"
    r["identifier"][0]["value"] = identifier
    woman = net.women[n % len(net.women)]
    r["subject"] = ref(woman)
    r["performer"] = [ref(net.family_ambulatory)]
    gp.write("POST", "ServiceRequest", r)
    order.setdefault(woman["id"], []).append(identifier)
remaining = OUTAGE - (time.monotonic() - down_at)
if remaining > 0:
    time.sleep(remaining)
log(f"{N} referrals made while the receiver was down ({time.monotonic() - down_at:.0f} s); it comes back")
subprocess.Popen(["python3", "bench/receiver.py", f"{WORK}/receiver.port2", f"{WORK}/arrivals.jsonl", "900",
                  str(RECEIVER_PORT)])


def arrived():
    first = {}
    if os.path.exists(f"{WORK}/arrivals.jsonl"):
        for line in open(f"{WORK}/arrivals.jsonl", encoding="utf-8"):
            record = json.loads(line)
            if record["path"].startswith("/family-ambulatory/"):
                for identifier in record["serviceRequests"]:
                    first.setdefault(identifier, record["t"])
    return first


wanted = {identifier for identifiers in order.values() for identifier in identifiers}
deadline = time.monotonic() + 180
while time.monotonic() < deadline and len(wanted & set(arrived())) < N:
    time.sleep(1)
first = arrived()
delivered = len(wanted & set(first))
out_of_order = 0
for identifiers in order.values():
    times = [first[i] for i in identifiers if i in first]
    out_of_order += sum(1 for a, b in zip(times, times[1:]) if b < a)
status, raw = hub.call("GET", "/actuator/prometheus", accept="text/plain")
parked = sum(float(line.rsplit(" ", 1)[1]) for line in raw.decode().splitlines()
             if line.startswith("godstart_delivery_parked_total"))
retried = sum(float(line.rsplit(" ", 1)[1]) for line in raw.decode().splitlines()
              if line.startswith("godstart_delivery_retried_total"))
passed = delivered == N and parked == 0 and out_of_order == 0
print(f"drill outage: {'passed' if passed else 'FAILED'} - {N} referrals during a {OUTAGE} s outage; delivered "
      f"{delivered}; parked {parked:.0f}; failed tries retried {retried:.0f}; referrals of one woman that overtook an earlier one "
      f"{out_of_order}")
sys.exit(0 if passed else 1)
PY
rc=$?
set -e
pkill -f "receiver.py $WORK/receiver.port2" 2>/dev/null || true
exit $rc
