#!/usr/bin/env bash
# End-to-end latency of the referral workflow: a family-ambulatory referral POSTed to /fhir/ServiceRequest is stored
# with its outbox row, routed into notifications and delivered by the Camel routes as a FHIR message to the family
# ambulatory's endpoint. Measured from the client's 201 to the message's arrival at a real HTTP receiver
# (bench/receiver.py) on 127.0.0.1, matched by the referral's identifier.
#
#   bench/referral-flow.sh [rate] [seconds]      (default 20 referrals/s for 60 s; build first: ./mvnw -DskipTests package)
#
# Environment (all bounded): WARMUP=20 referrals first (then their deliveries are awaited), DRAIN_SECONDS=60 to wait
# for the fixed-rate run's deliveries, CEILING_SECONDS=30 of posting as fast as CEILING_CLIENTS=4 sequential clients
# can, CEILING_DRAIN_SECONDS=20 after it, PATIENTS=5 women the referrals are about. The ceiling run sends to a second
# family ambulatory with its own endpoint, so a backlog left by the fixed-rate run does not hold it back (the hub
# delivers in order per endpoint). Server settings go in JAVA_OPTS, e.g. JAVA_OPTS=-Dgodstart.delivery.poll-interval=50ms.
#
# The network is built through the REST API as the integration tests' MaternityNetwork does: region, family
# ambulatory, GP organisation and practice, Aalborg (0851) and its family department, endpoints at the receiver, the
# agreement; referrals from the guide's example with consent to inform the municipality, so each referral also sends
# a copy to Aalborg. Aalborg's case system subscribes (topic notification-to-organisation, full resource, rest-hook at
# the receiver), so the table also shows how soon a subscriber is told. Prints a table, writes bench/results/referral-flow-<timestamp>.json and keeps the server log
# beside it. Loopback only; stops what it started. Takes about 4-5 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

RATE=${1:-${RATE:-20}}
SECONDS_RUN=${2:-${DURATION:-60}}
WARMUP=${WARMUP:-20}
DRAIN_SECONDS=${DRAIN_SECONDS:-60}
CEILING_SECONDS=${CEILING_SECONDS:-30}
CEILING_CLIENTS=${CEILING_CLIENTS:-4}
CEILING_DRAIN_SECONDS=${CEILING_DRAIN_SECONDS:-20}
PATIENTS=${PATIENTS:-5}
bounded() { # bounded NAME VALUE MIN MAX
  awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v ~ /^[0-9]+(\.[0-9]+)?$/ && v+0 >= lo && v+0 <= hi) }' \
    || { echo "$1 must be a number from $3 to $4 (got '$2')" >&2; exit 2; }
}
bounded rate "$RATE" 0.1 200; bounded seconds "$SECONDS_RUN" 1 600; bounded WARMUP "$WARMUP" 0 1000
bounded DRAIN_SECONDS "$DRAIN_SECONDS" 0 900; bounded CEILING_SECONDS "$CEILING_SECONDS" 0 300
bounded CEILING_CLIENTS "$CEILING_CLIENTS" 1 16; bounded CEILING_DRAIN_SECONDS "$CEILING_DRAIN_SECONDS" 0 900
bounded PATIENTS "$PATIENTS" 1 100

WORK=$(mktemp -d)
RECEIVER_PID=""
stop_receiver() {
  if [ -n "$RECEIVER_PID" ]; then kill "$RECEIVER_PID" 2>/dev/null; wait "$RECEIVER_PID" 2>/dev/null || true; RECEIVER_PID=""; fi
}
trap 'stop_server; stop_receiver; rm -rf "$WORK"' EXIT
started=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg); export LOAD_BEFORE
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
out="bench/results/referral-flow-$stamp.json"

python3 bench/receiver.py "$WORK/receiver.port" "$WORK/arrivals.jsonl" 1800 &
RECEIVER_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/receiver.port" ] && break; sleep 0.05; done
[ -s "$WORK/receiver.port" ] || { echo "receiver did not start" >&2; exit 1; }

start_server "$WORK/data/postgres" "$WORK/server.log"
wait_ready
echo "server ready in ${READY_SECONDS} s; receiver on 127.0.0.1:$(cat "$WORK/receiver.port")" >&2

set +e
python3 - "$BENCH_PORT" "$(cat "$WORK/receiver.port")" "$WORK/arrivals.jsonl" "$out" \
  "$RATE" "$SECONDS_RUN" "$WARMUP" "$DRAIN_SECONDS" "$CEILING_SECONDS" "$CEILING_CLIENTS" "$CEILING_DRAIN_SECONDS" \
  "$PATIENTS" <<'PY'
import base64, datetime, http.client, json, math, os, random, sys, threading, time, uuid

(HUB_PORT, RECEIVER_PORT, ARRIVALS, OUT, RATE, SECONDS, WARMUP, DRAIN, CEILING, CLIENTS, CEILING_DRAIN,
 PATIENTS) = sys.argv[1:13]
HUB_PORT, RECEIVER_PORT = int(HUB_PORT), int(RECEIVER_PORT)
RATE, SECONDS, DRAIN, CEILING, CEILING_DRAIN = map(float, (RATE, SECONDS, DRAIN, CEILING, CEILING_DRAIN))
WARMUP, CLIENTS, PATIENTS = int(WARMUP), int(CLIENTS), int(PATIENTS)
LOAD_START = os.environ["LOAD_BEFORE"].split()  # other work on the machine makes the figures noisy

sys.path.insert(0, "bench")
import hubnet
hubnet.configure(HUB_PORT, RECEIVER_PORT)
from hubnet import *

# --- the network, as MaternityNetwork builds it ---------------------------------------------------------------------
setup_started = time.monotonic()
net = north_jutland(PATIENTS, ceiling=True)
region, family_ambulatory, ceiling_ambulatory = net.region, net.family_ambulatory, net.ceiling_ambulatory
gp_practice, aalborg, family_department, women, TEMPLATE = (net.gp_practice, net.aalborg, net.family_department,
                                                            net.women, net.TEMPLATE)
MUNICIPALITY_TOKEN = demo_token("demo-municipality-0851")
BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/"
subscription = Hub(MUNICIPALITY_TOKEN).write("POST", "Subscription", {
    "resourceType": "Subscription", "status": "requested", "reason": "Aalborg's case system (bench)",
    "criteria": CANONICAL + "/SubscriptionTopic/notification-to-organisation",
    "_criteria": {"extension": [{"url": BACKPORT + "backport-filter-criteria",
                                 "valueString": "Communication?recipient=" + ref(family_department)["reference"]}]},
    "channel": {"type": "rest-hook", "endpoint": f"http://127.0.0.1:{RECEIVER_PORT}/aalborg-case-system/hook",
                "payload": "application/fhir+json",
                "_payload": {"extension": [{"url": BACKPORT + "backport-payload-content", "valueCode": "full-resource"}]}}})
if subscription.get("status") != "active":
    log(f"the bench subscription is not active: {subscription.get('status')} {subscription.get('error')}")
    sys.exit(1)
setup_seconds = time.monotonic() - setup_started
log(f"network built in {setup_seconds:.1f} s ({PATIENTS} women)")


def referral(performer, n):
    r = json.loads(json.dumps(TEMPLATE))
    identifier = "H-bench-" + str(uuid.uuid4())
    r["identifier"][0]["value"] = identifier
    r["subject"] = ref(women[n % len(women)])
    r["performer"] = [ref(performer)]
    return identifier, json.dumps(r).encode()


def post_referral(client, performer, n):
    """POSTs one new referral; returns its record (times on CLOCK_MONOTONIC)."""
    identifier, body = referral(performer, n)
    started = time.monotonic()
    try:
        client.conn.request("POST", "/fhir/ServiceRequest", body=body,
                            headers={"Content-Type": "application/fhir+json", "Accept": "application/fhir+json",
                                     "Authorization": "Bearer " + client.token})
        response = client.conn.getresponse()
        raw = response.read()
        status = response.status
    except (http.client.HTTPException, OSError) as e:  # not retried: the referral may have been stored
        client.conn.close()
        client.conn = http.client.HTTPConnection("127.0.0.1", HUB_PORT, timeout=60)
        status, raw = -1, f"{type(e).__name__}: {e}".encode()
    done = time.monotonic()
    if status != 201:
        log(f"POST referral answered {status}: {raw.decode(errors='replace')[:500]}")
    referral_id = json.loads(raw).get("id") if status == 201 else None
    return {"identifier": identifier, "id": referral_id, "start": started, "created": done, "status": status}


# --- arrivals at the receiver ----------------------------------------------------------------------------------------
class Arrivals:
    def __init__(self, path):
        self.path, self.offset, self.records, self.partial = path, 0, [], ""
        self.first_at = {}  # (path prefix, referral identifier) -> first arrival time
        self.notified_at = {}  # "ServiceRequest/<id>" -> when the subscriber was first told of a notification about it

    def read(self):
        with open(self.path, encoding="utf-8") as f:
            f.seek(self.offset)
            chunk = f.read()
            self.offset = f.tell()
        lines = (self.partial + chunk).split("\n")
        self.partial = lines.pop()
        for line in lines:
            if line.strip():
                record = json.loads(line)
                self.records.append(record)
                unit = record["path"].split("/")[1]
                for identifier in record["serviceRequests"]:
                    self.first_at.setdefault((unit, identifier), record["t"])
                for about in record.get("about") or []:
                    self.notified_at.setdefault(about, record["t"])
        return self

    def missing(self, unit, posts):
        return [p for p in posts if p["status"] == 201 and (unit, p["identifier"]) not in self.first_at]


arrivals = Arrivals(ARRIVALS)


def drain(unit, posts, seconds):
    """Waits (at most `seconds`) until every created referral of `posts` arrived at `unit`; returns the wait."""
    started = time.monotonic()
    deadline = started + seconds
    while arrivals.read().missing(unit, posts) and time.monotonic() < deadline:
        time.sleep(0.1)
    return time.monotonic() - started


def subscriber_told(posts, seconds):
    """Waits (at most `seconds`) for the subscriber to be told of every created referral of `posts`; then the
    latencies from the 201 to the subscriber's notification."""
    deadline = time.monotonic() + seconds
    created = [p for p in posts if p["status"] == 201]
    while (any("ServiceRequest/" + p["id"] not in arrivals.read().notified_at for p in created)
           and time.monotonic() < deadline):
        time.sleep(0.1)
    told = sorted((arrivals.notified_at["ServiceRequest/" + p["id"]] - p["created"]) * 1000 for p in created
                  if "ServiceRequest/" + p["id"] in arrivals.notified_at)
    return {"told": len(told), "created": len(created), "p50Ms": r1(percentile(told, 0.5)),
            "p95Ms": r1(percentile(told, 0.95)), "maxMs": r1(told[-1]) if told else None}


def hub_metrics():
    """The hub's delivery figures from /actuator/prometheus."""
    status, raw = hub.call("GET", "/actuator/prometheus", accept="text/plain")
    wanted = {}
    for line in raw.decode(errors="replace").splitlines() if status == 200 else []:
        if line.startswith("godstart_") and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            try:
                wanted[name] = float(value)
            except ValueError:
                pass
    return wanted


def fixed_rate(performer, rate, seconds, count=None):
    """Sequential POSTs on one keep-alive connection, the i-th due at i/rate; stops when the window closes."""
    client, posts = Hub(), []
    limit = count if count is not None else int(math.ceil(rate * seconds))
    started = time.monotonic()
    for i in range(limit):
        due = started + i / rate
        now = time.monotonic()
        if count is None and now - started >= seconds:
            break
        if due > now:
            time.sleep(due - now)
        posts.append(post_referral(client, performer, i))
    return posts, started


def flat_out(performer, seconds, clients):
    """`clients` threads, each POSTing sequentially on its own connection, for `seconds`."""
    posts, lock = [], threading.Lock()
    started = time.monotonic()
    deadline = started + seconds

    def client_loop(k):
        client, i = Hub(), 0
        while time.monotonic() < deadline:
            record = post_referral(client, performer, k * 1_000_000 + i)
            i += 1
            with lock:
                posts.append(record)

    threads = [threading.Thread(target=client_loop, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    return posts, started


# --- figures ---------------------------------------------------------------------------------------------------------
def percentile(sorted_values, p):
    """Nearest rank."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(len(sorted_values) * p) - 1)]


def censored_percentile(ordered, p):
    """`ordered`: (ms, censored) sorted by ms, where a censored entry never arrived and ms is how long it had been
    waited for. Returns (ms, at_least): if any censored entry is at or below the rank, ms is only a lower bound."""
    if not ordered:
        return None, False
    k = max(0, math.ceil(len(ordered) * p) - 1)
    return ordered[k][0], any(c for _, c in ordered[:k + 1])


def summarise(unit, posts, started, window, until):
    created = [p for p in posts if p["status"] == 201]
    post_ms = sorted((p["created"] - p["start"]) * 1000 for p in created)
    latencies = []  # ms from the client's 201 to the first arrival at `unit`, None if it never came
    for p in created:
        t = arrivals.first_at.get((unit, p["identifier"]))
        latencies.append(None if t is None else (t - p["created"]) * 1000)
    ordered = sorted(((until - p["created"]) * 1000, True) if v is None else (v, False)
                     for p, v in zip(created, latencies))
    e2e = {}
    for name, p in (("P50", 0.5), ("P95", 0.95), ("P99", 0.99), ("Max", 1.0)):
        v, at_least = censored_percentile(ordered, p)
        e2e["e2e" + name + "Ms"] = r1(v)
        e2e["e2e" + name + "AtLeast"] = at_least
    ids = {p["identifier"] for p in created}
    per_header, per_referral = {}, {}
    for record in arrivals.records:
        if record["path"].split("/")[1] != unit:
            continue
        for identifier in record["serviceRequests"]:
            if identifier in ids:
                per_header[record["header"]] = per_header.get(record["header"], 0) + 1
                per_referral.setdefault(identifier, set()).add(record["header"])
    arrived = [v for v in latencies if v is not None]
    last_post = max((p["created"] for p in created), default=started)
    times = sorted(arrivals.first_at[(unit, p["identifier"])] for p in created
                   if (unit, p["identifier"]) in arrivals.first_at)
    in_window = sum(1 for t in times if t <= started + window)
    span = (times[-1] - started) if times else 0
    return {
        "posted": len(posts), "created": len(created), "postErrors": len(posts) - len(created),
        "achievedPostRate": round(len(created) / (last_post - started), 2) if created and last_post > started else 0,
        "postMedianMs": r1(percentile(post_ms, 0.5)), "postP95Ms": r1(percentile(post_ms, 0.95)),
        **e2e,
        "e2eMinMs": r1(min(arrived)) if arrived else None,
        "delivered": len(arrived), "notArrived": len(latencies) - len(arrived),
        "messages": sum(per_header.values()),
        "duplicateMessageIds": sum(1 for n in per_header.values() if n > 1),
        "duplicateDeliveries": sum(n - 1 for n in per_header.values() if n > 1),
        "referralsWithSeveralMessageIds": sum(1 for s in per_referral.values() if len(s) > 1),
        "deliveredInPostingWindow": in_window,
        "deliveredRateInPostingWindow": round(in_window / window, 2) if window else None,
        "deliveredRateSustained": round((len(times) - 1) / (times[-1] - times[0]), 2)
        if len(times) > 1 and times[-1] > times[0] else None,
        "lastArrivalAfterStartS": round(span, 1),
        "deliveredPerSecond": per_second(times, started),
    }


def r1(v):
    return None if v is None else round(v, 1)


def per_second(times, started):
    if not times:
        return []
    counts = [0] * (int(times[-1] - started) + 1)
    for t in times:
        counts[max(0, int(t - started))] += 1
    return counts


def copies(unit, posts):
    ids = {p["identifier"] for p in posts if p["status"] == 201}
    return sum(1 for (u, i) in arrivals.first_at if u == unit and i in ids)


# --- the workload ----------------------------------------------------------------------------------------------------
run_started = time.monotonic()
warm, _ = fixed_rate(family_ambulatory, RATE, 0, count=WARMUP)
warm_wait = drain("family-ambulatory", warm, 60)
warm_summary = summarise("family-ambulatory", warm, warm[0]["start"], 0, time.monotonic()) if warm else None
if warm_summary:
    log(f"warm-up: {len(warm)} referrals at {RATE:g}/s, {warm_summary['delivered']} delivered (last {warm_wait:.1f} s "
        f"after the last POST); end-to-end min {warm_summary['e2eMinMs']} / p50 {warm_summary['e2eP50Ms']} / "
        f"max {warm_summary['e2eMaxMs']} ms")

log(f"fixed rate: {RATE:g} referrals/s for {SECONDS:g} s ...")
fixed, fixed_started = fixed_rate(family_ambulatory, RATE, SECONDS)
fixed_posting_s = time.monotonic() - fixed_started
log(f"posted {len(fixed)} in {fixed_posting_s:.1f} s; waiting up to {DRAIN:g} s for their deliveries ...")
fixed_drain = drain("family-ambulatory", fixed, DRAIN)
fixed_subscription = subscriber_told(fixed, DRAIN)
arrivals.read()
metrics_after_fixed = hub_metrics()
fixed_summary = summarise("family-ambulatory", fixed, fixed_started, SECONDS, time.monotonic())
fixed_summary["drainWaitS"] = round(fixed_drain, 1)

ceiling_summary = None
if CEILING > 0:
    log(f"ceiling: {CLIENTS} clients as fast as they can for {CEILING:g} s, to a second family ambulatory ...")
    ceiling, ceiling_started = flat_out(ceiling_ambulatory, CEILING, CLIENTS)
    log(f"posted {len(ceiling)}; waiting up to {CEILING_DRAIN:g} s for their deliveries ...")
    ceiling_drain = drain("family-ambulatory-ceiling", ceiling, CEILING_DRAIN)
    arrivals.read()
    ceiling_summary = summarise("family-ambulatory-ceiling", ceiling, ceiling_started, CEILING, time.monotonic())
    ceiling_summary["drainWaitS"] = round(ceiling_drain, 1)
time.sleep(1)  # let the last gauges settle
metrics_end = hub_metrics()
arrivals.read()
fixed_summary["copiesAtAalborg"] = copies("aalborg", fixed)
if ceiling_summary:
    ceiling_summary["copiesAtAalborg"] = copies("aalborg", ceiling)
load_end = open("/proc/loadavg").read().split()[:3]

# --- the table -------------------------------------------------------------------------------------------------------
def cell(summary, key, unit=""):
    if summary is None:
        return "-"
    v = summary[key]
    if v is None:
        return f"not arrived" if key.startswith("e2e") else "n/a"
    return f"{v:g}{unit}"


def e2e(summary, key):
    if summary is None:
        return "-"
    v = summary[key]
    if v is None:
        return "n/a"
    return f">= {v:g} (not all arrived)" if summary[key.replace("Ms", "AtLeast")] else f"{v:g}"


rows = [
    ("offered rate (referrals/s)", f"{RATE:g} for {SECONDS:g} s",
     f"max, {CLIENTS} clients for {CEILING:g} s" if ceiling_summary else "-"),
    ("referrals posted / 201 Created", f'{fixed_summary["posted"]} / {fixed_summary["created"]}',
     f'{ceiling_summary["posted"]} / {ceiling_summary["created"]}' if ceiling_summary else "-"),
    ("achieved POST rate (/s)", cell(fixed_summary, "achievedPostRate"), cell(ceiling_summary, "achievedPostRate")),
    ("POST 201 median / p95 (ms)", f'{fixed_summary["postMedianMs"]} / {fixed_summary["postP95Ms"]}',
     f'{ceiling_summary["postMedianMs"]} / {ceiling_summary["postP95Ms"]}' if ceiling_summary else "-"),
    ("end-to-end 201 -> receiver p50 (ms)", e2e(fixed_summary, "e2eP50Ms"), e2e(ceiling_summary, "e2eP50Ms")),
    ("end-to-end p95 (ms)", e2e(fixed_summary, "e2eP95Ms"), e2e(ceiling_summary, "e2eP95Ms")),
    ("end-to-end p99 (ms)", e2e(fixed_summary, "e2eP99Ms"), e2e(ceiling_summary, "e2eP99Ms")),
    ("end-to-end max (ms)", e2e(fixed_summary, "e2eMaxMs"), e2e(ceiling_summary, "e2eMaxMs")),
    ("delivered at family ambulatory / created",
     f'{fixed_summary["delivered"]} / {fixed_summary["created"]}',
     f'{ceiling_summary["delivered"]} / {ceiling_summary["created"]}' if ceiling_summary else "-"),
    ("not arrived after drain (wait s)",
     f'{fixed_summary["notArrived"]} ({fixed_summary["drainWaitS"]:g} s)',
     f'{ceiling_summary["notArrived"]} ({ceiling_summary["drainWaitS"]:g} s)' if ceiling_summary else "-"),
    ("duplicated MessageHeader ids (extra copies)",
     f'{fixed_summary["duplicateMessageIds"]} ({fixed_summary["duplicateDeliveries"]})',
     f'{ceiling_summary["duplicateMessageIds"]} ({ceiling_summary["duplicateDeliveries"]})' if ceiling_summary else "-"),
    ("referrals with >1 MessageHeader id", cell(fixed_summary, "referralsWithSeveralMessageIds"),
     cell(ceiling_summary, "referralsWithSeveralMessageIds")),
    ("delivered/s at family ambulatory, posting window", cell(fixed_summary, "deliveredRateInPostingWindow"),
     cell(ceiling_summary, "deliveredRateInPostingWindow")),
    ("delivered/s at family ambulatory, first to last arrival", cell(fixed_summary, "deliveredRateSustained"),
     cell(ceiling_summary, "deliveredRateSustained")),
    ("copies delivered at Aalborg (cc), by the end", cell(fixed_summary, "copiesAtAalborg"), cell(ceiling_summary, "copiesAtAalborg")),
    ("Aalborg case system told (subscription) / created", f'{fixed_subscription["told"]} / {fixed_subscription["created"]}', "-"),
    ("201 -> subscriber told p50 / p95 / max (ms)",
     f'{fixed_subscription["p50Ms"]} / {fixed_subscription["p95Ms"]} / {fixed_subscription["maxMs"]}', "-"),
]


def hub_quantiles(metrics, timer):
    """p50 / p95 (ms) of one of the hub's timers (Micrometer's window: about the last two minutes), or n/a."""
    values = [metrics.get(f'{timer}{{quantile="{q}"}}') for q in ("0.5", "0.95")]
    if None in values or not metrics.get(f"{timer}_count"):
        return "n/a (hub records none)"
    return f"{values[0] * 1000:.1f} / {values[1] * 1000:.1f}"


# MedCom reliable messaging: the hub's own clock, from the write to the receiver's ok acknowledgement, beside its
# write -> receiver's 2xx in the same window (the reference); both cover the fixed-rate phase and the warm-up before it
rows += [
    ("hub: write -> receiver's 2xx p50 / p95 (ms)", hub_quantiles(metrics_after_fixed, "godstart_delivery_latency_seconds"),
     hub_quantiles(metrics_end, "godstart_delivery_latency_seconds") if ceiling_summary else "-"),
    ("hub: write -> ok acknowledgement p50 / p95 (ms)",
     hub_quantiles(metrics_after_fixed, "godstart_delivery_acknowledged_latency_seconds"),
     hub_quantiles(metrics_end, "godstart_delivery_acknowledged_latency_seconds") if ceiling_summary else "-"),
    ("acknowledged ok (count, whole run)", "%.0f" % metrics_end.get('godstart_delivery_acknowledgements_total{code="ok"}', 0), "-"),
]
print(f'{"measure":<56} {"fixed rate":>28} {"ceiling":>28}')
for name, a, b in rows:
    print(f"{name:<56} {a:>28} {b:>28}")
p95 = fixed_summary["e2eP95Ms"]
met = p95 is not None and p95 <= 500 and fixed_summary["notArrived"] == 0 and RATE >= 20 and SECONDS >= 60
print(f"load average (1/5/15 min) before the server started {' '.join(LOAD_START)}, at the end {' '.join(load_end)} (2 cores)")
print(f"target (issue): end-to-end p95 <= 500 ms at 20 referrals/s for 60 s -> {'met' if met else 'NOT met'}")


def gauge(metrics, prefix):
    return {k: v for k, v in metrics.items() if k.startswith(prefix)}


arrivals.read()
by_unit = {}
for record in arrivals.records:
    unit = record["path"].split("/")[1]
    by_unit[unit] = by_unit.get(unit, 0) + 1
unreadable = sum(1 for record in arrivals.records
                 if record.get("error") or not (record.get("header") or record.get("subscriptionEvent")))
print(f"receiver: {len(arrivals.records)} messages ({', '.join(f'{u} {n}' for u, n in sorted(by_unit.items()))}), "
      f"{unreadable} neither a message nor a subscription notification")
pending = metrics_end.get("godstart_delivery_pending")
parked = {k: v for k, v in gauge(metrics_end, "godstart_delivery_parked_total").items() if v}
print(f'hub at the end: outbox backlog {metrics_end.get("godstart_outbox_backlog")}, deliveries pending {pending}, '
      f'delivered {metrics_end.get("godstart_delivery_delivered_total")}, retried '
      f'{metrics_end.get("godstart_delivery_retried_total")}, parked {parked or 0}, routing failed '
      f'{metrics_end.get("godstart_routing_failed_total")}, outbox failed {metrics_end.get("godstart_outbox_failed")}; '
      f'subscription events delivered {metrics_end.get("godstart_subscription_delivered_total")}, pending '
      f'{metrics_end.get("godstart_subscription_pending")}')

json.dump({"benchmark": "referral-flow", "rate": RATE, "seconds": SECONDS, "warmupReferrals": WARMUP,
           "drainSeconds": DRAIN, "ceilingSeconds": CEILING, "ceilingClients": CLIENTS,
           "ceilingDrainSeconds": CEILING_DRAIN, "patients": PATIENTS, "setupSeconds": round(setup_seconds, 1),
           "warmupDrainS": round(warm_wait, 1), "warmup": warm_summary, "fixedRate": fixed_summary, "ceiling": ceiling_summary,
           "subscriptionFixedRate": fixed_subscription,
           "targetP95Ms": 500, "targetMet": met, "receiverMessages": by_unit, "loadAverageStart": LOAD_START, "loadAverageEnd": load_end, "receiverUnreadable": unreadable,
           "hubMetricsAfterFixedRate": metrics_after_fixed, "hubMetricsAtEnd": metrics_end},
          open(OUT, "w"), indent=1)
PY
rc=$?
set -e
log_lines=$(wc -l <"$WORK/server.log")   # what the server logged while the benchmark ran, before it was stopped
stopping=$(date +%s)
stop_server
echo "server stopped in $(( $(date +%s) - stopping )) s"
stop_receiver
cp "$WORK/server.log" "${out%.json}.server.log"
head -n "$log_lines" "$WORK/server.log" >"$WORK/running.log"
tail -n +"$((log_lines + 1))" "$WORK/server.log" >"$WORK/stopping.log"
count() { grep -c " $1 " "$2" || true; }
echo "server log: $(count ERROR "$WORK/running.log") ERROR and $(count WARN "$WORK/running.log") WARN lines while running," \
  "$(count ERROR "$WORK/stopping.log") ERROR and $(count WARN "$WORK/stopping.log") WARN while stopping (kept as ${out%.json}.server.log)"
# The distinct kinds after start-up (not the main thread) while running, most frequent first.
grep -E ' (ERROR|WARN) ' "$WORK/running.log" | grep -v '\[ *main\]' \
  | sed -E 's/^[^ ]+ +(ERROR|WARN) +[0-9]+ --- \[[^]]*\] \[ *([^]]*)\] /\1 /; s/[0-9a-f]{8}-[0-9a-f-]{27}/<uuid>/g' \
  | cut -c1-180 | sort | uniq -c | sort -rn | head -8 || true
[ "$rc" -eq 0 ] || { echo "the workload failed (exit $rc)" >&2; exit "$rc"; }
echo "wrote $out ($(( $(date +%s) - started )) s in all; server ready in ${READY_SECONDS} s)"
