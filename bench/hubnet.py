"""The bench scripts' client side of the hub: tokens from its demo issuer, one keep-alive FHIR connection per client,
and the North Jutland network the integration tests' MaternityNetwork builds (region, family ambulatory, GP, Aalborg
and its family department, endpoints at a bench receiver, the agreement), built through the REST API.

    import hubnet
    hubnet.configure(hub_port, receiver_port)   # fetches the demo-admin and demo-gp tokens
    from hubnet import *
    net = north_jutland(patients=5)

    net = womans_network_directory()            # the woman's network (issue 19): its members and agreements
    woman = register_woman(gp, net.gp_practice) # then network_consent, care_team, care_plan, network_task, ...

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
SOR, GLN = "urn:oid:1.2.208.176.1.1", "urn:oid:1.3.88"
MUNICIPALITY = "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes"
REGION = "urn:iso:std:iso:3166:-2"
EVENTS = ["referral-created", "referral-accepted", "referral-rejected", "referral-completed", "referral-cancelled",
          "care-level-changed"]
EXAMPLES = "ig/fsh-generated/resources/"
NETWORK_EVENTS = ["care-team-changed", "care-plan-changed", "care-task-changed", "network-meeting-changed"]
NETWORK_ROLE = CANONICAL + "/CodeSystem/network-role"
NETWORK_ACTIVITY = CANONICAL + "/CodeSystem/network-activity"


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
FAMILY_AMBULATORY_SOR = "524611000016009"  # demo-family-ambulatory's organisation
SUBSTANCE_TREATMENT_SOR = "533871000016008"  # demo-substance-treatment's organisation


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


def with_endpoint(org, path, events=EVENTS):
    endpoint = hub.write("POST", "Endpoint", {
        "resourceType": "Endpoint", "meta": {"profile": [PROFILE + "hub-endpoint"]}, "status": "active",
        "connectionType": {"system": "http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
                           "code": "hl7-fhir-msg"},
        "name": org["name"] + " - FHIR messaging", "managingOrganization": ref(org),
        "payloadType": [coding(MESSAGE_EVENT, e) for e in events], "payloadMimeType": ["application/fhir+json"],
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


# --- the woman's network (issue 19), as WomansNetworkIT and MaternityNetwork build it --------------------------------

def ago(seconds):
    return (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=seconds)).isoformat(timespec="seconds")


def agreement(title, parties, terms):
    """A cross-sector agreement on vulnerable pregnant women between `parties`, in force since yesterday."""
    return hub.write("POST", "Contract", {
        "resourceType": "Contract", "meta": {"profile": [PROFILE + "cross-sector-agreement"]},
        "extension": [{"url": PROFILE + "agreement-party", "valueReference": ref(p)} for p in parties]
                     + [{"url": PROFILE + "agreement-target-group",
                         "valueCodeableConcept": coding(CANONICAL + "/CodeSystem/agreement-target-group",
                                                        "vulnerable-pregnant-women")}],
        "identifier": [{"system": "http://godstart.dk/fhir/agreements", "value": f"bench-{uuid.uuid4()}"}],
        "status": "executed", "applies": {"start": ago(86_400)}, "title": title,
        "topicCodeableConcept": coding(CANONICAL + "/CodeSystem/agreement-topic", "vulnerable-pregnant-women"),
        "term": terms})


def womans_network_directory():
    """The members of a woman's network, as the operators (demo-admin) put them in the directory: the region's family
    ambulatory (carrying demo-family-ambulatory's SOR code, so that client writes in its name), the GP's practice
    (demo-gp's), Aalborg's family department (demo-municipality-0851 acts for Aalborg), a substance treatment centre
    (demo-substance-treatment's SOR code) and a shelter, each with its endpoint at the bench receiver (paths
    family-ambulatory, gp, aalborg, substance, shelter; every referral and network event); the North Jutland
    agreement's referral terms (as north_jutland has them) and the network agreement of MaternityNetwork's
    networkAgreement: for each network event every party may tell every other, on her consent and, between
    health-care organisations, for her treatment."""
    retire_active_family_departments("0851")
    events = EVENTS + NETWORK_EVENTS
    region = organization("Region Nordjylland", "region", [{"system": REGION, "value": "DK-81"}])
    family_ambulatory = organization("Familieambulatoriet, Aalborg (bench)", "family-ambulatory", part_of=region,
                                     addressable=True, sor=FAMILY_AMBULATORY_SOR)
    gp_organisation = organization("PLO-Nordjylland", "gp-organisation")
    gp_practice = organization("Lægerne på Boulevarden (bench)", "general-practice", part_of=gp_organisation,
                               addressable=True, sor=GP_SOR)
    aalborg = organization("Aalborg Kommune", "municipality", [{"system": MUNICIPALITY, "value": "0851"}])
    family_department = organization("Aalborg Kommune, Familieafdelingen", "municipal-family-department",
                                     [{"system": MUNICIPALITY, "value": "0851"}], part_of=aalborg, addressable=True)
    substance = organization("Rusmiddelcentret (bench)", "substance-treatment", addressable=True,
                             sor=SUBSTANCE_TREATMENT_SOR)
    shelter = organization("Herberget (bench)", "shelter", addressable=True)
    family_ambulatory = with_endpoint(family_ambulatory, "family-ambulatory", events)
    gp_practice = with_endpoint(gp_practice, "gp", events)
    family_department = with_endpoint(family_department, "aalborg", events)
    substance = with_endpoint(substance, "substance", events)
    shelter = with_endpoint(shelter, "shelter", events)
    referral_agreement = agreement(
        "Samarbejdsaftale om sårbare gravide, Nordjylland (bench)", (region, aalborg, gp_organisation),
        [term("referral-created", gp_organisation, [region], "treatment"),
         term("referral-created", gp_organisation, [aalborg], "consent")]
        + [term(e, region, [gp_organisation], "treatment")
           for e in ("referral-accepted", "referral-rejected", "referral-completed")]
        + [term(e, region, [aalborg], "consent")
           for e in ("referral-accepted", "referral-rejected", "referral-completed")]
        + [term("care-level-changed", region, [aalborg], "consent")])
    parties = (region, gp_organisation, aalborg, substance, shelter)
    network_agreement = agreement(
        "Samarbejdsaftale om netværket omkring gravide (bench)", parties,
        [term(e, sender, parties, basis) for e in NETWORK_EVENTS for sender in parties
         for basis in ("consent", "treatment")])
    return types.SimpleNamespace(**{name: value for name, value in locals().items() if not name.startswith("_")})


def register_woman(writer, gp_practice):
    """A woman like Ditte (living in Aalborg), with a new CPR number and `gp_practice` as her GP; written by `writer`."""
    patient = json.load(open(EXAMPLES + "Patient-ditte.json", encoding="utf-8"))
    patient.pop("id", None)
    patient["identifier"][0]["value"] = woman_cpr()
    patient["generalPractitioner"] = [ref(gp_practice)]
    return writer.write("POST", "Patient", patient)


def network_consent(writer, woman, recorded_by, organisation_types):
    """Her consent, recorded by `recorded_by` (written by `writer`), to the network's members of these organisation
    types being told of and shown her network: the four network events only (MaternityNetwork.networkConsent)."""
    return writer.write("POST", "Consent", {
        "resourceType": "Consent", "meta": {"profile": [PROFILE + "dk-maternity-consent"]},
        "extension": [{"url": PROFILE + "consent-recipient-type",
                       "valueCodeableConcept": coding(ORGANIZATION_TYPE, t)} for t in organisation_types],
        "status": "active",
        "scope": coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        "category": [coding("http://loinc.org", "59284-0")], "patient": ref(woman),
        "dateTime": ago(60), "performer": [ref(woman)], "organization": [ref(recorded_by)],
        "policyRule": coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
        "provision": {"type": "permit",
                      "action": [coding("http://terminology.hl7.org/CodeSystem/consentaction", "disclose")],
                      "code": [coding(MESSAGE_EVENT, e) for e in NETWORK_EVENTS],
                      "purpose": [{"system": CANONICAL + "/CodeSystem/disclosure-purpose", "code": "coordinated-care"}]}})


def care_team(woman, keeper, members):
    """Her network (WomansNetworkIT.team): `members` is [(organisation, network-role code)], each a member since a
    minute ago; the keeper is also the coordinator."""
    participants = []
    for member, role in members:
        roles = [coding(NETWORK_ROLE, role)] + ([coding(NETWORK_ROLE, "coordinator")] if member["id"] == keeper["id"] else [])
        participants.append({"role": roles, "member": ref(member), "period": {"start": ago(60)}})
    return {"resourceType": "CareTeam", "meta": {"profile": [PROFILE + "network-care-team"]}, "status": "active",
            "name": "Network", "subject": ref(woman), "managingOrganization": [ref(keeper)], "participant": participants}


def care_plan(woman, team, author, title):
    return {"resourceType": "CarePlan", "meta": {"profile": [PROFILE + "network-care-plan"]}, "status": "active",
            "intent": "plan", "title": title, "subject": ref(woman), "careTeam": [ref(team)], "author": ref(author)}


def network_task(woman, plan, owner, activity, status, description):
    return {"resourceType": "Task", "meta": {"profile": [PROFILE + "network-task"]}, "status": status, "intent": "plan",
            "code": coding(NETWORK_ACTIVITY, activity), "basedOn": [ref(plan)], "for": ref(woman), "owner": ref(owner),
            "description": description}


def referral(woman, requester, performer):
    """Her GP's referral to the family ambulatory, from the guide's example (a new identifier; no consent named)."""
    r = json.load(open(EXAMPLES + "ServiceRequest-ditte-referral.json", encoding="utf-8"))
    r.pop("id", None)
    r.pop("supportingInfo", None)
    r["extension"] = [e for e in r.get("extension", []) if e["url"] != PROFILE + "consent"]
    r["identifier"][0]["value"] = "H-bench-" + str(uuid.uuid4())
    r["subject"] = ref(woman)
    r["requester"] = ref(requester)
    r["performer"] = [ref(performer)]
    return r


def referral_task(stored_referral, owner, requester, status):
    """The family ambulatory's task for a stored referral (MaternityNetwork.answer), in the given state."""
    return {"resourceType": "Task", "meta": {"profile": [PROFILE + "referral-task"]}, "status": status, "intent": "order",
            "code": coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill"),
            "focus": ref(stored_referral), "for": stored_referral["subject"], "authoredOn": ago(0),
            "requester": ref(requester), "owner": ref(owner)}
