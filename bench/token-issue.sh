#!/usr/bin/env bash
# Token issue time at the hub's own issuer: SMART Backend Services clients (client_credentials with a signed client
# assertion, private_key_jwt, RS384 and ES384 keys registered inline at /admin/clients) beside the reference measured
# in the same run, a demo client with a client secret (HTTP Basic). Each token request is timed from the first byte
# sent to the last byte of the answer, on one keep-alive connection, sequentially; the three kinds take turns, so
# each sees the same server state. The assertions are signed before the timing starts (a client's own cost is not
# the hub's). Every request is audited (IssuerAudit), as in production.
#
#   bench/token-issue.sh [requests]       (default 300 of each kind, after 30 of each to warm up; build first:
#                                          ./mvnw -DskipTests package)
#
# Needs Python's cryptography package (Debian: python3-cryptography). Prints a table, writes
# bench/results/token-issue-<timestamp>.json. Loopback only; stops what it started. About 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

REQUESTS=${1:-300}
[[ "$REQUESTS" =~ ^[0-9]+$ && "$REQUESTS" -ge 10 && "$REQUESTS" -le 20000 ]] || { echo "requests: 10 to 20000" >&2; exit 2; }
python3 -c 'import cryptography' 2>/dev/null || { echo "needs Python's cryptography package (python3-cryptography)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'stop_server; rm -rf "$WORK"' EXIT
start_server "$WORK/data/postgres" "$WORK/server.log"
wait_ready
echo "server ready in ${READY_SECONDS} s, RSS $(rss_mib) MiB" >&2
ADMIN=$(demo_token demo-admin)
mkdir -p bench/results
out="bench/results/token-issue-$(date -u +%Y%m%dT%H%M%SZ).json"

python3 - "$BENCH_PORT" "$ADMIN" "$REQUESTS" "$out" <<'PY'
import base64, http.client, json, statistics, sys, time, urllib.parse, uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

PORT, ADMIN, REQUESTS, OUT = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
WARMUP = 30
BASE = f"http://127.0.0.1:{PORT}"
TOKEN_ENDPOINT = BASE + "/oauth2/token"
SCOPES = "system/Organization.rs system/Endpoint.rs"
conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(number, size):
    return b64(number.to_bytes(size, "big"))


def call(method, path, body, headers):
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    raw = response.read()
    return response.status, raw, (time.perf_counter() - started) * 1000


class Backend:
    """A registered SMART backend: its key, its JWKS at the hub, and assertions it signs ahead of time."""

    def __init__(self, algorithm):
        self.algorithm = algorithm
        self.kid = str(uuid.uuid4())
        self.client = f"bench-{algorithm.lower()}-{uuid.uuid4().hex[:8]}"
        if algorithm == "RS384":
            self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            numbers = self.key.public_key().public_numbers()
            self.jwk = {"kty": "RSA", "kid": self.kid, "use": "sig", "alg": "RS384",
                        "n": uint(numbers.n, 256), "e": uint(numbers.e, 3)}
        else:
            self.key = ec.generate_private_key(ec.SECP384R1())
            numbers = self.key.public_key().public_numbers()
            self.jwk = {"kty": "EC", "kid": self.kid, "use": "sig", "alg": "ES384", "crv": "P-384",
                        "x": uint(numbers.x, 48), "y": uint(numbers.y, 48)}

    def register(self):
        body = json.dumps({"client_id": self.client, "client_name": "bench " + self.algorithm, "scope": SCOPES,
                           "jwks": {"keys": [self.jwk]}}).encode()
        status, raw, _ = call("POST", "/admin/clients", body, {"Authorization": "Bearer " + ADMIN,
                                                               "Content-Type": "application/json"})
        assert status == 201, raw[:500]

    def assertion(self):
        now = int(time.time())
        header = b64(json.dumps({"alg": self.algorithm, "kid": self.kid, "typ": "JWT"}).encode())
        # exp 4 minutes ahead (the hub refuses more than 5), long enough for the whole timed run
        claims = b64(json.dumps({"iss": self.client, "sub": self.client, "aud": TOKEN_ENDPOINT, "iat": now,
                                 "exp": now + 240, "jti": str(uuid.uuid4())}).encode())
        signing_input = f"{header}.{claims}".encode()
        if self.algorithm == "RS384":
            signature = self.key.sign(signing_input, padding.PKCS1v15(), hashes.SHA384())
        else:
            r, s = decode_dss_signature(self.key.sign(signing_input, ec.ECDSA(hashes.SHA384())))
            signature = r.to_bytes(48, "big") + s.to_bytes(48, "big")
        return f"{header}.{claims}.{b64(signature)}"

    def request(self, assertion):
        return (urllib.parse.urlencode({"grant_type": "client_credentials", "scope": SCOPES,
                                        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                        "client_assertion": assertion}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"})


SECRET = ("Basic " + base64.b64encode(b"demo-admin:demo-admin-secret").decode())
secret_request = (urllib.parse.urlencode({"grant_type": "client_credentials"}).encode(),
                  {"Content-Type": "application/x-www-form-urlencoded", "Authorization": SECRET})

backends = [Backend("RS384"), Backend("ES384")]
for backend in backends:
    backend.register()


def run(rounds):
    """Rounds of one token request of each kind; the kinds take turns. Returns {kind: [ms]}."""
    prepared = {b.algorithm: [b.request(b.assertion()) for _ in range(rounds)] for b in backends}
    timings = {"client_secret_basic": [], "private_key_jwt RS384": [], "private_key_jwt ES384": []}
    for i in range(rounds):
        for kind, (body, headers) in (("client_secret_basic", secret_request),
                                      ("private_key_jwt RS384", prepared["RS384"][i]),
                                      ("private_key_jwt ES384", prepared["ES384"][i])):
            status, raw, ms = call("POST", "/oauth2/token", body, headers)
            if status != 200 or b"access_token" not in raw:
                raise SystemExit(f"{kind}: {status} {raw[:300]!r}")
            timings[kind].append(ms)
    return timings


run(WARMUP)
started = time.perf_counter()
timings = run(REQUESTS)
wall = time.perf_counter() - started


def summary(values):
    ordered = sorted(values)
    return {"n": len(values), "medianMs": round(statistics.median(ordered), 2),
            "p95Ms": round(ordered[max(0, int(len(ordered) * 0.95 + 0.999999) - 1)], 2),
            "p99Ms": round(ordered[max(0, int(len(ordered) * 0.99 + 0.999999) - 1)], 2),
            "meanMs": round(statistics.fmean(ordered), 2), "maxMs": round(ordered[-1], 2)}


results = {kind: summary(values) for kind, values in timings.items()}
reference = results["client_secret_basic"]
print(f'{"token request (sequential, one connection)":<44} {"median":>8} {"p95":>8} {"p99":>8} {"mean":>8} {"max":>8}  vs reference median')
for kind, figures in results.items():
    ratio = "reference" if kind == "client_secret_basic" else f'{figures["medianMs"] / reference["medianMs"]:.2f} x'
    print(f'{kind:<44} {figures["medianMs"]:>8} {figures["p95Ms"]:>8} {figures["p99Ms"]:>8} {figures["meanMs"]:>8} '
          f'{figures["maxMs"]:>8}  {ratio}')
print(f"{REQUESTS} of each kind after {WARMUP} of each to warm up; {3 * REQUESTS / wall:.1f} token requests/s in all "
      f"(ms; each answered 200 with an access token, each audited)")
json.dump({"benchmark": "token-issue", "requests": REQUESTS, "warmup": WARMUP, "results": results,
           "reference": "client_secret_basic"}, open(OUT, "w"), indent=1)
print("wrote " + OUT)
PY
