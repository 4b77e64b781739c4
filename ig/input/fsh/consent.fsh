// Legal bases for disclosure, and the woman's consent: an agreement says who does what; it
// is not itself a permission to pass personal data. Every agreement term names the basis it
// relies on, and the hub checks that basis at the moment it would disclose.

CodeSystem: LegalBasisCodes
Id: legal-basis
Title: "Legal bases for disclosure"
Description: "What allows the hub to pass personal data about a woman (and her unborn or newborn child) to a recipient. An agreement term names one; the hub checks that it holds when it routes."
* insert GodStartCodeSystem
* #consent "Consent" "The woman (for the child after birth, the holder of custody) consents to disclosure to this recipient, for this purpose and topic, in this period: a Consent in force must cover the recipient and the event. A refusal or a withdrawal is respected from that moment."
* #duty-to-notify "Duty to notify" "A professional's notification of concern about an unborn or newborn child to the municipality's family department (underretning; Barnets Lov), and the municipality's answer to the notifier. Needs no consent, and covers nothing but concern notifications."
* #treatment "Treatment" "Passing information between health professionals for the woman's treatment (Sundhedsloven): both sender and recipient are health-care organisations."
* #statistics-pseudonymised "Statistics, pseudonymised" "Counts and pseudonymised records for follow-up: nothing that identifies her leaves the hub (a pseudonym per agreement, year of birth, municipality and region)."

ValueSet: LegalBases
Id: legal-basis
Title: "Legal bases for disclosure"
Description: "All legal bases an agreement term can name."
* insert AllCodesFrom($legalBasis)

Extension: LegalBasis
Id: legal-basis
Title: "Legal basis"
Description: "On an agreement term: the legal basis the term relies on for each disclosure. On a hub notification: the basis the hub used (or found missing) when it decided to send it."
* insert ConformanceMetadata
* insert ExtensionContext(Contract.term)
* insert ExtensionContext(Communication)
* value[x] 1..1
* value[x] only code
* valueCode from LegalBases (required)

Extension: LegalBasisEvidence
Id: legal-basis-evidence
Title: "Legal basis evidence"
Description: "What shows the basis held when the hub sent a notification: the woman's Consent in force, or the professional's concern notification."
* insert ConformanceMetadata
* insert ExtensionContext(Communication)
* value[x] 1..1
* value[x] only Reference(DkMaternityConsent or ConcernNotification)

// ---------------------------------------------------------------- consent

Profile: DkMaternityConsent
Parent: Consent
Id: dk-maternity-consent
Title: "Maternity Consent to Disclosure"
Description: "The woman's consent to (or refusal of) disclosure of information about her pregnancy and her child to named recipients or kinds of recipient, for a purpose, on some topics, for a period. Recorded by the professional who obtained it; referrals and episodes point to it. Status active: in force within its period; rejected: she declined (the refusal is data too); inactive: withdrawn, from the moment it was withdrawn."
* insert ConformanceMetadata
* obeys consent-names-recipients
// R4 core's example identifier for Consent.identifier ("Local eCMS identifier" in system urn:ietf:rfc:3986) is not
// a URI, and HL7's validator rejects it in every snapshot that inherits it; the profile gives its own example, which
// replaces the inherited one in the packaged snapshot (profiles' IgPackageBuilder).
* identifier ^example[0].label = "General"
* identifier ^example[0].valueIdentifier.system = "urn:ietf:rfc:3986"
* identifier ^example[0].valueIdentifier.value = "urn:uuid:7d0b1f2a-3c4e-4b5f-8a6d-9e0f1a2b3c4d"
* extension contains
    RecordedBy named recordedBy 0..1 MS and
    ConsentRecipientType named recipientType 0..* MS
* status MS
* status from ConsentStatuses (required)
* status ^short = "active (in force) | rejected (she declined) | inactive (withdrawn)"
* scope MS
* scope = $consentScope#patient-privacy
* category 1..* MS
* category = $loinc#59284-0
* patient 1..1 MS
* patient only Reference(DkMaternityPatient)
* patient ^short = "The woman; for the child after birth, the child"
* dateTime 1..1 MS
* dateTime ^short = "When she gave, refused or withdrew it"
* performer 1..* MS
* performer only Reference(DkMaternityPatient or DkMaternityRelatedPerson)
* performer ^short = "Who consents: the woman; for the child, the holder of custody (a related person), or the young person herself from 15"
* organization 1..1 MS
* organization only Reference(DkMaternityOrganization)
* organization ^short = "The organisation that obtained and keeps the consent"
* policyRule 1..1 MS
* policyRule = $v3ActCode#OPTIN
* provision 1..1 MS
* provision.type 1..1 MS
* provision.type = #permit
* provision.period MS
* provision.period ^short = "From when to when she consents; open-ended when no end"
* provision.actor MS
* provision.actor.role = $v3ParticipationType#IRCP
* provision.actor.reference only Reference(DkMaternityOrganization)
* provision.actor.reference ^short = "A recipient by name; its units (partOf) are covered too"
* provision.action 1..1 MS
* provision.action = $consentAction#disclose
* provision.purpose 1..* MS
* provision.purpose from DisclosurePurposes (required)
* provision.code MS
* provision.code from MessageEvents (required)
* provision.code ^short = "The topics (events) she consents to disclose; every event when none is given"

Invariant: consent-names-recipients
Description: "A consent names its recipients: organisations, or kinds of organisation."
Severity: #error
Expression: "provision.actor.exists() or extension('http://godstart.dk/fhir/StructureDefinition/consent-recipient-type').exists()"

Extension: RecordedBy
Id: consent-recorded-by
Title: "Recorded by"
Description: "The professional who obtained the consent (or took note of the refusal or withdrawal)."
* insert ConformanceMetadata
* insert ExtensionContext(Consent)
* value[x] 1..1
* value[x] only Reference(PractitionerRole)

Extension: ConsentRecipientType
Id: consent-recipient-type
Title: "Recipient type"
Description: "A kind of recipient the consent covers, e.g. her municipality's family department or any civil-society partner, when she consents to a kind rather than a named organisation."
* insert ConformanceMetadata
* insert ExtensionContext(Consent)
* value[x] 1..1
* value[x] only CodeableConcept
* valueCodeableConcept from DkMaternityOrganizationTypes (required)

ValueSet: ConsentStatuses
Id: maternity-consent-status
Title: "Maternity consent statuses"
Description: "The states a consent to disclosure passes through: in force, declined, withdrawn (and entered in error)."
* insert GodStartValueSet
* $consentStateCodes#active "Active"
* $consentStateCodes#rejected "Rejected"
* $consentStateCodes#inactive "Inactive"
* $consentStateCodes#entered-in-error "Entered in Error"

CodeSystem: DisclosurePurposeCodes
Id: disclosure-purpose
Title: "Disclosure purposes"
Description: "What a woman consents to disclosure for."
* insert GodStartCodeSystem
* #coordinated-care "Coordinated care" "The parties around her coordinate their efforts during pregnancy and after birth."
* #family-support "Family support" "The municipality's family department offers support to her and her child."
* #civil-society-support "Civil-society support" "A civil-society partner offers counselling or activities."
* #residential-follow-up "Residential treatment follow-up" "Offers, admissions and outcomes of residential treatment are followed up."

ValueSet: DisclosurePurposes
Id: disclosure-purpose
Title: "Disclosure purposes"
Description: "All disclosure purposes."
* insert AllCodesFrom($disclosurePurpose)

// ---------------------------------------------------------------- examples

Instance: ditte-consent-family-department
InstanceOf: DkMaternityConsent
Title: "Ditte consents to Aalborg's family department being told"
Description: "At the referral Ditte consents, for the rest of her pregnancy and the child's first year, to her GP's referral and the family ambulatory's answers reaching Aalborg municipality's family department, so that it can support her."
Usage: #example
* extension[recordedBy].valueReference = Reference(PractitionerRole/ditte-gp)
* status = #active
* scope = $consentScope#patient-privacy
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(Patient/ditte)
* dateTime = "2025-04-03T11:15:00+02:00"
* performer = Reference(Patient/ditte)
* organization = Reference(Organization/laegerne-boulevarden-aalborg)
* policyRule = $v3ActCode#OPTIN
* provision.type = #permit
* provision.period.start = "2025-04-03"
* provision.period.end = "2026-11-02"
* provision.actor.role = $v3ParticipationType#IRCP
* provision.actor.reference = Reference(Organization/aalborg-family-department)
* provision.action = $consentAction#disclose
* provision.purpose = $disclosurePurpose#family-support "Family support"
* provision.code[+] = $messageEvent#referral-created "Referral created"
* provision.code[+] = $messageEvent#referral-accepted "Referral accepted"
* provision.code[+] = $messageEvent#referral-rejected "Referral rejected"
* provision.code[+] = $messageEvent#referral-completed "Referral completed"
* provision.code[+] = $messageEvent#care-level-changed "Care level changed"
* provision.code[+] = $messageEvent#discharge "Discharged after birth"

Instance: ditte-refuses-civil-society-partner
InstanceOf: DkMaternityConsent
Title: "Ditte declines to have a civil-society partner told"
Description: "Offered contact with a civil-society partner's counselling, Ditte says no. The refusal is recorded, so no partner is ever sent anything about her on the basis of a consent."
Usage: #example
* extension[recordedBy].valueReference = Reference(PractitionerRole/ditte-gp)
* extension[recipientType].valueCodeableConcept = $organizationType#civil-society-partner "Civil-society partner"
* status = #rejected
* scope = $consentScope#patient-privacy
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(Patient/ditte)
* dateTime = "2025-04-03T11:17:00+02:00"
* performer = Reference(Patient/ditte)
* organization = Reference(Organization/laegerne-boulevarden-aalborg)
* policyRule = $v3ActCode#OPTIN
* provision.type = #permit
* provision.action = $consentAction#disclose
* provision.purpose = $disclosurePurpose#civil-society-support "Civil-society support"

Instance: eva-consent-withdrawn
InstanceOf: DkMaternityConsent
Title: "Eva withdraws her consent to the family department"
Description: "Eva had consented to her family department following her pregnancy; she later withdraws it. From the moment of withdrawal the hub tells the department nothing more on the basis of her consent; what was sent before stays recorded."
Usage: #example
* extension[recipientType].valueCodeableConcept = $organizationType#municipal-family-department "Municipal family department"
* status = #inactive
* scope = $consentScope#patient-privacy
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(Patient/eva)
* dateTime = "2025-03-10T09:00:00+01:00"
* performer = Reference(Patient/eva)
* organization = Reference(Organization/familieambulatoriet-nordjylland)
* policyRule = $v3ActCode#OPTIN
* provision.type = #permit
* provision.period.start = "2025-01-20"
* provision.action = $consentAction#disclose
* provision.purpose = $disclosurePurpose#coordinated-care "Coordinated care"
