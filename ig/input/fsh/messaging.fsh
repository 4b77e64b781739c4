// Notifications and the messages that carry them, shaped like MedCom's FHIR messaging so
// that a Danish receiver gets the structure it already knows.

Profile: HubNotification
Parent: Communication
Id: hub-notification
Title: "Hub Notification"
Description: "What the hub told an organisation about a woman, when, under which agreement and on which legal basis. Every notification is stored before it is delivered, so it can be searched, audited, re-driven and subscribed to."
* insert ConformanceMetadata
* obeys hub-notification-parked-has-reason and hub-notification-sent-has-agreement and hub-notification-sent-has-legal-basis
* extension contains
    LegalBasis named legalBasis 0..1 MS and
    LegalBasisEvidence named legalBasisEvidence 0..* MS
* identifier MS
// The agreement says who tells whom; the legal basis (extension) is what allows it.
* basedOn MS
* basedOn only Reference(CrossSectorAgreement)
* basedOn ^short = "The cross-sector agreement that allows this notification"
// completed = delivered; preparation = queued; in-progress = being delivered;
// on-hold = parked and waiting for a person; not-done = decided not to send.
* status MS
* statusReason MS
* statusReason from ParkReasons (extensible)
* statusReason ^short = "Why the notification is parked or not sent"
* topic 1..1 MS
* topic from MessageEvents (required)
* topic ^short = "The event notified about"
* subject 1..1 MS
* subject only Reference(DkMaternityPatient)
* about 1..* MS
* about ^short = "The referral, task, episode, encounter or care level the notification is about"
* sent MS
* recipient 1..* MS
* recipient only Reference(DkMaternityOrganization)
* sender 1..1 MS
* sender only Reference(DkMaternityOrganization)
* payload MS
* payload.content[x] MS

Invariant: hub-notification-parked-has-reason
Description: "A parked or unsent notification says why, so a person can resolve it."
Severity: #error
Expression: "(status = 'on-hold' or status = 'not-done') implies statusReason.exists()"

Invariant: hub-notification-sent-has-legal-basis
Description: "A notification that was delivered, or is being delivered, names the legal basis it was sent on."
Severity: #error
Expression: "(status = 'completed' or status = 'in-progress') implies extension('http://godstart.dk/fhir/StructureDefinition/legal-basis').exists()"

Invariant: hub-notification-sent-has-agreement
Description: "A notification that was delivered, or is being delivered, cites the agreement that allowed it."
Severity: #error
Expression: "(status = 'completed' or status = 'in-progress') implies basedOn.exists()"

// ---------------------------------------------------------------- message

Profile: HubMessage
Parent: Bundle
Id: hub-message
Title: "Hub Message"
Description: "A FHIR message as the hub delivers it: the MessageHeader first, a Provenance that says whether this is a new message, a forward, a reply or a retraction, and the resources the receiver needs."
* insert ConformanceMetadata
* obeys hub-message-header-first and hub-message-provenance-on-header and hub-message-organizations-addressable
* id 1..1 MS
* type = #message
* timestamp 1..1 MS
* entry 3..* MS
* entry.fullUrl 1..1 MS
* entry.resource 1..1 MS
* entry ^slicing.discriminator.type = #type
* entry ^slicing.discriminator.path = "resource"
* entry ^slicing.rules = #open
* entry ^slicing.description = "The header, the provenance, then the content"
* entry contains
    messageHeader 1..1 MS and
    provenance 1..* MS
* entry[messageHeader].resource only HubMessageHeader
* entry[provenance].resource only HubProvenance

Invariant: hub-message-header-first
Description: "The MessageHeader is the first entry."
Severity: #error
Expression: "entry.first().resource.is(MessageHeader)"

Invariant: hub-message-provenance-on-header
Description: "At least one Provenance targets the message's MessageHeader."
Severity: #error
Expression: "entry.resource.ofType(Provenance).where(target.where(reference = %resource.entry.first().fullUrl or reference = 'MessageHeader/' + %resource.entry.first().resource.id).exists()).exists()"

Invariant: hub-message-organizations-addressable
Description: "Every organisation in a message carries both SOR and GLN: Danish receivers address and check sender and receiver by them."
Severity: #error
Expression: "entry.resource.ofType(Organization).all(identifier.where(system = 'urn:oid:1.2.208.176.1.1').exists() and identifier.where(system = 'urn:oid:1.3.88').exists())"

Profile: HubMessageHeader
Parent: MessageHeader
Id: hub-message-header
Title: "Hub MessageHeader"
Description: "The header of a hub message. Its id is the message id: it is stable across redeliveries, so a receiver can drop duplicates."
* insert ConformanceMetadata
* obeys hub-message-one-primary-destination
* id 1..1 MS
* event[x] MS
* event[x] only Coding
* eventCoding from MessageEvents (required)
* destination 1..* MS
* destination.extension contains DestinationUse named use 1..1 MS and
    MedComMessagingDestinationUseExtension named medcomUse 0..1 MS
* destination.extension[medcomUse] ^short = "The same, in MedCom's extension (the hub sends both)"
* destination.endpoint MS
* destination.receiver 1..1 MS
* destination.receiver only Reference(DkMaternityOrganization)
* sender 1..1 MS
* sender only Reference(DkMaternityOrganization)
* source MS
* source.endpoint MS
* source.name MS
* focus 1..* MS
* definition MS

Invariant: hub-message-one-primary-destination
Description: "Exactly one destination is the primary receiver; the others are copies (cc)."
Severity: #error
Expression: "destination.where(extension('http://godstart.dk/fhir/StructureDefinition/destination-use').value.code = 'primary').count() = 1"

Extension: DestinationUse
Id: destination-use
Title: "Destination use"
Description: "Whether a destination is the primary receiver of a message, who is expected to act, or receives a copy (cc)."
* insert ConformanceMetadata
* insert ExtensionContext(MessageHeader.destination)
* value[x] 1..1
* value[x] only Coding
* valueCoding from DestinationUses (required)

Profile: HubProvenance
Parent: Provenance
Id: hub-provenance
Title: "Hub Provenance"
Description: "Who produced a message and whether it is new, forwarded, a reply or a retraction of an earlier one. The chain of Provenances is the message's history."
* insert ConformanceMetadata
* obeys hub-provenance-earlier-message
* target MS
* target only Reference(HubMessageHeader)
* occurred[x] 1..1 MS
* occurred[x] only dateTime
* recorded MS
* activity 1..1 MS
* activity from ProvenanceActivities (required)
* activity ^comment = "The hub's own code only: a second coding with MedCom's activity code is refused under this required binding by the validators (see the page Reliable messaging). Acknowledgements, whose Provenance is not bound so, carry MedCom's code."
* agent 1..* MS
* agent.who MS
* agent.who only Reference(DkMaternityOrganization)
* entity MS
* entity ^short = "The earlier message a forward, reply or retraction refers to"
* entity.what MS

Invariant: hub-provenance-earlier-message
Description: "A forward, reply, retraction or acknowledgement names the earlier message it concerns."
Severity: #error
Expression: "activity.coding.where(system = 'http://godstart.dk/fhir/CodeSystem/provenance-activity' and (code = 'forward' or code = 'reply' or code = 'retract' or code = 'acknowledgement')).exists() implies entity.exists()"

// ---------------------------------------------------------------- terminology

CodeSystem: MessageEventCodes
Id: message-event
Title: "Message events"
Description: "Events the hub notifies about. Agreements name them in their terms, endpoints in their payload types."
* insert GodStartCodeSystem
* #referral-created "Referral created" "A referral to a family ambulatory was sent."
* #referral-accepted "Referral accepted" "The family ambulatory accepted the referral."
* #referral-rejected "Referral rejected" "The family ambulatory rejected the referral, with a reason."
* #referral-completed "Referral completed" "The family ambulatory's course for the woman is completed."
* #referral-cancelled "Referral cancelled" "The referrer withdrew the referral."
* #care-level-changed "Care level changed" "A new pregnancy care level was assessed."
* #admission "Admitted" "The woman was admitted to a hospital (maternity ward)."
* #discharge "Discharged after birth" "The mother was discharged after birth."
* #admission-cancelled "Admission cancelled" "An admission reported earlier was taken back by the hospital (HL7 v2 A11); the earlier message is void."
* #leave-started "Leave of absence started" "The woman left the hospital on leave during her stay (HL7 v2 A21)."
* #leave-ended "Leave of absence ended" "The woman returned from leave (HL7 v2 A22)."
* #death "Died in hospital" "The stay ended in death (discharge disposition expired)."
* #postnatal-home-visit "Postnatal home visit due" "A first-time mother was discharged within 24 hours of the birth: the home visit she has a right to is due (birth package, initiative 4)."
* #discharge-cancelled "Discharge cancelled" "A discharge reported earlier was taken back by the hospital (HL7 v2 A13); she is still admitted."
* #residential-offer "Residential place offered" "A residential treatment place was offered."
* #residential-declined "Residential place declined" "The woman declined an offered residential treatment place."
* #residential-admission "Admitted to residential treatment" "The woman was admitted to residential treatment."
* #residential-discharge "Discharged from residential treatment" "The woman was discharged from residential treatment."
* #residential-capacity-changed "Residential capacity changed" "A unit opened, closed or filled residential places."
* #concern-notified "Concern notified" "A professional notified the municipality's family department of a concern for an unborn or newborn child (underretning)."
* #concern-received "Concern received" "The family department confirms it received a concern notification."
* #concern-answered "Concern answered" "The family department tells the notifier what it did about the concern."
* #care-team-changed "Care team changed" "A member joined or left the woman's network, or its coordinator changed."
* #care-plan-changed "Care plan changed" "The network's shared plan was created or changed."
* #care-task-changed "Care task changed" "A task of the network's plan was added or its status changed."
* #network-meeting-changed "Network meeting changed" "A network meeting was booked, moved or cancelled, or its minutes shared."

ValueSet: MessageEvents
Id: message-event
Title: "Message events"
Description: "All message events."
* insert AllCodesFrom($messageEvent)

CodeSystem: DestinationUseCodes
Id: destination-use
Title: "Destination uses"
Description: "The part a receiver plays in a message."
* insert GodStartCodeSystem
* #primary "Primary" "The receiver who is expected to act on the message."
* #cc "Copy" "A receiver kept informed (carbon copy)."

ValueSet: DestinationUses
Id: destination-use
Title: "Destination uses"
Description: "Primary or copy."
* insert AllCodesFrom($destinationUse)

CodeSystem: ProvenanceActivityCodes
Id: provenance-activity
Title: "Message provenance activities"
Description: "What the sender did with a message."
* insert GodStartCodeSystem
* #new "New message" "A message sent for the first time."
* #forward "Forwarded message" "An earlier message passed on to another receiver."
* #reply "Reply" "An answer to an earlier message."
* #retract "Retraction" "Withdraws an earlier message, e.g. one sent to the wrong receiver."
* #acknowledgement "Acknowledgement" "A receipt for an earlier message: how its delivery went (MedCom's acknowledgement)."

ValueSet: ProvenanceActivities
Id: provenance-activity
Title: "Message provenance activities"
Description: "All message provenance activities."
* insert AllCodesFrom($provenanceActivity)

CodeSystem: ParkReasonCodes
Id: park-reason
Title: "Park reasons"
Description: "Why the hub holds a notification back instead of delivering it. A parked notification waits for a person and can be re-driven."
* insert GodStartCodeSystem
* #no-agreement "No agreement" "No cross-sector agreement in force covers the sender, the recipient and the event."
* #no-legal-basis "No legal basis" "An agreement covers the flow, but the legal basis its term names does not hold now (no consent in force covering the recipient and event, a refusal or withdrawal, or a basis that does not apply to this event or recipient); nothing is sent."
* #no-endpoint "No endpoint" "The recipient has no active endpoint for this event."
* #rejected-by-receiver "Rejected by receiver" "The receiver answered that it will not accept the message."
* #undeliverable "Undeliverable" "Delivery failed after all retries."
* #no-acknowledgement "No acknowledgement" "The receiver took the message over HTTP but did not acknowledge it within the window, nor after the resends MedCom allows; a person must find out with the receiver whether it arrived."

ValueSet: ParkReasons
Id: park-reason
Title: "Park reasons"
Description: "All park reasons."
* insert AllCodesFrom($parkReason)

// ---------------------------------------------------------------- examples

Instance: ditte-referral-accepted-notification
InstanceOf: HubNotification
Title: "Aalborg is told that the family ambulatory has taken Ditte on"
Description: "Delivered under the North Jutland agreement, on Ditte's consent to Aalborg's family department being told (the agreement's term for this flow names consent as its basis; the consent in force is the evidence)."
Usage: #example
* extension[legalBasis].valueCode = #consent
* extension[legalBasisEvidence].valueReference = Reference(Consent/ditte-consent-family-department)
* identifier.system = "urn:ietf:rfc:3986"
* identifier.value = "urn:uuid:5b1d7c2e-8f43-4b8e-9a61-2d0f6c3e7a15"
* basedOn = Reference(Contract/agreement-nordjylland-vulnerable-pregnant-women)
* status = #completed
* topic = $messageEvent#referral-accepted "Referral accepted"
* subject = Reference(Patient/ditte)
* about[+] = Reference(ServiceRequest/ditte-referral)
* about[+] = Reference(Task/ditte-referral-task)
* sent = "2025-04-07T13:06:10+02:00"
* recipient[+] = Reference(Organization/aalborg-family-department)
* recipient[+] = Reference(Organization/laegerne-boulevarden-aalborg)
* sender = Reference(Organization/familieambulatoriet-nordjylland)
* payload.contentString = "Familieambulatoriet har modtaget og accepteret henvisningen af Ditte Jensen. Første samtale er aftalt."

// Region Syddanmark's unit has no agreement with Hjørring, so the hub parks the
// notification to Janni's substance treatment (which proposed the place, partOf Hjørring
// municipality) rather than send it; a person decides what happens next.
Instance: janni-declined-notification-parked
InstanceOf: HubNotification
Title: "A parked notification: no agreement covers it"
Description: "The Odense unit's notice that Janni declined the place is not sent to her substance treatment in Hjørring, which proposed it: no agreement in force covers Region Syddanmark and Hjørring municipality for this event."
Usage: #example
* status = #on-hold
* statusReason = $parkReason#no-agreement "No agreement"
* topic = $messageEvent#residential-declined "Residential place declined"
* subject = Reference(Patient/janni)
* about = Reference(EpisodeOfCare/janni-residential-offer)
* recipient = Reference(Organization/hjoerring-substance-treatment)
* sender = Reference(Organization/residential-unit-odense)

// Eva withdrew her consent, so the family ambulatory's new care level for her is not sent to
// the family department: the agreement covers the flow, the legal basis does not hold.
Instance: eva-care-level-notification-no-legal-basis
InstanceOf: HubNotification
Title: "A parked notification: no legal basis"
Description: "The North Jutland agreement has a term for care levels from the region to the municipalities on the basis of consent; Eva withdrew hers, so nothing is sent and the notification says what is missing."
Usage: #example
* extension[legalBasis].valueCode = #consent
* basedOn = Reference(Contract/agreement-nordjylland-vulnerable-pregnant-women)
* status = #on-hold
* statusReason = $parkReason#no-legal-basis "No legal basis"
* statusReason.text = "No legal basis to tell Aalborg Kommune, Familieafdelingen of care-level-changed: consent: she withdrew her consent to disclosure to Aalborg Kommune, Familieafdelingen (Consent/eva-consent-withdrawn)"
* topic = $messageEvent#care-level-changed "Care level changed"
* subject = Reference(Patient/eva)
* about = Reference(Observation/eva-care-level-4)
* recipient = Reference(Organization/aalborg-family-department)
* sender = Reference(Organization/familieambulatoriet-nordjylland)

// A professional's concern reaches the family department on the statutory duty to notify,
// whatever the woman's consent says.
Instance: janni-concern-notification
InstanceOf: HubNotification
Title: "Aalborg's family department is told of the midwife's concern for Janni's child"
Description: "Delivered on the duty to notify (Barnets Lov) under the North Jutland agreement's concern term; no consent is needed or asked for."
Usage: #example
* extension[legalBasis].valueCode = #duty-to-notify
* extension[legalBasisEvidence].valueReference = Reference(ServiceRequest/janni-concern)
* identifier.system = "urn:ietf:rfc:3986"
* identifier.value = "urn:uuid:0f6a3d2b-71c4-4e9a-b8d5-3c2e9f1a6b70"
* basedOn = Reference(Contract/agreement-nordjylland-vulnerable-pregnant-women)
* status = #completed
* topic = $messageEvent#concern-notified "Concern notified"
* subject = Reference(Patient/janni)
* about = Reference(ServiceRequest/janni-concern)
* sent = "2025-05-12T14:00:40+02:00"
* recipient = Reference(Organization/aalborg-family-department)
* sender = Reference(Organization/familieambulatoriet-nordjylland)
* payload.contentString = "Concern notified: from Familieambulatoriet to Aalborg Kommune, Familieafdelingen."

Instance: ditte-referral-accepted-message
InstanceOf: HubMessage
Title: "The referral-accepted message to Aalborg, copy to Ditte's GP"
Description: "The notification about Ditte as delivered: Aalborg's family department is the primary receiver, her GP gets a copy."
Usage: #example
* id = "3e7b9c14-0d2a-4f5e-8b61-9a0c4d2e1f37"
* type = #message
* timestamp = "2025-04-07T13:06:10+02:00"
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/MessageHeader/0c9f3a52-6f1e-4d3b-9a57-3f1d2f0b8e41"
* entry[=].resource = ditte-referral-accepted-header
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/Provenance/ditte-referral-accepted-provenance"
* entry[=].resource = ditte-referral-accepted-provenance
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/Communication/ditte-referral-accepted-notification"
* entry[=].resource = ditte-referral-accepted-notification
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/Patient/ditte"
* entry[=].resource = ditte
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/Organization/familieambulatoriet-nordjylland"
* entry[=].resource = familieambulatoriet-nordjylland
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/Organization/aalborg-family-department"
* entry[=].resource = aalborg-family-department
* entry[+].fullUrl = "https://hub.godstart.dk/fhir/Organization/laegerne-boulevarden-aalborg"
* entry[=].resource = laegerne-boulevarden-aalborg

Instance: ditte-referral-accepted-header
InstanceOf: HubMessageHeader
Title: "Header of the referral-accepted message about Ditte"
Usage: #example
* id = "0c9f3a52-6f1e-4d3b-9a57-3f1d2f0b8e41"
* eventCoding = $messageEvent#referral-accepted "Referral accepted"
* destination[+].extension[use].valueCoding = $destinationUse#primary "Primary"
* destination[=].endpoint = "https://fhir.aalborg.example.dk/godstart/$process-message"
* destination[=].receiver = Reference(Organization/aalborg-family-department)
* destination[=].extension[medcomUse].valueCoding = $medcomDestinationUse#primary
* destination[+].extension[use].valueCoding = $destinationUse#cc "Copy"
* destination[=].endpoint = "https://ehr.laegerne-boulevarden.example.dk/fhir/$process-message"
* destination[=].receiver = Reference(Organization/laegerne-boulevarden-aalborg)
* destination[=].extension[medcomUse].valueCoding = $medcomDestinationUse#cc
* sender = Reference(Organization/familieambulatoriet-nordjylland)
* source.name = "GodStart Hub"
* source.endpoint = "https://hub.godstart.dk/fhir"
* focus = Reference(Communication/ditte-referral-accepted-notification)

Instance: ditte-referral-accepted-provenance
InstanceOf: HubProvenance
Title: "Provenance of the referral-accepted message about Ditte"
Usage: #example
* target = Reference(MessageHeader/0c9f3a52-6f1e-4d3b-9a57-3f1d2f0b8e41)
* occurredDateTime = "2025-04-07T13:06:10+02:00"
* recorded = "2025-04-07T13:06:10+02:00"
* activity = $provenanceActivity#new "New message"
* agent.who = Reference(Organization/familieambulatoriet-nordjylland)
