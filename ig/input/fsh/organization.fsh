// Who the hub exchanges with, and where their messages go.

Profile: DkMaternityOrganization
Parent: Organization
Id: dk-maternity-organization
Title: "DK Maternity Organization"
Description: "A party in maternity care across sectors: a hospital or one of its departments, a family ambulatory, a general practice, a municipality or one of its units, a residential treatment unit, a registry, a civil-society partner or a region."
* insert ConformanceMetadata
* obeys dk-org-addressable and dk-org-region-code and dk-org-municipality-code
* insert IdentifierSlicedBySystem
* identifier MS
* identifier contains
    sor 0..1 MS and
    gln 0..1 MS and
    municipalityCode 0..1 MS and
    regionCode 0..1 MS
* identifier[sor] ^short = "SOR code (Danish health-organisation register)"
* identifier[sor].system 1..1
* identifier[sor].system = $sor (exactly)
* identifier[sor].value 1..1
* identifier[sor].value obeys dk-sor-format
* identifier[gln] ^short = "GLN (EAN location number), the address in Danish message routing"
* identifier[gln].system 1..1
* identifier[gln].system = $gln (exactly)
* identifier[gln].value 1..1
* identifier[gln].value obeys dk-gln-format
* identifier[municipalityCode] ^short = "Municipality code, for a municipality and its units"
* identifier[municipalityCode].system 1..1
* identifier[municipalityCode].system = $dkMunicipalityCS (exactly)
* identifier[municipalityCode].value 1..1
* identifier[municipalityCode].value obeys dk-municipality-code-format
* identifier[regionCode] ^short = "ISO 3166-2 code of a region (DK-81 .. DK-85)"
* identifier[regionCode].system 1..1
* identifier[regionCode].system = $iso3166-2 (exactly)
* identifier[regionCode].value 1..1
* identifier[regionCode].value obeys dk-region-code-format
* active MS
// Routing and the agreements reason about the kind of organisation, so it must be known.
* type 1..* MS
* type from DkMaternityOrganizationTypes (required)
* name 1..1 MS
* telecom MS
* address MS
// Agreements are signed by legal entities (region, municipality); messages flow between
// their units. partOf lets the hub find the signing party of a unit.
* partOf MS
* partOf only Reference(DkMaternityOrganization)
* endpoint MS
* endpoint only Reference(HubEndpoint)

Invariant: dk-org-addressable
Description: "An organisation that receives messages (has an endpoint) is identified by SOR or GLN, which is how Danish message routing addresses it."
Severity: #error
Expression: "endpoint.exists() implies identifier.where(system = 'urn:oid:1.2.208.176.1.1' or system = 'urn:oid:1.3.88').exists()"

Invariant: dk-org-region-code
Description: "A region carries its ISO 3166-2 region code."
Severity: #error
Expression: "type.coding.where(system = 'http://godstart.dk/fhir/CodeSystem/organization-type' and code = 'region').exists() implies identifier.where(system = 'urn:iso:std:iso:3166:-2').exists()"

Invariant: dk-org-municipality-code
Description: "A municipality carries its municipality code."
Severity: #error
Expression: "type.coding.where(system = 'http://godstart.dk/fhir/CodeSystem/organization-type' and code = 'municipality').exists() implies identifier.where(system = 'http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes').exists()"

Invariant: dk-sor-format
Description: "A SOR code is 1 to 18 digits."
Severity: #error
Expression: "matches('^[0-9]{1,18}$')"

Invariant: dk-gln-format
Description: "A GLN is exactly 13 digits."
Severity: #error
Expression: "matches('^[0-9]{13}$')"

Invariant: dk-municipality-code-format
Description: "A municipality code is exactly four digits, with leading zero (e.g. 0851)."
Severity: #error
Expression: "matches('^[0-9]{4}$')"

Invariant: dk-region-code-format
Description: "A Danish region code is DK-81 (North Jutland), DK-82 (Central Jutland), DK-83 (South Denmark), DK-84 (Capital) or DK-85 (Zealand)."
Severity: #error
Expression: "matches('^DK-8[1-5]$')"

CodeSystem: DkMaternityOrganizationTypeCodes
Id: organization-type
Title: "Organisation types in maternity care"
Description: "Kinds of organisations that take part in maternity care across sectors in Denmark."
* insert GodStartCodeSystem
* #region "Region" "A Danish region, which runs the hospitals and the family ambulatories."
* #hospital "Hospital" "A hospital as a whole."
* #hospital-department "Hospital department" "A hospital department, e.g. an obstetric department or antenatal clinic (fødeafdeling, svangreambulatorium)."
* #family-ambulatory "Family ambulatory" "The region's specialised outpatient unit for pregnant women and partners with substance use or extra social or psychiatric needs (Familieambulatorium)."
* #general-practice "General practice" "A general practitioner's clinic (almen praksis)."
* #gp-organisation "GP organisation" "The regional organisation of general practitioners that signs agreements on their behalf."
* #municipality "Municipality" "A Danish municipality (kommune) as a legal entity and party to agreements."
* #municipal-family-department "Municipal family department" "The municipality's family department, the child-protection authority (familieafdeling)."
* #health-visitors "Health visitors" "The municipality's health visitor service (sundhedspleje)."
* #substance-treatment "Substance treatment" "A municipal substance-use treatment centre (rusmiddelcenter)."
* #residential-treatment-unit "Residential treatment unit" "A unit with 24-hour treatment places for pregnant women with harmful substance use (døgnbehandling)."
* #registry "Registry" "A registry that records offers, admissions and outcomes for follow-up."
* #civil-society-partner "Civil-society partner" "A civil-society organisation that receives referrals of families with consent (e.g. Mødrehjælpen)."
* #shelter "Shelter" "A shelter for homeless people (herberg, forsorgshjem)."
* #crisis-centre "Crisis centre" "A crisis centre (krisecenter), e.g. for women exposed to violence."
* #private-test-provider "Private test provider" "A private provider of tests, e.g. urine samples bought by the municipality."
* #psychiatry "Psychiatry" "A psychiatric hospital department or outpatient service."

ValueSet: DkMaternityOrganizationTypes
Id: organization-type
Title: "Organisation types in maternity care"
Description: "All organisation types of this guide."
* insert AllCodesFrom($organizationType)

// ---------------------------------------------------------------- endpoint

Profile: HubEndpoint
Parent: Endpoint
Id: hub-endpoint
Title: "Hub Endpoint"
Description: "Where the hub delivers messages to an organisation: a FHIR messaging endpoint that accepts message bundles, or a rest-hook that receives notifications."
* insert ConformanceMetadata
* obeys hub-endpoint-https
* status MS
* connectionType MS
* connectionType from HubEndpointConnectionTypes (required)
* name MS
* managingOrganization 1..1 MS
* managingOrganization only Reference(DkMaternityOrganization)
* contact MS
// The payload is told in message events, so a receiver can say which events it accepts.
* payloadType MS
* payloadType from MessageEvents (extensible)
* payloadMimeType MS
* address MS
* extension contains EndpointAcknowledgement named acknowledgement 0..1 MS

Extension: EndpointAcknowledgement
Id: endpoint-acknowledgement
Title: "Endpoint acknowledgement"
Description: "What the receiver at this endpoint answers the hub's messages with: a MedCom acknowledgement message (the default, also when this extension is absent), or only an HTTP status."
* insert ConformanceMetadata
* insert ExtensionContext(Endpoint)
* value[x] 1..1
* value[x] only code
* valueCode from AcknowledgementModes (required)

CodeSystem: AcknowledgementModeCodes
Id: acknowledgement-mode
Title: "Acknowledgement modes"
Description: "How a receiver tells the hub it has a message."
* insert GodStartCodeSystem
* #message "Acknowledgement message" "The receiver answers with a MedCom acknowledgement message, in the HTTP answer or later to the hub's $process-message; the message counts as received on its ok, and is resent when none comes."
* #http "HTTP answer only" "The receiver sends no acknowledgement messages; its 2xx is the receipt."

ValueSet: AcknowledgementModes
Id: acknowledgement-mode
Title: "Acknowledgement modes"
Description: "All acknowledgement modes."
* insert AllCodesFrom($acknowledgementMode)

Invariant: hub-endpoint-https
Description: "Patient data leaves the hub only over TLS: the address is an https URL. Only a loopback address (a receiver on the hub's own machine, e.g. a local adapter or a test peer) may use plain http, since nothing then crosses a network."
Severity: #error
Expression: "address.startsWith('https://') or address.matches('^http://(localhost|127[.]0[.]0[.]1)(:[0-9]+)?(/.*)?$')"

ValueSet: HubEndpointConnectionTypes
Id: hub-endpoint-connection-type
Title: "Hub endpoint connection types"
Description: "The two ways the hub delivers: a FHIR message bundle posted to the receiver ($process-message style), or a rest-hook notification."
* insert GodStartValueSet
* $endpointConnectionType#hl7-fhir-msg "HL7 FHIR Messaging"
* $subscriptionChannelType#rest-hook "Rest Hook"

// ---------------------------------------------------------------- examples

Instance: region-nordjylland
InstanceOf: DkMaternityOrganization
Title: "Region Nordjylland"
Usage: #example
* identifier[regionCode].value = "DK-81"
* active = true
* type = $organizationType#region "Region"
* name = "Region Nordjylland"

Instance: region-midtjylland
InstanceOf: DkMaternityOrganization
Title: "Region Midtjylland"
Usage: #example
* identifier[regionCode].value = "DK-82"
* active = true
* type = $organizationType#region "Region"
* name = "Region Midtjylland"

Instance: region-syddanmark
InstanceOf: DkMaternityOrganization
Title: "Region Syddanmark"
Usage: #example
* identifier[regionCode].value = "DK-83"
* active = true
* type = $organizationType#region "Region"
* name = "Region Syddanmark"

Instance: aalborg-university-hospital
InstanceOf: DkMaternityOrganization
Title: "Aalborg Universitetshospital"
Description: "Region Nordjylland's university hospital; its obstetric department is the birth site of the examples, and the family ambulatory is an outpatient unit there."
Usage: #example
* identifier[sor].value = "524581000016004"
* active = true
* type = $organizationType#hospital "Hospital"
* name = "Aalborg Universitetshospital"
* address.city = "Aalborg"
* address.postalCode = "9000"
* partOf = Reference(Organization/region-nordjylland)

// The birth site: Ditte gives birth here, and its ADT feed reports her delivery stay.
Instance: aalborg-obstetric-department
InstanceOf: DkMaternityOrganization
Title: "Fødeafdelingen, Aalborg Universitetshospital"
Description: "The obstetric department (fødeafdeling) of Aalborg University Hospital: antenatal care, births and the postnatal stay. Ditte gives birth here; its ADT feed reports her delivery stay."
Usage: #example
* insert SorAndGln(524601000016007, 5790001000080)
* active = true
* type = $organizationType#hospital-department "Hospital department"
* name = "Fødeafdelingen, Aalborg Universitetshospital"
* address.city = "Aalborg"
* address.postalCode = "9000"
* partOf = Reference(Organization/aalborg-university-hospital)

// The family ambulatory is an outpatient unit at the obstetric department, not a birth site.
// Its partOf stays the region, the party it acts under in the agreements: putting it below the
// obstetric department would let that department's token cover the ambulatory's patients
// (a token covers the units below its organisation).
Instance: familieambulatoriet-nordjylland
InstanceOf: DkMaternityOrganization
Title: "Familieambulatoriet, Aalborg Universitetshospital"
Description: "North Jutland's family ambulatory, an outpatient unit at the obstetric department of Aalborg University Hospital (not itself a birth site); it receives Ditte's referral."
Usage: #example
* insert SorAndGln(524611000016009, 5790001000011)
* active = true
* type = $organizationType#family-ambulatory "Family ambulatory"
* name = "Familieambulatoriet, Aalborg Universitetshospital"
* address.city = "Aalborg"
* address.postalCode = "9000"
* partOf = Reference(Organization/region-nordjylland)

Instance: familieambulatoriet-midtjylland
InstanceOf: DkMaternityOrganization
Title: "Familieambulatoriet, Aarhus Universitetshospital"
Description: "Central Jutland's family ambulatory, which follows Eva."
Usage: #example
* insert SorAndGln(527541000016002, 5790001000028)
* active = true
* type = $organizationType#family-ambulatory "Family ambulatory"
* name = "Familieambulatoriet, Aarhus Universitetshospital"
* address.city = "Aarhus N"
* address.postalCode = "8200"
* partOf = Reference(Organization/region-midtjylland)

Instance: aalborg-family-department
InstanceOf: DkMaternityOrganization
Title: "Aalborg Kommune, Familieafdelingen"
Description: "Aalborg municipality's family department; receives notifications about Ditte by FHIR messaging."
Usage: #example
* insert SorAndGln(531221000016004, 5790001000035)
* identifier[municipalityCode].value = "0851"
* active = true
* type = $organizationType#municipal-family-department "Municipal family department"
* name = "Aalborg Kommune, Familieafdelingen"
* partOf = Reference(Organization/aalborg-municipality)
* endpoint = Reference(Endpoint/aalborg-family-department-messaging)

Instance: aarhus-substance-treatment
InstanceOf: DkMaternityOrganization
Title: "Aarhus Kommune, Rusmiddelcentret"
Description: "Aarhus municipality's substance treatment centre, where Eva has been in methadone treatment for years; it tells the family ambulatory of her pregnancy and starts her network."
Usage: #example
* insert SorAndGln(533871000016008, 5790001000059)
* identifier[municipalityCode].value = "0751"
* active = true
* type = $organizationType#substance-treatment "Substance treatment"
* name = "Aarhus Kommune, Rusmiddelcentret"
* partOf = Reference(Organization/aarhus-municipality)

// Janni's local substance treatment: her opioid substitution treatment is here, and it is her
// treatment provider who talks with her about residential treatment.
Instance: hjoerring-substance-treatment
InstanceOf: DkMaternityOrganization
Title: "Hjørring Kommune, Rusmiddelcentret"
Description: "Hjørring municipality's substance treatment centre, where Janni is in opioid substitution treatment; her provider there offers her residential treatment, which she declines."
Usage: #example
* insert SorAndGln(533901000016003, 5790001000097)
* identifier[municipalityCode].value = "0860"
* active = true
* type = $organizationType#substance-treatment "Substance treatment"
* name = "Hjørring Kommune, Rusmiddelcentret"
* partOf = Reference(Organization/hjoerring-municipality)

Instance: hjoerring-family-department
InstanceOf: DkMaternityOrganization
Title: "Hjørring Kommune, Familieafdelingen"
Description: "Hjørring municipality's family department, the child-protection authority for Janni's child; a member of her network, it plans the voluntary placement of the child at birth."
Usage: #example
* insert SorAndGln(533931000016005, 5790001000127)
* identifier[municipalityCode].value = "0860"
* active = true
* type = $organizationType#municipal-family-department "Municipal family department"
* name = "Hjørring Kommune, Familieafdelingen"
* address.city = "Hjørring"
* address.postalCode = "9800"
* partOf = Reference(Organization/hjoerring-municipality)

// Ditte's local substance treatment, where she starts under pressure from the family department.
Instance: aalborg-substance-treatment
InstanceOf: DkMaternityOrganization
Title: "Aalborg Kommune, Rusmiddelcentret"
Description: "Aalborg municipality's substance treatment centre, where Ditte starts treatment under pressure from the family department; it takes her urine samples and talks with her weekly."
Usage: #example
* insert SorAndGln(533941000016003, 5790001000134)
* identifier[municipalityCode].value = "0851"
* active = true
* type = $organizationType#substance-treatment "Substance treatment"
* name = "Aalborg Kommune, Rusmiddelcentret"
* address.city = "Aalborg"
* address.postalCode = "9000"
* partOf = Reference(Organization/aalborg-municipality)

// The shelter and the crisis centre are self-governing institutions with an operating agreement
// with the municipality (illustrative: the case names neither). Not being units of a party, they
// sign the North Jutland agreement themselves to share in Janni's network.
Instance: hjoerring-shelter
InstanceOf: DkMaternityOrganization
Title: "Herberget i Hjørring"
Description: "The shelter (herberg) where Janni and her boyfriend live. It discovers her pregnancy in the third trimester, contacts the family ambulatory, her GP, her substance treatment and the family department, and coordinates her network. Illustrative: the case names no shelter."
Usage: #example
* insert SorAndGln(533911000016004, 5790001000103)
* active = true
* type = $organizationType#shelter "Shelter"
* name = "Herberget i Hjørring"
* address.line = "Banegårdsgade 5"
* address.city = "Hjørring"
* address.postalCode = "9800"

Instance: hjoerring-crisis-centre
InstanceOf: DkMaternityOrganization
Title: "Krisecentret i Vendsyssel"
Description: "The crisis centre near Hjørring where Janni stays for the rest of her pregnancy and about six weeks after the birth, instead of residential treatment: it gives her daily care, hands out the medicine her substance treatment prescribes and takes supervised urine samples. Illustrative: the case names no crisis centre."
Usage: #example
* insert SorAndGln(533921000016008, 5790001000110)
* active = true
* type = $organizationType#crisis-centre "Crisis centre"
* name = "Krisecentret i Vendsyssel"
* address.city = "Hjørring"
* address.postalCode = "9800"

Instance: laegehuset-hjoerring
InstanceOf: DkMaternityOrganization
Title: "Lægehuset i Hjørring"
Description: "Janni's general practice, a member of her network. Illustrative: the case says only 'her own doctor'."
Usage: #example
* insert SorAndGln(498371000016003, 5790001000141)
* active = true
* type = $organizationType#general-practice "General practice"
* name = "Lægehuset i Hjørring"
* address.city = "Hjørring"
* address.postalCode = "9800"
* partOf = Reference(Organization/plo-nordjylland)

Instance: laegerne-boulevarden-aalborg
InstanceOf: DkMaternityOrganization
Title: "Lægerne på Boulevarden, Aalborg"
Description: "Ditte's general practice."
Usage: #example
* insert SorAndGln(498361000016003, 5790001000042)
* active = true
* type = $organizationType#general-practice "General practice"
* name = "Lægerne på Boulevarden"
* address.city = "Aalborg"
* address.postalCode = "9000"
// The practice acts under the agreements PLO-Nordjylland signs for the region's GPs.
* partOf = Reference(Organization/plo-nordjylland)

Instance: plo-nordjylland
InstanceOf: DkMaternityOrganization
Title: "PLO-Nordjylland"
Description: "The general practitioners' organisation in North Jutland, party to the agreement on vulnerable pregnant women."
Usage: #example
* active = true
* type = $organizationType#gp-organisation "GP organisation"
* name = "PLO-Nordjylland"

Instance: residential-unit-odense
InstanceOf: DkMaternityOrganization
Title: "Døgnafsnit for gravide med rusmiddelproblemer, Odense"
Description: "A residential treatment unit run by Region Syddanmark; the place Janni's substance treatment offers her is here (the unit is illustrative: the case does not name one)."
Usage: #example
* insert SorAndGln(541231000016001, 5790001000066)
* active = true
* type = $organizationType#residential-treatment-unit "Residential treatment unit"
* name = "Døgnafsnit for gravide med rusmiddelproblemer, Odense"
* address.city = "Odense"
* address.postalCode = "5000"
* partOf = Reference(Organization/region-syddanmark)

Instance: residential-treatment-registry
InstanceOf: DkMaternityOrganization
Title: "Registry of residential treatment for pregnant women"
Description: "Receives offers, refusals, admissions and discharges so that uptake and outcomes can be followed."
Usage: #example
* insert SorAndGln(549991000016005, 5790001000073)
* active = true
* type = $organizationType#registry "Registry"
* name = "Registret for døgnbehandling af gravide"
* endpoint = Reference(Endpoint/residential-treatment-registry-rest-hook)

Instance: aalborg-family-department-messaging
InstanceOf: HubEndpoint
Title: "Aalborg family department, FHIR messaging"
Usage: #example
* status = #active
* connectionType = $endpointConnectionType#hl7-fhir-msg "HL7 FHIR Messaging"
* name = "Aalborg Kommune, Familieafdelingen - FHIR messaging"
* extension[acknowledgement].valueCode = #message
* managingOrganization = Reference(Organization/aalborg-family-department)
* payloadType[+] = $messageEvent#referral-accepted "Referral accepted"
* payloadType[+] = $messageEvent#care-level-changed "Care level changed"
* payloadType[+] = $messageEvent#discharge "Discharged after birth"
* payloadType[+] = $messageEvent#care-team-changed "Care team changed"
* payloadType[+] = $messageEvent#care-plan-changed "Care plan changed"
* payloadType[+] = $messageEvent#care-task-changed "Care task changed"
* payloadType[+] = $messageEvent#network-meeting-changed "Network meeting changed"
* payloadMimeType = #application/fhir+json
* address = "https://fhir.aalborg.example.dk/godstart/$process-message"

Instance: residential-treatment-registry-rest-hook
InstanceOf: HubEndpoint
Title: "Residential treatment registry, rest-hook"
Usage: #example
* status = #active
* connectionType = $subscriptionChannelType#rest-hook "Rest Hook"
* name = "Registry of residential treatment - notifications"
* managingOrganization = Reference(Organization/residential-treatment-registry)
* payloadType[+] = $messageEvent#residential-offer "Residential place offered"
* payloadType[+] = $messageEvent#residential-declined "Residential place declined"
* payloadType[+] = $messageEvent#residential-admission "Admitted to residential treatment"
* payloadType[+] = $messageEvent#residential-discharge "Discharged from residential treatment"
* payloadMimeType = #application/fhir+json
* address = "https://registry.example.dk/fhir/notifications"
