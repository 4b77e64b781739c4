#!/usr/bin/env bash
# The woman's network (issue 19): how soon every other member is told when a member changes the status of its task
# in her network. Each network Task's status change (PUT by the task's owner) is stored with its outbox row, routed
# to every other current member of her team (CareTeam) whose legal basis holds, and delivered by the Camel routes as
# a FHIR message (care-task-changed) to each member's endpoint. Measured from the owner's 200 on the update to the
# arrival, at a real HTTP receiver (bench/receiver.py) on 127.0.0.1, of the LAST of the four other members'
# messages for that change. Beside it, in the same run and on the same hub, the reference: the family ambulatory
# accepts a referral (its referral Task's status to accepted, by PUT), timed from the 200 to the GP's message
# (referral-accepted, one recipient: the existing referral workflow).
#
#   bench/network-fanout.sh [rate] [seconds]     (default 5 status changes/s for 60 s; build first: ./mvnw -DskipTests package)
#
# Environment (all bounded): REF_RATE=1 referral acceptances/s beside it, WOMEN=10 women's networks,
# TASKS_PER_OWNER=2 tasks per owner per network (two owners), WARMUP=10 changes and acceptances first (awaited),
# SETUP_DRAIN_SECONDS=120 to wait for the set-up's messages, DRAIN_SECONDS=60 after the run. The status changes go
# round-robin over all WOMEN*2*TASKS_PER_OWNER tasks, so each task changes every WOMEN*2*TASKS_PER_OWNER/rate s (8 s
# with the defaults). Server settings go in JAVA_OPTS.
#
# What is built, and who writes what (so that the measured path is the real one): the operators (demo-admin) put the
# members in the directory, as the integration tests' MaternityNetwork does (hubnet.womans_network_directory): the
# family ambulatory (part of the region, carrying demo-family-ambulatory's SOR code), the GP's practice (demo-gp's),
# Aalborg's family department, a substance treatment centre (demo-substance-treatment's SOR code) and a shelter, each
# with its endpoint at the receiver; the North Jutland referral terms and a network agreement (every party may tell
# every other of the network events, on her consent, and health-care parties for her treatment). Then, for each
# woman, as WomansNetworkIT's Ditte: the GP (demo-gp) registers her and records her consent to the network (family
# ambulatory, general practice, family department, substance treatment, shelter; the network events only); the family
# ambulatory (demo-family-ambulatory) starts her team of the five and its plan; the family ambulatory and the
# substance treatment each create their urine-sample tasks (in-progress). Every status change of the run (in-progress
# <-> on-hold) is a PUT by the task's owner's own client (demo-family-ambulatory or demo-substance-treatment), never
# by demo-importer, which skips the owner rule and the network checks. For the reference, the GP refers the same
# women to the family ambulatory, which creates each referral's Task as received during set-up and accepts it in the
# run; her network consent does not cover referral events, so the family department's copy is withheld and the GP is
# the one recipient.
#
# Matching: a message carries the Task as it is when sent (no version), so the k-th care-task-changed message
# (distinct MessageHeader id) about a Task at a member's endpoint is the Task's k-th change (the hub delivers to an
# endpoint in order; its creation is the 0th, awaited before the run). A change is complete when all four others
# have it; missing, duplicated (same MessageHeader id again), unexpected (more messages than changes, or told the
# owner) and stale ones (showing a later status: sent after the next change) are counted. Prints a table, writes
# bench/results/network-fanout-<timestamp>.json and keeps the server log beside it. Loopback only; stops what it
# started. About 2.5 minutes with the defaults (start-up 40-80 s, set-up about 20 s).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

RATE=${1:-${RATE:-5}}
SECONDS_RUN=${2:-${DURATION:-60}}
REF_RATE=${REF_RATE:-1}
WOMEN=${WOMEN:-10}
TASKS_PER_OWNER=${TASKS_PER_OWNER:-2}
WARMUP=${WARMUP:-10}
SETUP_DRAIN_SECONDS=${SETUP_DRAIN_SECONDS:-120}
DRAIN_SECONDS=${DRAIN_SECONDS:-60}
bounded() { # bounded NAME VALUE MIN MAX
  awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v ~ /^[0-9]+(\.[0-9]+)?$/ && v+0 >= lo && v+0 <= hi) }' \
    || { echo "$1 must be a number from $3 to $4 (got '$2')" >&2; exit 2; }
}
bounded rate "$RATE" 0.1 100; bounded seconds "$SECONDS_RUN" 1 600; bounded REF_RATE "$REF_RATE" 0.1 50
bounded WOMEN "$WOMEN" 1 100; bounded TASKS_PER_OWNER "$TASKS_PER_OWNER" 1 20; bounded WARMUP "$WARMUP" 0 200
bounded SETUP_DRAIN_SECONDS "$SETUP_DRAIN_SECONDS" 10 900; bounded DRAIN_SECONDS "$DRAIN_SECONDS" 0 900
awk -v r="$REF_RATE" -v s="$SECONDS_RUN" -v w="$WARMUP" 'BEGIN { exit !(r * s + w <= 3000) }' \
  || { echo "REF_RATE x seconds + WARMUP must be at most 3000 referrals (set-up makes each one)" >&2; exit 2; }

WORK=$(mktemp -d)
RECEIVER_PID=""
stop_receiver() {
  if [ -n "$RECEIVER_PID" ]; then kill "$RECEIVER_PID" 2>/dev/null; wait "$RECEIVER_PID" 2>/dev/null || true; RECEIVER_PID=""; fi
}
trap 'stop_server; stop_receiver; rm -rf "$WORK"' EXIT
started=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg); export LOAD_BEFORE
CORES=$(nproc 2>/dev/null || echo "?"); export CORES
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
out="bench/results/network-fanout-$stamp.json"

python3 bench/receiver.py "$WORK/receiver.port" "$WORK/arrivals.jsonl" 1800 &
RECEIVER_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/receiver.port" ] && break; sleep 0.05; done
[ -s "$WORK/receiver.port" ] || { echo "receiver did not start" >&2; exit 1; }

start_server "$WORK/data/postgres" "$WORK/server.log"
wait_ready
echo "server ready in ${READY_SECONDS} s; receiver on 127.0.0.1:$(cat "$WORK/receiver.port")" >&2

set +e
python3 - "$BENCH_PORT" "$(cat "$WORK/receiver.port")" "$WORK/arrivals.jsonl" "$out" \
  "$RATE" "$SECONDS_RUN" "$REF_RATE" "$WOMEN" "$TASKS_PER_OWNER" "$WARMUP" "$SETUP_DRAIN_SECONDS" "$DRAIN_SECONDS" <<'PY'
import http.client, json, math, os, sys, threading, time

(HUB_PORT, RECEIVER_PORT, ARRIVALS, OUT, RATE, SECONDS, REF_RATE, WOMEN, TASKS, WARMUP, SETUP_DRAIN,
 DRAIN) = sys.argv[1:13]
RATE, SECONDS, REF_RATE, SETUP_DRAIN, DRAIN = map(float, (RATE, SECONDS, REF_RATE, SETUP_DRAIN, DRAIN))
WOMEN, TASKS, WARMUP = int(WOMEN), int(TASKS), int(WARMUP)
LOAD_START = os.environ["LOAD_BEFORE"].split()  # other work on the machine makes the figures noisy
CORES = os.environ.get("CORES", "?")

sys.path.insert(0, "bench")
import hubnet
hubnet.configure(HUB_PORT, RECEIVER_PORT)
from hubnet import *

# --- the members, then each woman's network, written by the members themselves --------------------------------------
setup_started = time.monotonic()
net = womans_network_directory()
FA_TOKEN, SUBSTANCE_TOKEN = demo_token("demo-family-ambulatory"), demo_token("demo-substance-treatment")
as_fa, as_substance = Hub(FA_TOKEN), Hub(SUBSTANCE_TOKEN)
MEMBERS = [(net.family_ambulatory, "family-ambulatory", "family-ambulatory"), (net.gp_practice, "general-practitioner", "gp"),
           (net.family_department, "family-department", "aalborg"), (net.substance, "substance-treatment", "substance"),
           (net.shelter, "shelter", "shelter")]
PATHS = [path for _, _, path in MEMBERS]
OWNERS = {"family-ambulatory": (net.family_ambulatory, FA_TOKEN, "At each visit to the family ambulatory"),
          "substance": (net.substance, SUBSTANCE_TOKEN, "Every Monday at the substance treatment")}
CLIENT_OF = {"family-ambulatory": as_fa, "substance": as_substance}

women, tasks = [], []  # tasks: {"id", "owner" (its path), "copy" (as last stored), "changes": [...]}
for w in range(WOMEN):
    woman = register_woman(gp, net.gp_practice)
    network_consent(gp, woman, net.gp_practice, ["family-ambulatory", "general-practice", "municipal-family-department",
                                                 "substance-treatment", "shelter"])
    team = as_fa.write("POST", "CareTeam", care_team(woman, net.family_ambulatory, [(m, role) for m, role, _ in MEMBERS]))
    plan = as_fa.write("POST", "CarePlan", care_plan(woman, team, net.family_ambulatory, f"Plan {w + 1} (bench)"))
    women.append(woman)
    for k in range(TASKS):
        for owner, (organisation, _, description) in OWNERS.items():
            stored = CLIENT_OF[owner].write("POST", "Task", network_task(woman, plan, organisation, "urine-sample",
                                                                         "in-progress", description))
            tasks.append({"id": stored["id"], "owner": owner, "woman": woman["id"], "copy": stored,
                          "changes": [{"kind": "create", "status": "in-progress"}]})
# the reference: the GP's referrals of the same women, each with the family ambulatory's task, received (no event)
REF_COUNT = WARMUP + int(math.ceil(REF_RATE * SECONDS))
references = []
for j in range(REF_COUNT):
    stored_referral = gp.write("POST", "ServiceRequest", referral(women[j % WOMEN], net.gp_practice, net.family_ambulatory))
    task = as_fa.write("POST", "Task", referral_task(stored_referral, net.family_ambulatory, net.gp_practice, "received"))
    references.append({"id": task["id"], "referral": stored_referral["identifier"][0]["value"], "copy": task})
written_s = time.monotonic() - setup_started
log(f"{WOMEN} networks of {len(MEMBERS)} members with {len(tasks)} tasks and {REF_COUNT} referral tasks written in "
    f"{written_s:.1f} s")


# --- arrivals at the receiver ----------------------------------------------------------------------------------------
class Arrivals:
    """The receiver's records; per (member path, Task id, event) the distinct MessageHeader ids in arrival order."""

    def __init__(self, path):
        self.path, self.offset, self.partial, self.records = path, 0, "", []
        self.by_task = {}  # (path, task id, event) -> [{"t", "header", "status"}], first arrival of each header
        self.copies = {}  # header -> times received

    def read(self):
        with open(self.path, encoding="utf-8") as f:
            f.seek(self.offset)
            chunk = f.read()
            self.offset = f.tell()
        lines = (self.partial + chunk).split("\n")
        self.partial = lines.pop()
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            self.records.append(record)
            header = record.get("header")
            self.copies[header] = self.copies.get(header, 0) + 1
            if self.copies[header] > 1:
                continue  # the same message again: a duplicate delivery, counted from copies
            unit = record["path"].split("/")[1]
            for task in record.get("tasks") or []:
                self.by_task.setdefault((unit, task["id"], record.get("event")), []).append(
                    {"t": record["t"], "header": header, "status": task.get("status")})
        return self

    def told(self, unit, task_id, event):
        return self.by_task.get((unit, task_id, event), [])


arrivals = Arrivals(ARRIVALS)


def recipients(task):
    return [p for p in PATHS if p != task["owner"]]


def network_pending():
    """(task, path) pairs still waiting for a message of a change made so far."""
    return [(t, p) for t in tasks for p in recipients(t)
            if len(arrivals.told(p, t["id"], "care-task-changed")) < len(t["changes"])]


def reference_pending(accepted):
    return [r for r in accepted if not arrivals.told("gp", r["id"], "referral-accepted")]


def wait_for(pending, seconds):
    started = time.monotonic()
    while pending() and time.monotonic() - started < seconds:
        time.sleep(0.1)
        arrivals.read()
    return time.monotonic() - started


def hub_metrics():
    status, raw = hubnet.hub.call("GET", "/actuator/prometheus", accept="text/plain")
    wanted = {}
    for line in raw.decode(errors="replace").splitlines() if status == 200 else []:
        if line.startswith("godstart_") and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            try:
                wanted[name] = float(value)
            except ValueError:
                pass
    return wanted


def referrals_pending():
    at_ambulatory = {i for rec in arrivals.records if rec["path"].startswith("/family-ambulatory/")
                     for i in rec.get("serviceRequests") or []}
    return [r for r in references if r["referral"] not in at_ambulatory]


setup_wait = wait_for(lambda: network_pending() or referrals_pending(), SETUP_DRAIN)
if network_pending():
    log(f"the set-up's task messages did not all arrive in {SETUP_DRAIN:g} s ({len(network_pending())} of "
        f"{4 * len(tasks)} missing); the hub is not telling the network")
    sys.exit(1)
if referrals_pending():
    log(f"note: {len(referrals_pending())} of {len(references)} referrals had not reached the family ambulatory "
        f"after {SETUP_DRAIN:g} s")
# nothing left in the outbox or the delivery queue before the run
for _ in range(300):
    m = hub_metrics()
    if not m.get("godstart_outbox_backlog") and not m.get("godstart_delivery_pending"):
        break
    time.sleep(0.1)
setup_seconds = time.monotonic() - setup_started
log(f"set-up delivered ({setup_wait:.1f} s after the writes; {setup_seconds:.1f} s in all)")


# --- the changes -----------------------------------------------------------------------------------------------------
def put(client, resource):
    """PUTs one resource on the client's keep-alive connection; (status, body, start, done) on CLOCK_MONOTONIC."""
    body = json.dumps(resource).encode()
    started = time.monotonic()
    try:
        client.conn.request("PUT", f'/fhir/{resource["resourceType"]}/{resource["id"]}', body=body,
                            headers={"Content-Type": "application/fhir+json", "Accept": "application/fhir+json",
                                     "Authorization": "Bearer " + client.token})
        response = client.conn.getresponse()
        raw, status = response.read(), response.status
    except (http.client.HTTPException, OSError) as e:  # not retried: the change may have been stored
        client.conn.close()
        client.conn = http.client.HTTPConnection("127.0.0.1", HUB_PORT, timeout=60)
        status, raw = -1, f"{type(e).__name__}: {e}".encode()
    return status, raw, started, time.monotonic()


def stored_anyway(client, resource):
    """After a failed PUT: whether the hub stored it all the same (its version moved on); the stored copy if so."""
    status, raw = client.call("GET", f'/fhir/{resource["resourceType"]}/{resource["id"]}')
    if status != 200:
        return None
    now = json.loads(raw)
    return now if now.get("meta", {}).get("versionId") != resource.get("meta", {}).get("versionId") else None


def change_status(client, task, phase):
    """The owner flips its task in-progress <-> on-hold; appends the change to the task's sequence if stored."""
    resource = json.loads(json.dumps(task["copy"]))
    resource["status"] = "on-hold" if resource["status"] == "in-progress" else "in-progress"
    status, raw, started, done = put(client, resource)
    change = {"kind": phase, "task": task["id"], "owner": task["owner"], "status": resource["status"], "start": started,
              "done": done, "http": status, "measured": status == 200}
    stored = json.loads(raw) if status == 200 else None
    if status != 200:
        log(f"PUT Task/{task['id']} ({task['owner']}) answered {status}: {raw.decode(errors='replace')[:400]}")
        stored = stored_anyway(client, task["copy"])
    if stored is not None:
        task["copy"] = stored
        task["changes"].append(change)
    change["stored"] = stored is not None
    return change


def accept(client, reference, phase):
    resource = json.loads(json.dumps(reference["copy"]))
    resource["status"] = "accepted"
    resource["executionPeriod"] = {"start": ago(0)}
    status, raw, started, done = put(client, resource)
    if status != 200:
        log(f"PUT Task/{reference['id']} (accepting the referral) answered {status}: {raw.decode(errors='replace')[:400]}")
    reference.update({"kind": phase, "start": started, "done": done, "http": status, "measured": status == 200})
    return reference


ORDER = []  # round-robin over the tasks, owners alternating, then women, so consecutive changes are others' tasks
for k in range(TASKS):
    for w in range(WOMEN):
        ORDER += tasks[w * TASKS * 2 + 2 * k:w * TASKS * 2 + 2 * k + 2]
next_change = [0]


def run(changes, acceptances, rate, ref_rate, phase):
    """`changes` network status changes at `rate`/s (each by its task's owner's own client and connection) and
    `acceptances` referral acceptances at `ref_rate`/s (the family ambulatory's second connection), together; each
    client sequential, the i-th of a kind due at i/rate."""
    jobs = {"family-ambulatory": [], "substance": [], "reference": []}
    start = time.monotonic() + 0.2
    for i in range(changes):
        task = ORDER[(next_change[0] + i) % len(ORDER)]
        jobs[task["owner"]].append((start + i / rate, task))
    next_change[0] += changes
    for j, reference in enumerate(acceptances):
        jobs["reference"].append((start + (j + 0.5) / ref_rate, reference))
    done, lock = [], threading.Lock()

    def client_loop(kind):
        client = Hub(FA_TOKEN if kind != "substance" else SUBSTANCE_TOKEN)
        for due, item in jobs[kind]:
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            result = accept(client, item, phase) if kind == "reference" else change_status(client, item, phase)
            result["late"] = max(0.0, result["start"] - due)
            with lock:
                done.append(result)

    threads = [threading.Thread(target=client_loop, args=(kind,)) for kind in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return start, done


if WARMUP:
    _, warm = run(WARMUP, references[:WARMUP], RATE, REF_RATE, "warm-up")
    warm_wait = wait_for(lambda: network_pending() or reference_pending(references[:WARMUP]), 60)
    log(f"warm-up: {WARMUP} status changes and {WARMUP} acceptances, delivered {warm_wait:.1f} s after")
log(f"run: {RATE:g} status changes/s and {REF_RATE:g} referral acceptances/s for {SECONDS:g} s "
    f"({len(ORDER)} tasks, each changed every {len(ORDER) / RATE:.1f} s) ...")
measured_refs = references[WARMUP:]
run_started, done = run(int(math.ceil(RATE * SECONDS)), measured_refs, RATE, REF_RATE, "run")
posting_s = time.monotonic() - run_started
log(f"written in {posting_s:.1f} s; waiting up to {DRAIN:g} s for the messages ...")
drain_wait = wait_for(lambda: network_pending() or reference_pending([r for r in measured_refs if r["measured"]]), DRAIN)
time.sleep(1)  # a last look for late duplicates, and let the gauges settle
arrivals.read()
until = time.monotonic()
metrics_end = hub_metrics()
load_end = open("/proc/loadavg").read().split()[:3]


# --- figures ---------------------------------------------------------------------------------------------------------
def percentile(sorted_values, p):
    """Nearest rank."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(len(sorted_values) * p) - 1)]


def r1(v):
    return None if v is None else round(v, 1)


def latency_figures(samples):
    """`samples`: (ms, censored); a censored one never arrived and ms is how long it had been waited for, so a
    percentile at or above it is only a lower bound."""
    ordered = sorted(samples)
    figures = {}
    for name, p in (("P50", 0.5), ("P95", 0.95), ("P99", 0.99), ("Max", 1.0)):
        if not ordered:
            figures["e2e" + name + "Ms"], figures["e2e" + name + "AtLeast"] = None, False
            continue
        k = max(0, math.ceil(len(ordered) * p) - 1)
        figures["e2e" + name + "Ms"] = r1(ordered[k][0])
        figures["e2e" + name + "AtLeast"] = any(c for _, c in ordered[:k + 1])
    arrived = [ms for ms, c in ordered if not c]
    figures["e2eMinMs"] = r1(min(arrived)) if arrived else None
    return figures


def writes(changes, started):
    ok = [c for c in changes if c["measured"]]
    put_ms = sorted((c["done"] - c["start"]) * 1000 for c in ok)
    last = max((c["done"] for c in ok), default=started)
    return {"written": len(changes), "answered200": len(ok), "errors": len(changes) - len(ok),
            "storedDespiteError": sum(1 for c in changes if not c["measured"] and c.get("stored")),
            "achievedRate": round(len(ok) / (last - started), 2) if ok and last > started else 0,
            "putMedianMs": r1(percentile(put_ms, 0.5)), "putP95Ms": r1(percentile(put_ms, 0.95)),
            "lateStartsOver100ms": sum(1 for c in changes if c["late"] > 0.1)}


def network_summary():
    """Each change of the run matched to the k-th message about its task at each of the other members."""
    samples, first_ms, per_member, complete = [], [], {p: [] for p in PATHS}, 0
    missing = stale = unexpected = 0
    for task in tasks:
        for path in recipients(task):
            told = arrivals.told(path, task["id"], "care-task-changed")
            unexpected += max(0, len(told) - len(task["changes"]))
            for k, change in enumerate(task["changes"]):
                if change["kind"] == "run" and k < len(told) and told[k]["status"] != change["status"]:
                    stale += 1
                if change["kind"] == "run" and k >= len(told):
                    missing += 1
        for k, change in enumerate(task["changes"]):
            if change["kind"] != "run" or not change["measured"]:
                continue
            times = []
            for path in recipients(task):
                told = arrivals.told(path, task["id"], "care-task-changed")
                times.append(told[k]["t"] if k < len(told) else None)
                if k < len(told):
                    per_member[path].append((told[k]["t"] - change["done"]) * 1000)
            arrived = [t for t in times if t is not None]
            if arrived:
                first_ms.append((min(arrived) - change["done"]) * 1000)
            if len(arrived) == len(times):
                complete += 1
                samples.append(((max(arrived) - change["done"]) * 1000, False))
            else:
                samples.append(((until - change["done"]) * 1000, True))
    told_owner = sum(len(arrivals.told(t["owner"], t["id"], "care-task-changed")) for t in tasks)
    first_ms.sort()
    run_changes = [c for c in done if c["kind"] == "run" and "task" in c and "referral" not in c]
    return {**writes(run_changes, run_started), **latency_figures(samples),
            "changesMeasured": len(samples), "changesEveryMemberTold": complete,
            "messagesExpected": 4 * sum(1 for c in run_changes if c.get("stored")),
            "messagesMissing": missing, "messagesUnexpected": unexpected, "toldTheOwner": told_owner,
            "messagesStale": stale,
            "firstToldP50Ms": r1(percentile(first_ms, 0.5)), "firstToldP95Ms": r1(percentile(first_ms, 0.95)),
            "perMemberP50Ms": {p: r1(percentile(sorted(v), 0.5)) for p, v in per_member.items() if v},
            "perMemberP95Ms": {p: r1(percentile(sorted(v), 0.95)) for p, v in per_member.items() if v}}


def reference_summary():
    samples, missing, unexpected = [], 0, 0
    accepted = [r for r in measured_refs if r.get("kind") == "run"]
    for r in accepted:
        told = arrivals.told("gp", r["id"], "referral-accepted")
        unexpected += max(0, len(told) - 1)
        if not r["measured"]:
            continue
        if told:
            samples.append(((told[0]["t"] - r["done"]) * 1000, False))
        else:
            missing += 1
            samples.append(((until - r["done"]) * 1000, True))
    copies = sum(len(arrivals.told(p, r["id"], "referral-accepted")) for r in accepted for p in PATHS if p != "gp")
    return {**writes(accepted, run_started), **latency_figures(samples), "changesMeasured": len(samples),
            "changesEveryMemberTold": len(samples) - missing, "messagesExpected": len(samples),
            "messagesMissing": missing, "messagesUnexpected": unexpected, "copiesToOthers": copies}


network, reference = network_summary(), reference_summary()
duplicate_ids = {h: n for h, n in arrivals.copies.items() if h and n > 1}
unreadable = sum(1 for r in arrivals.records if r.get("error") or not r.get("header"))
by_event = {}
for record in arrivals.records:
    key = f'{record["path"].split("/")[1]} {record.get("event")}'
    by_event[key] = by_event.get(key, 0) + 1


def e2e(summary, key):
    v = summary[key]
    if v is None:
        return "n/a"
    return f">= {v:g} (not all arrived)" if summary[key.replace("Ms", "AtLeast")] else f"{v:g}"


rows = [
    ("offered rate (status changes/s)", f"{RATE:g} for {SECONDS:g} s", f"{REF_RATE:g} for {SECONDS:g} s"),
    ("changes written / 200", f'{network["written"]} / {network["answered200"]}',
     f'{reference["written"]} / {reference["answered200"]}'),
    ("achieved rate (/s); started >100 ms late", f'{network["achievedRate"]:g}; {network["lateStartsOver100ms"]}',
     f'{reference["achievedRate"]:g}; {reference["lateStartsOver100ms"]}'),
    ("PUT 200 median / p95 (ms)", f'{network["putMedianMs"]} / {network["putP95Ms"]}',
     f'{reference["putMedianMs"]} / {reference["putP95Ms"]}'),
    ("200 -> told p50 (ms)", e2e(network, "e2eP50Ms"), e2e(reference, "e2eP50Ms")),
    ("200 -> told p95 (ms)", e2e(network, "e2eP95Ms"), e2e(reference, "e2eP95Ms")),
    ("200 -> told p99 (ms)", e2e(network, "e2eP99Ms"), e2e(reference, "e2eP99Ms")),
    ("200 -> told max (ms)", e2e(network, "e2eMaxMs"), e2e(reference, "e2eMaxMs")),
    ("200 -> told min (ms)", f'{network["e2eMinMs"]}', f'{reference["e2eMinMs"]}'),
    ("200 -> first member told p50 / p95 (ms)", f'{network["firstToldP50Ms"]} / {network["firstToldP95Ms"]}', "-"),
    ("changes with every recipient told / measured", f'{network["changesEveryMemberTold"]} / {network["changesMeasured"]}',
     f'{reference["changesEveryMemberTold"]} / {reference["changesMeasured"]}'),
    ("messages missing after drain (wait s) / expected", f'{network["messagesMissing"]} ({drain_wait:.1f} s) / {network["messagesExpected"]}',
     f'{reference["messagesMissing"]} / {reference["messagesExpected"]}'),
    ("unexpected messages (more than changes)", f'{network["messagesUnexpected"]}', f'{reference["messagesUnexpected"]}'),
    ("told the owner / copies to others", f'{network["toldTheOwner"]}', f'{reference["copiesToOthers"]}'),
    ("messages showing a later status (sent after the next change)", f'{network["messagesStale"]}', "-"),
]
print(f'{"measure":<62} {"network: last of 4 told":>28} {"reference: GP told":>26}')
for name, a, b in rows:
    print(f"{name:<62} {a:>28} {b:>26}")
print(f'per member p50 (ms): {", ".join(f"{p} {v}" for p, v in network["perMemberP50Ms"].items())}')
print(f"duplicated MessageHeader ids: {len(duplicate_ids)} ({sum(n - 1 for n in duplicate_ids.values())} extra copies); "
      f"receiver: {len(arrivals.records)} messages, {unreadable} unreadable or without a MessageHeader")
print(f"load average (1/5/15 min) before the server started {' '.join(LOAD_START)}, at the end {' '.join(load_end)} "
      f"({CORES} cores); {WOMEN} networks, {len(ORDER)} tasks, each changed every {len(ORDER) / RATE:.1f} s")
parked = {k: v for k, v in metrics_end.items() if k.startswith("godstart_delivery_parked_total") and v}
print(f'hub at the end: outbox backlog {metrics_end.get("godstart_outbox_backlog")}, deliveries pending '
      f'{metrics_end.get("godstart_delivery_pending")}, delivered {metrics_end.get("godstart_delivery_delivered_total")}, '
      f'retried {metrics_end.get("godstart_delivery_retried_total")}, parked {parked or 0}, routing failed '
      f'{metrics_end.get("godstart_routing_failed_total")}')

json.dump({"benchmark": "network-fanout", "rate": RATE, "seconds": SECONDS, "referenceRate": REF_RATE,
           "women": WOMEN, "tasksPerOwner": TASKS, "tasks": len(ORDER), "warmup": WARMUP,
           "setupDrainSeconds": SETUP_DRAIN, "drainSeconds": DRAIN, "setupSeconds": round(setup_seconds, 1),
           "drainWaitS": round(drain_wait, 1), "network": network, "reference": reference,
           "duplicateMessageIds": len(duplicate_ids), "duplicateDeliveries": sum(n - 1 for n in duplicate_ids.values()),
           "receiverMessages": by_event, "receiverUnreadable": unreadable, "loadAverageStart": LOAD_START,
           "loadAverageEnd": load_end, "cores": CORES, "hubMetricsAtEnd": metrics_end},
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
