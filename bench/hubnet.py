"""The bench scripts' client side of the hub: tokens from its demo issuer, one keep-alive FHIR connection per client,
and the North Jutland network the integration tests' MaternityNetwork builds (region, family ambulatory, GP, Aalborg
and its family department, endpoints at a bench receiver, the agreement), built through the REST API.

    import hubnet
    hubnet.configure(hub_port, receiver_port)   # fetches the demo-admin and demo-gp tokens
    from hubnet import *
    net = north_jutland(patients=5)

Standard library only.
"""
import base64, datetime, http.client, json, random, sys, time, types, uuid

HUB_PORT = RECEIVER_PORT = None
ADMIN_TOKEN = GP_TOKEN = None
hub = gp = None

CANONICAL = "http://godstart.dk/fhir"
PROFILE = CANONICAL + "/StructureDefinition/"
ORGANIZATION_TYPE = CANONICAL + "/CodeSystem/organization-type"
MESSAGE_EVENT = CANONICAL + "/CodeSystem/message-event"
TERM_ROLE = CANONICAL + "/CodeSystem/agreement-term-role"
SOR, GLN = "urn:oid:1.2.208.176.1.1", "https://www.gs1.org/gln"
MUNICIPALITY = "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes"
REGION = "urn:iso:std:iso:3166:-2"
EVENTS = ["referral-created", "referral-accepted", "referral-rejected", "referral-completed", "referral-cancelled",
          "care-level-changed"]
EXAMPLES = "ig/fsh-generated/resources/"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def demo_token(client):
    """A token from the hub's own issuer for one of its demo clients (secret = "<id>-secret")."""
    conn = http.client.HTTPConnection("127.0.0.1", HUB_PORT, timeout=60)
    basic = base64.b64encode(f"{client}:{client}-secret".encode()).decode()
    conn.request("POST", "/oauth2/token", body=b"grant_type=client_credentials",
                 headers={"Authorization": "Basic " + basic, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    raw = response.read()
    if response.status != 200:
        log(f"no token for {client}: {response.status} {raw[:300]}")
        sys.exit(1)
    return json.loads(raw)["access_token"]


GP_SOR = "498361000016003"


class Hub:
    """One keep-alive connection to the hub's FHIR endpoint, with one client's token."""

    def __init__(self, token=None):
        self.token = token or GP_TOKEN
        self.conn = http.client.HTTPConnection("127.0.0.1", HUB_PORT, timeout=60)

    def call(self, method, path, body=None, retry=True, accept="application/fhir+json"):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept": accept, "Authorization": "Bearer " + self.token}
        if data is not None:
            headers["Content-Type"] = "application/fhir+json"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", HUB_PORT, timeout=60)
                if attempt == 2 or not retry:
                    raise

    def write(self, method, path, resource):
        status, raw = self.call(method, "/fhir/" + path, resource)
        if status not in (200, 201):
            log(f"{method} /fhir/{path} answered {status}: {raw.decode(errors='replace')[:3000]}")
            sys.exit(1)
        return json.loads(raw)




def ref(resource):
    return {"reference": f'{resource["resourceType"]}/{resource["id"]}'}


def coding(system, code, display=None):
    c = {"system": system, "code": code}
    if display:
        c["display"] = display
    return {"coding": [c]}


def organization(name, kind, identifiers=(), part_of=None, addressable=False, sor=None):
    ids = list(identifiers)
    if addressable:  # SOR and GLN: a unit that receives messages is addressed by them
        ids += [{"system": SOR, "value": sor or str(random.randrange(100_000_000_000, 999_999_999_999))},
                {"system": GLN, "value": str(random.randrange(1_000_000_000_000, 9_999_999_999_999))}]
    org = {"resourceType": "Organization", "meta": {"profile": [PROFILE + "dk-maternity-organization"]},
           "active": True, "name": name, "type": [coding(ORGANIZATION_TYPE, kind)]}
    if ids:
        org["identifier"] = ids
    if part_of:
        org["partOf"] = ref(part_of)
    return hub.write("POST", "Organization", org)


def with_endpoint(org, path):
    endpoint = hub.write("POST", "Endpoint", {
        "resourceType": "Endpoint", "meta": {"profile": [PROFILE + "hub-endpoint"]}, "status": "active",
        "connectionType": {"system": "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
                           "code": "hl7-fhir-msg"},
        "name": org["name"] + " - FHIR messaging", "managingOrganization": ref(org),
        "payloadType": [coding(MESSAGE_EVENT, e) for e in EVENTS], "payloadMimeType": ["application/fhir+json"],
        "address": f"http://127.0.0.1:{RECEIVER_PORT}/{path}/$process-message"})
    org = dict(org)
    org["endpoint"] = org.get("endpoint", []) + [ref(endpoint)]
    return hub.write("PUT", f'Organization/{org["id"]}', org)


def retire_active_family_departments(code):
    status, raw = hub.call("GET", f"/fhir/Organization?identifier={MUNICIPALITY}|{code}&active=true&_count=200")
    for entry in (json.loads(raw).get("entry") or []) if status == 200 else []:
        unit = entry["resource"]
        unit["active"] = False
        hub.write("PUT", f'Organization/{unit["id"]}', unit)


def term(event, sender, recipients, basis):
    return {"type": coding(MESSAGE_EVENT, event),
            "extension": [{"url": PROFILE + "legal-basis", "valueCode": basis}],
            "offer": {"party": [
        {"reference": [ref(sender)], "role": coding(TERM_ROLE, "sender", "Sender")},
        {"reference": [ref(r) for r in recipients], "role": coding(TERM_ROLE, "recipient", "Recipient")}]}}


def woman_cpr():  # DDMMYY + four digits, the last even
    return "%02d%02d%02d%03d%d" % (random.randint(1, 28), random.randint(1, 12), random.randint(80, 99),
                                   random.randint(0, 999), random.randint(0, 4) * 2)




def configure(hub_port, receiver_port):
    """Where the hub and the receiver listen; the operators' and the GP's clients. The operators keep the directory;
    the GP (demo-gp, whose SOR code the bench's practice carries) registers the women and refers them."""
    global HUB_PORT, RECEIVER_PORT, ADMIN_TOKEN, GP_TOKEN, hub, gp
    HUB_PORT, RECEIVER_PORT = int(hub_port), int(receiver_port)
    ADMIN_TOKEN = demo_token("demo-admin")
    GP_TOKEN = demo_token("demo-gp")
    hub = Hub(ADMIN_TOKEN)
    gp = Hub(GP_TOKEN)


def north_jutland(patients, ceiling=False):
    """The network and an agreement covering the referral workflow; `patients` women registered by the GP; the
    guide's referral as a template; each woman consents to her family department being told. With `ceiling`, a second family ambulatory
    with its own endpoint."""
    retire_active_family_departments("0851")
    region = organization("Region Nordjylland", "region", [{"system": REGION, "value": "DK-81"}])
    family_ambulatory = organization("Familieambulatoriet, Aalborg", "family-ambulatory", part_of=region, addressable=True)
    ceiling_ambulatory = organization("Familieambulatoriet, Hjørring (ceiling run)", "family-ambulatory", part_of=region,
                                      addressable=True) if ceiling else None
    gp_organisation = organization("PLO-Nordjylland", "gp-organisation")
    gp_practice = organization("Lægerne på Boulevarden", "general-practice", part_of=gp_organisation, addressable=True,
                               sor=GP_SOR)
    aalborg = organization("Aalborg Kommune", "municipality", [{"system": MUNICIPALITY, "value": "0851"}])
    family_department = organization("Aalborg Kommune, Familieafdelingen", "municipal-family-department",
                                     [{"system": MUNICIPALITY, "value": "0851"}], part_of=aalborg, addressable=True)
    family_ambulatory = with_endpoint(family_ambulatory, "family-ambulatory")
    ceiling_ambulatory = with_endpoint(ceiling_ambulatory, "family-ambulatory-ceiling") if ceiling else None
    gp_practice = with_endpoint(gp_practice, "gp")
    family_department = with_endpoint(family_department, "aalborg")
    yesterday = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).isoformat(timespec="seconds")
    hub.write("POST", "Contract", {
        "resourceType": "Contract", "meta": {"profile": [PROFILE + "cross-sector-agreement"]},
        "extension": [{"url": PROFILE + "agreement-party", "valueReference": ref(p)}
                      for p in (region, aalborg, gp_organisation)]
                     + [{"url": PROFILE + "agreement-target-group",
                         "valueCodeableConcept": coding(CANONICAL + "/CodeSystem/agreement-target-group",
                                                        "vulnerable-pregnant-women")}],
        "identifier": [{"system": "http://godstart.dk/fhir/agreements", "value": f"bench-{uuid.uuid4()}"}],
        "status": "executed", "applies": {"start": yesterday},
        "title": "Samarbejdsaftale om sårbare gravide, Nordjylland (bench)",
        "topicCodeableConcept": coding(CANONICAL + "/CodeSystem/agreement-topic", "vulnerable-pregnant-women"),
        "term": [term("referral-created", gp_organisation, [region], "treatment"),
                 term("referral-created", gp_organisation, [aalborg], "consent")]
                + [term(e, region, [gp_organisation], "treatment")
                   for e in ("referral-accepted", "referral-rejected", "referral-completed")]
                + [term(e, region, [aalborg], "consent")
                   for e in ("referral-accepted", "referral-rejected", "referral-completed")]
                + [term("care-level-changed", region, [aalborg], "consent")]})
    women = []
    for _ in range(patients):
        patient = json.load(open(EXAMPLES + "Patient-ditte.json", encoding="utf-8"))
        patient.pop("id", None)
        patient["identifier"][0]["value"] = woman_cpr()
        patient["generalPractitioner"] = [ref(gp_practice)]
        woman = gp.write("POST", "Patient", patient)
        women.append(woman)
        # her consent, recorded by the GP, to her family department being told: the legal basis of its copies
        gp.write("POST", "Consent", {
            "resourceType": "Consent", "meta": {"profile": [PROFILE + "dk-maternity-consent"]}, "status": "active",
            "scope": coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            "category": [coding("http://loinc.org", "59284-0")], "patient": ref(woman),
            "dateTime": yesterday, "performer": [ref(woman)], "organization": [ref(gp_practice)],
            "policyRule": coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
            "provision": {"type": "permit",
                          "actor": [{"role": coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"),
                                     "reference": ref(family_department)}],
                          "action": [coding("http://terminology.hl7.org/CodeSystem/consentaction", "disclose")],
                          "purpose": [{"system": CANONICAL + "/CodeSystem/disclosure-purpose", "code": "family-support"}]}})
    TEMPLATE = json.load(open(EXAMPLES + "ServiceRequest-ditte-referral.json", encoding="utf-8"))
    TEMPLATE.pop("id", None)
    TEMPLATE.pop("supportingInfo", None)
    # the example points to Ditte's consents in the guide; each bench woman has her own (above)
    TEMPLATE["extension"] = [e for e in TEMPLATE["extension"] if e["url"] != PROFILE + "consent"]
    TEMPLATE["requester"] = ref(gp_practice)
    return types.SimpleNamespace(**{name: value for name, value in locals().items() if not name.startswith("_")})
