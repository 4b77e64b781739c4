// MedCom reliable messaging: the acknowledgement the hub sends for every message it takes,
// and accepts from receivers for the messages it sends (see the page Reliable messaging).

Profile: HubAcknowledgement
Parent: Bundle
Id: hub-acknowledgement
Title: "Hub Acknowledgement"
Description: "An acknowledgement message in MedCom's shape: the header answers one earlier message (response.identifier = its MessageHeader.id) with ok, transient-error or fatal-error, and carries an OperationOutcome that says why whenever it is not ok. What the hub answers at $process-message, and what it accepts from the receivers of its own messages."
* insert ConformanceMetadata
* obeys hub-acknowledgement-header-first and hub-acknowledgement-explained and hub-message-organizations-addressable
* id 1..1 MS
* type = #message
* timestamp 1..1 MS
* entry 1..* MS
* entry.fullUrl 1..1 MS
* entry.resource 1..1 MS

Invariant: hub-acknowledgement-header-first
Description: "The first entry is the acknowledgement's MessageHeader, and it answers a message."
Severity: #error
Expression: "entry.first().resource.is(MessageHeader) and entry.first().resource.response.exists()"

Invariant: hub-acknowledgement-explained
Description: "An acknowledgement that is not ok carries the OperationOutcome its response.details names."
Severity: #error
Expression: "entry.first().resource.response.code = 'ok' or entry.where(resource.is(OperationOutcome) and fullUrl = %resource.entry.first().resource.response.details.reference).exists()"

Profile: HubAcknowledgementHeader
Parent: MessageHeader
Id: hub-acknowledgement-header
Title: "Hub Acknowledgement MessageHeader"
Description: "The header of an acknowledgement: MedCom's acknowledgement-message event, one destination (the sender of the acknowledged message, never a copy), the response naming the acknowledged message and how it went."
* insert ConformanceMetadata
// The header's id is sent (the hub's always), but not required here: the acknowledged message is named by
// response.identifier, and validators do not count an id on an entry whose fullUrl is a urn:uuid.
* id MS
* event[x] only Coding
* eventCoding 1..1 MS
* eventCoding = $medcomEvent#acknowledgement-message
* destination 1..1 MS
* destination.receiver 1..1 MS
* destination.endpoint MS
* destination.extension contains
    DestinationUse named use 0..1 MS and
    MedComMessagingDestinationUseExtension named medcomUse 0..1 MS
* sender 1..1 MS
* sender only Reference(Organization)
* source.endpoint MS
* response 1..1 MS
* response.identifier MS
* response.identifier ^short = "The MessageHeader.id of the acknowledged message"
* response.code MS
* response.details MS
* response.details only Reference(OperationOutcome)
* response.details ^short = "What went wrong (required unless ok); may say what was done when ok"

// ---------------------------------------------------------------- examples
// The entries of an acknowledgement are inline: they exist only inside the message, where their references to the
// hub's organisations are absolute URLs that the message's own entries resolve (as the hub's acknowledgements do).

RuleSet: DitteAcknowledgement(header, provenance, outcome)
* type = #message
* timestamp = "2025-04-07T13:06:12+02:00"
* entry[+].fullUrl = "urn:uuid:{header}"
* entry[+].fullUrl = "urn:uuid:{provenance}"
* entry[+].fullUrl = "urn:uuid:{outcome}"
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/Organization/aalborg-family-department"
* entry[=].resource = aalborg-family-department
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/Organization/familieambulatoriet-nordjylland"
* entry[=].resource = familieambulatoriet-nordjylland

RuleSet: DitteAcknowledgementHeader(code, outcome)
* eventCoding = $medcomEvent#acknowledgement-message "Acknowledgement Message"
* destination.extension[use].valueCoding = $destinationUse#primary "Primary"
* destination.extension[medcomUse].valueCoding = $medcomDestinationUse#primary
* destination.endpoint = "https://hub.godstart.dk/fhir"
* destination.receiver = Reference(https://hub.godstart.dk/fhir/Organization/familieambulatoriet-nordjylland)
* sender = Reference(https://hub.godstart.dk/fhir/Organization/aalborg-family-department)
* source.endpoint = "https://fhir.aalborg.example.dk/godstart/$process-message"
* response.identifier = "0c9f3a52-6f1e-4d3b-9a57-3f1d2f0b8e41"
* response.code = #{code}
* response.details = Reference({outcome})

RuleSet: DitteAcknowledgementProvenance(header)
* target = Reference({header})
* occurredDateTime = "2025-04-07T13:06:12+02:00"
* recorded = "2025-04-07T13:06:12+02:00"
* activity.coding[+] = $provenanceActivity#acknowledgement "Acknowledgement"
* activity.coding[+] = $medcomActivity#acknowledgement
* agent.who = Reference(https://hub.godstart.dk/fhir/Organization/aalborg-family-department)
* entity.role = #revision
* entity.what = Reference(https://hub.godstart.dk/fhir/MessageHeader/0c9f3a52-6f1e-4d3b-9a57-3f1d2f0b8e41)

Instance: ditte-acknowledgement-ok
InstanceOf: HubAcknowledgement
Title: "Aalborg acknowledges the referral-accepted message about Ditte: ok"
Description: "Aalborg's case system took the message and says so; the hub completes the notification."
Usage: #example
* id = "7a1c2e90-3b4d-4f6a-8c1e-2d3f4a5b6c71"
* insert DitteAcknowledgement(7f74b61b-36bf-52c2-83ed-ea5c8ee3847d, 4100150a-8b53-5fc9-bc9f-a190719933f6, 40234ee7-c071-546a-8142-0e1092b4bee5)
* entry[0].resource = ditte-acknowledgement-ok-header
* entry[1].resource = ditte-acknowledgement-ok-provenance
* entry[2].resource = ditte-acknowledgement-ok-outcome

Instance: ditte-acknowledgement-ok-header
InstanceOf: HubAcknowledgementHeader
Usage: #inline
* id = "7f74b61b-36bf-52c2-83ed-ea5c8ee3847d"
* insert DitteAcknowledgementHeader(ok, urn:uuid:40234ee7-c071-546a-8142-0e1092b4bee5)

Instance: ditte-acknowledgement-ok-provenance
InstanceOf: Provenance
Usage: #inline
* id = "4100150a-8b53-5fc9-bc9f-a190719933f6"
* insert DitteAcknowledgementProvenance(urn:uuid:7f74b61b-36bf-52c2-83ed-ea5c8ee3847d)

Instance: ditte-acknowledgement-ok-outcome
InstanceOf: OperationOutcome
Usage: #inline
* id = "40234ee7-c071-546a-8142-0e1092b4bee5"
* issue.severity = #information
* issue.code = #informational
* issue.diagnostics = "Received and filed in Ditte Jensen's case"

Instance: ditte-acknowledgement-transient
InstanceOf: HubAcknowledgement
Title: "Aalborg acknowledges the message about Ditte: transient-error"
Description: "Aalborg's case system is being updated; the hub sends the message again with its delivery backoff."
Usage: #example
* id = "8b2d3fa1-4c5e-4a7b-9d2f-3e4a5b6c7d82"
* insert DitteAcknowledgement(566d8437-1f5c-53dd-a91c-34b2ba15a9c0, 6a1dd33c-58c1-5a9f-904f-c50f00f40399, a39295cd-a945-51f4-aaca-23c284213ea6)
* entry[0].resource = ditte-acknowledgement-transient-header
* entry[1].resource = ditte-acknowledgement-transient-provenance
* entry[2].resource = ditte-acknowledgement-transient-outcome

Instance: ditte-acknowledgement-transient-header
InstanceOf: HubAcknowledgementHeader
Usage: #inline
* id = "566d8437-1f5c-53dd-a91c-34b2ba15a9c0"
* insert DitteAcknowledgementHeader(transient-error, urn:uuid:a39295cd-a945-51f4-aaca-23c284213ea6)

Instance: ditte-acknowledgement-transient-provenance
InstanceOf: Provenance
Usage: #inline
* id = "6a1dd33c-58c1-5a9f-904f-c50f00f40399"
* insert DitteAcknowledgementProvenance(urn:uuid:566d8437-1f5c-53dd-a91c-34b2ba15a9c0)

Instance: ditte-acknowledgement-transient-outcome
InstanceOf: OperationOutcome
Usage: #inline
* id = "a39295cd-a945-51f4-aaca-23c284213ea6"
* issue.severity = #error
* issue.code = #transient
* issue.diagnostics = "The receiver's case system is being updated; try again later"

Instance: ditte-acknowledgement-fatal
InstanceOf: HubAcknowledgement
Title: "Aalborg acknowledges the message about Ditte: fatal-error"
Description: "Aalborg's case system will not take the message; the hub parks the notification rejected-by-receiver with these words."
Usage: #example
* id = "9c3e4ab2-5d6f-4b8c-8e3a-4f5a6b7c8d93"
* insert DitteAcknowledgement(a2e08954-aa23-55a1-ab73-3dfeefca96df, 2dbacd6f-b7fa-5458-9913-cbc6aea2dc22, 441d913a-ac60-5920-bbd8-dcd14450732e)
* entry[0].resource = ditte-acknowledgement-fatal-header
* entry[1].resource = ditte-acknowledgement-fatal-provenance
* entry[2].resource = ditte-acknowledgement-fatal-outcome

Instance: ditte-acknowledgement-fatal-header
InstanceOf: HubAcknowledgementHeader
Usage: #inline
* id = "a2e08954-aa23-55a1-ab73-3dfeefca96df"
* insert DitteAcknowledgementHeader(fatal-error, urn:uuid:441d913a-ac60-5920-bbd8-dcd14450732e)

Instance: ditte-acknowledgement-fatal-provenance
InstanceOf: Provenance
Usage: #inline
* id = "2dbacd6f-b7fa-5458-9913-cbc6aea2dc22"
* insert DitteAcknowledgementProvenance(urn:uuid:a2e08954-aa23-55a1-ab73-3dfeefca96df)

Instance: ditte-acknowledgement-fatal-outcome
InstanceOf: OperationOutcome
Usage: #inline
* id = "441d913a-ac60-5920-bbd8-dcd14450732e"
* issue.severity = #error
* issue.code = #not-found
* issue.diagnostics = "The receiver does not know this recipient"
