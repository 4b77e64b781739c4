#!/usr/bin/env python3
"""A FHIR messaging receiver for the bench scripts, as a MedCom receiver: answers every hub message with 200 and an
ok acknowledgement message (MedCom reliable messaging; with ACK=none in the environment, a bare OperationOutcome, as
a receiver that acknowledges later or never would), every other POST with the OperationOutcome, and appends one JSON
line per message to ARRIVALS_FILE:

  {"t": <CLOCK_MONOTONIC seconds when the body was read>, "path": "/family-ambulatory/$process-message",
   "header": <MessageHeader id>, "event": <event code>, "focus": [<MessageHeader.focus references>],
   "serviceRequests": [<ServiceRequest identifier values in the bundle>],
   "tasks": [{"id": <Task id>, "status": <its status>} for each Task in the bundle], "bundle": <Bundle id>}

A subscription notification (a history Bundle whose first entry is the subscription status) is recorded as
  {"t": ..., "path": ..., "subscriptionEvent": <event number>, "about": [<Communication.about references>]}

CLOCK_MONOTONIC is system-wide on Linux, so the times compare with time.monotonic() in another process.

  bench/receiver.py PORT_FILE ARRIVALS_FILE [max_seconds] [port]

Listens on 127.0.0.1 (on `port` when given, else a free one), writes the port number to PORT_FILE, and exits on SIGTERM or after max_seconds
(default 1800), so a receiver left behind by a killed script does not stay. Standard library only.
"""
import json
import os
import signal
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUTCOME = json.dumps({"resourceType": "OperationOutcome", "issue": [
    {"severity": "information", "code": "informational", "diagnostics": "Received"}]}).encode()


ACKNOWLEDGE = os.environ.get("ACK", "ok") != "none"


def acknowledgement(bundle, path):
    """The receiving organisation's ok acknowledgement of a hub message, or None when it is not one."""
    entries = bundle.get("entry") or []
    header = entries[0].get("resource") if entries else None
    if not header or header.get("resourceType") != "MessageHeader" or not header.get("id"):
        return None

    def organisation(reference):
        for entry in entries:
            full_url = entry.get("fullUrl") or ""
            if (entry.get("resource") or {}).get("resourceType") == "Organization" and reference and (
                    full_url == reference or full_url.endswith("/" + reference)):
                return entry
        return None

    sender = organisation((header.get("sender") or {}).get("reference"))
    receiver = organisation(((header.get("destination") or [{}])[0].get("receiver") or {}).get("reference"))
    if not sender or not receiver:
        return None
    outcome_url = "urn:uuid:" + str(uuid.uuid4())
    return json.dumps({"resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "message",
                       "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                       "entry": [
                           {"fullUrl": "urn:uuid:" + str(uuid.uuid4()), "resource": {
                               "resourceType": "MessageHeader",
                               "eventCoding": {"system": "http://medcomfhir.dk/ig/terminology/CodeSystem/"
                                                         "medcom-messaging-eventCodes",
                                               "code": "acknowledgement-message"},
                               "destination": [{"endpoint": (header.get("source") or {}).get("endpoint"),
                                                "receiver": {"reference": sender["fullUrl"]}}],
                               "sender": {"reference": receiver["fullUrl"]},
                               "source": {"endpoint": "http://127.0.0.1" + path},
                               "response": {"identifier": header["id"], "code": "ok",
                                            "details": {"reference": outcome_url}}}},
                           {"fullUrl": outcome_url, "resource": json.loads(OUTCOME)},
                           receiver, sender]}).encode()


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the hub's client may reuse connections
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's delayed ACK (~40 ms)
    # and the benchmark would measure this receiver, not the hub.
    disable_nagle_algorithm = True
    lock = threading.Lock()
    out = None

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        received = time.monotonic()
        record = {"t": received, "path": self.path, "header": None, "event": None, "focus": [],
                  "serviceRequests": [], "tasks": [], "bundle": None}
        answer = OUTCOME
        try:
            bundle = json.loads(body)
            if ACKNOWLEDGE and bundle.get("type") == "message":
                answer = acknowledgement(bundle, self.path) or OUTCOME
            record["bundle"] = bundle.get("id")
            entries = bundle.get("entry") or []
            first = entries[0]["resource"] if entries else {}
            if first.get("resourceType") == "Parameters":
                events = [p for p in first.get("parameter") or [] if p.get("name") == "notification-event"]
                parts = events[0].get("part") or [] if events else []
                record["subscriptionEvent"] = next((p.get("valueString") for p in parts
                                                    if p.get("name") == "event-number"), "handshake")
                record["about"] = [a.get("reference") for entry in entries[1:]
                                   for a in (entry.get("resource") or {}).get("about") or []]
            if first.get("resourceType") == "MessageHeader":
                record["header"] = first.get("id")
                record["event"] = (first.get("eventCoding") or {}).get("code")
                record["focus"] = [f.get("reference") for f in first.get("focus") or []]
            for entry in entries:
                resource = entry.get("resource") or {}
                if resource.get("resourceType") == "ServiceRequest":
                    record["serviceRequests"] += [i.get("value") for i in resource.get("identifier") or []]
                if resource.get("resourceType") == "Task":
                    record["tasks"].append({"id": str(resource.get("id") or "").split("/_history")[0].split("/")[-1],
                                            "status": resource.get("status")})
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
            record["error"] = f"{type(e).__name__}: {e}"
        with Receiver.lock:
            Receiver.out.write(json.dumps(record) + "\n")
            Receiver.out.flush()
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def main():
    port_file, arrivals_file = sys.argv[1], sys.argv[2]
    max_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 1800
    port = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    Receiver.out = open(arrivals_file, "a", encoding="utf-8")
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", port), Receiver)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    limit = threading.Timer(max_seconds, server.shutdown)
    limit.daemon = True
    limit.start()
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        Receiver.out.close()


if __name__ == "__main__":
    main()
