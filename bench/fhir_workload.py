"""The plain FHIR server workload of bench/fhir-basics.sh, run the same way against the hub and against the plain HAPI
reference: keep-alive connections on 127.0.0.1, JSON, the same resources in the same order.

  python3 bench/fhir_workload.py PORT TOKEN POSTS SEARCHES OUT.json

TOKEN is the bearer token of every request, or "-" for none (plain HAPI has no security). Rows:
  - sequential POST Patient: rate, median, p95;
  - POST Patient from 4 and from 16 clients at once (each its own connection): rate, median, p95;
  - one transaction of 1000 Patients: wall time;
  - GET Patient?family=<name> with 2000 or more stored: median, p95.
Every answer's status is checked; the counts of wrong answers are in the JSON and printed.
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

FAMILIES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
            "Jørgensen"]


class Client:
    def __init__(self, port, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.headers = {"Accept": "application/fhir+json"}
        if token:
            self.headers["Authorization"] = "Bearer " + token

    def call(self, method, path, body=None):
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/fhir+json"
        started = time.perf_counter()
        self.conn.request(method, path, body=None if body is None else json.dumps(body).encode(), headers=headers)
        response = self.conn.getresponse()
        raw = response.read()
        return response.status, raw, (time.perf_counter() - started) * 1000


def cpr():
    return "%02d%02d%02d%04d" % (random.randint(1, 28), random.randint(1, 12), random.randint(80, 99),
                                 random.randrange(0, 10000, 2))


def patient(family):
    return {"resourceType": "Patient", "identifier": [{"system": "urn:oid:1.2.208.176.1.2", "value": cpr()}],
            "name": [{"family": family, "given": ["Bench"]}], "gender": "female", "birthDate": "1995-05-05"}


def pick(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p))], 1) if values else None


def posts(port, token, clients, total):
    """total POST Patient from `clients` connections at once; returns rate, median, p95, errors."""
    latencies, errors, lock = [], [0], threading.Lock()

    def run(n):
        client = Client(port, token)
        mine, wrong = [], 0
        for k in range(n):
            status, _, ms = client.call("POST", "/fhir/Patient", patient(FAMILIES[k % len(FAMILIES)]))
            mine.append(ms)
            wrong += status != 201
        with lock:
            latencies.extend(mine)
            errors[0] += wrong

    threads = [threading.Thread(target=run, args=(total // clients,)) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    done = len(latencies)
    return {"clients": clients, "requests": done, "errors": errors[0], "perSecond": round(done / seconds, 1),
            "medianMs": pick(latencies, 0.5), "p95Ms": pick(latencies, 0.95)}


def main():
    port, token, post_count, search_count, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    token = None if token == "-" else token
    client = Client(port, token)
    for _ in range(20):  # warm-up
        client.call("POST", "/fhir/Patient", patient("Warmup"))

    sequential = posts(port, token, 1, post_count)
    concurrent = [posts(port, token, clients, post_count) for clients in (4, 16)]

    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"resource": patient(FAMILIES[n % len(FAMILIES)]), "request": {"method": "POST", "url": "Patient"}}
        for n in range(1000)]}
    status, raw, ms = client.call("POST", "/fhir", bundle)
    transaction = {"patients": 1000, "status": status, "seconds": round(ms / 1000, 2)}

    stored = 20 + post_count * 3 + (1000 if status == 200 else 0)
    if stored < 2000:  # the search row is measured with at least 2000 patients stored
        top_up = {"resourceType": "Bundle", "type": "transaction", "entry": [
            {"resource": patient(FAMILIES[n % len(FAMILIES)]), "request": {"method": "POST", "url": "Patient"}}
            for n in range(2000 - stored)]}
        status_top_up, raw, _ = client.call("POST", "/fhir", top_up)
        assert status_top_up == 200, raw[:500]
        stored = 2000
    latencies, errors, empty = [], 0, 0
    for n in range(search_count):
        family = urllib.parse.quote(FAMILIES[n % len(FAMILIES)])
        status, raw, ms = client.call("GET", f"/fhir/Patient?family={family}&_count=20")
        latencies.append(ms)
        errors += status != 200
        empty += status == 200 and not json.loads(raw).get("entry")
    search = {"stored": stored, "requests": search_count, "errors": errors, "emptyPages": empty,
              "medianMs": pick(latencies, 0.5), "p95Ms": pick(latencies, 0.95)}
    result = {"post": sequential, "concurrent": concurrent, "transaction": transaction, "search": search}
    json.dump(result, open(out, "w"), indent=1)
    wrong = sequential["errors"] + sum(c["errors"] for c in concurrent) + errors + (transaction["status"] != 200)
    print(f"port {port}: {wrong} wrong answers; sequential POST {sequential['perSecond']}/s, "
          f"transaction {transaction['seconds']} s, search median {search['medianMs']} ms", file=sys.stderr)


if __name__ == "__main__":
    main()
