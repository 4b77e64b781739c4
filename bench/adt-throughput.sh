#!/usr/bin/env bash
# Throughput of the hospitals' HL7 v2 ADT feed: admissions and discharges sent over real MLLP connections, each
# message answered by the hub only after it is stored (Patient + Encounter, once per message). Counts ACKed
# messages per second and the send-to-ACK latency, for one connection (how one hospital's feed runs: send, wait for
# the ACK, send the next) and for several hospitals' connections at once.
#
#   bench/adt-throughput.sh [messages-per-connection] [connections]   (default 500 and 4; build first)
#
# Each woman gets an A01 then an A03 (a new Patient the first time, an update of her Encounter the second), so half
# the messages create and half update. The sending facility is registered through the REST API by demo-admin.
# Prints a table and writes bench/results/adt-throughput-<timestamp>.json. Loopback only; stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

PER_CONNECTION=${1:-500}
CONNECTIONS=${2:-4}
MLLP_PORT=${MLLP_PORT:-12575}
[[ "$PER_CONNECTION" =~ ^[0-9]+$ && "$PER_CONNECTION" -ge 2 && "$PER_CONNECTION" -le 100000 ]] \
  || { echo "messages per connection: 2 to 100000" >&2; exit 2; }
[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$CONNECTIONS" -ge 1 && "$CONNECTIONS" -le 32 ]] || { echo "connections: 1 to 32" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'stop_server; rm -rf "$WORK"' EXIT
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
out="bench/results/adt-throughput-$stamp.json"
JAVA_OPTS="${JAVA_OPTS:-} -Dgodstart.mllp.port=$MLLP_PORT" start_server "$WORK/data/postgres" "$WORK/server.log"
wait_ready
echo "server ready in ${READY_SECONDS} s; MLLP on 127.0.0.1:$MLLP_PORT" >&2
ADMIN=$(demo_token demo-admin)

python3 - "$BENCH_BASE" "$ADMIN" "$MLLP_PORT" "$PER_CONNECTION" "$CONNECTIONS" "$out" <<'PY'
import json, random, socket, sys, threading, time, urllib.request

BASE, ADMIN, PORT, PER, CONNECTIONS, OUT = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
SOR = str(random.randrange(100_000_000_000, 999_999_999_999))
org = {"resourceType": "Organization", "meta": {"profile": ["http://godstart.dk/fhir/StructureDefinition/dk-maternity-organization"]},
       "active": True, "name": "Bench birth site", "identifier": [{"system": "urn:oid:1.2.208.176.1.1", "value": SOR}],
       "type": [{"coding": [{"system": "http://godstart.dk/fhir/CodeSystem/organization-type", "code": "hospital-department"}]}]}
request = urllib.request.Request(BASE + "/fhir/Organization", data=json.dumps(org).encode(), method="POST",
                                 headers={"Content-Type": "application/fhir+json", "Authorization": "Bearer " + ADMIN})
urllib.request.urlopen(request).read()


def message(event, control, cpr, visit):
    structure = "ADT_A03" if event == "A03" else "ADT_A01"
    pv1 = ["PV1", "1", "I", "FOED^101^1^" + SOR] + [""] * 15 + [visit] + [""] * 24 + ["20251124083000"]
    if event == "A03":
        pv1.append("20251125100000")
    return "\r".join([
        f"MSH|^~\\&|BENCH-PAS|{SOR}|GODSTART|HUB|20251124083000||ADT^{event}^{structure}|{control}|P|2.5",
        f"EVN|{event}|20251124083000",
        f"PID|1||{cpr}^^^CPR||Bench^Mother||19950101|F|||Vej 1^^Aalborg^^9000^DK^H^^0851",
        "|".join(pv1)]).encode("latin-1")


def read_ack(sock, buffer):
    while b"\x1c\r" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise IOError("connection closed")
        buffer += chunk
    end = buffer.index(b"\x1c\r")
    return buffer[buffer.index(b"\x0b") + 1:end].decode("latin-1"), buffer[end + 2:]


def run(connection, count, latencies, outcomes):
    sock = socket.create_connection(("127.0.0.1", PORT))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buffer = b""
    for n in range(count // 2):
        cpr = "%02d%02d%02d%04d" % (random.randint(1, 28), random.randint(1, 12), random.randint(80, 99), random.randrange(0, 10000, 2))
        visit = f"B{connection}-{n}-{random.randrange(10**9)}"
        for event in ("A01", "A03"):
            started = time.monotonic()
            sock.sendall(b"\x0b" + message(event, f"{connection}-{n}-{event}-{random.randrange(10**9)}", cpr, visit) + b"\x1c\r")
            ack, buffer = read_ack(sock, buffer)
            latencies.append((time.monotonic() - started) * 1000)
            code = next((line.split("|")[1] for line in ack.split("\r") if line.startswith("MSA|")), "?")
            outcomes[code] = outcomes.get(code, 0) + 1
    sock.close()


def phase(connections, per_connection):
    latencies, outcomes, threads = [], {}, []
    started = time.monotonic()
    for c in range(connections):
        thread = threading.Thread(target=run, args=(c, per_connection, latencies, outcomes))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    latencies.sort()
    pick = lambda p: round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 1)
    return {"connections": connections, "messages": len(latencies), "seconds": round(seconds, 1),
            "ackedPerSecond": round(len(latencies) / seconds, 1), "p50Ms": pick(0.5), "p95Ms": pick(0.95),
            "p99Ms": pick(0.99), "maxMs": round(latencies[-1], 1), "acknowledgements": outcomes}


phase(1, 100)  # warm-up: the first Patients, Encounters and their validation
results = [phase(1, PER), phase(CONNECTIONS, PER)]
print(f'{"measure":<34} {"1 connection":>16} {str(CONNECTIONS) + " connections":>16}')
for key, label in (("messages", "messages ACKed"), ("ackedPerSecond", "ACKed messages / s"), ("p50Ms", "send -> ACK p50 (ms)"),
                   ("p95Ms", "send -> ACK p95 (ms)"), ("p99Ms", "send -> ACK p99 (ms)"), ("maxMs", "send -> ACK max (ms)")):
    print(f"{label:<34} {results[0][key]:>16} {results[1][key]:>16}")
print("acknowledgement codes:", results[0]["acknowledgements"], results[1]["acknowledgements"])
json.dump({"benchmark": "adt-throughput", "perConnection": PER, "results": results,
           "loadAverageEnd": open("/proc/loadavg").read().split()[:3]}, open(OUT, "w"), indent=1)
PY
echo "server log: $(grep -c ' ERROR ' "$WORK/server.log" || true) ERROR lines; wrote $out"
