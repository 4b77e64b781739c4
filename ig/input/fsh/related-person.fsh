// The people around the woman and her child who are not themselves patients of the hub's
// parties: her partner, the child's parents, and above all whoever holds custody
// (forældremyndighed) of the child. Custody matters because, under the Health Act, the holder's
// consent stands for a child under 15; from 15 the young person may consent herself, and from 18
// only she can.

Profile: DkMaternityRelatedPerson
Parent: RelatedPerson
Id: dk-maternity-related-person
Title: "Maternity Related Person"
Description: "A person around the woman or her child who is not a patient of the hub's parties: her partner, the child's mother or father, and the holder of custody (forældremyndighed) of her child, whose consent stands for the child's until the child is 15. The relationship says what the person is to the patient; for custody, the period says from when (and, once it ends, until when) the person holds it."
* insert ConformanceMetadata
* obeys related-person-custody-from-a-date
* insert IdentifierSlicedBySystem
* identifier MS
* identifier contains cpr 0..1 MS
* identifier[cpr] ^short = "CPR number (10 digits, no hyphen), when known"
* identifier[cpr].system 1..1
* identifier[cpr].system = $cpr (exactly)
* identifier[cpr].value 1..1 MS
* identifier[cpr].value obeys dk-cpr-format
* active MS
* patient 1..1 MS
* patient only Reference(DkMaternityPatient)
* patient ^short = "The woman, or her child"
* relationship 1..* MS
* relationship from RelatedPersonRelationships (required)
* relationship ^short = "What the person is to the patient: partner, mother, father, parent, holder of custody"
* name 1..* MS
* period MS
* period ^short = "When the relation holds; for custody, from when to when the person holds it"

Invariant: related-person-custody-from-a-date
Description: "Custody is recorded from a date: a person with the relationship custody-holder has period.start."
Severity: #error
Expression: "relationship.coding.where(system = 'http://godstart.dk/fhir/CodeSystem/related-person-role' and code = 'custody-holder').exists() implies period.start.exists()"

// ---------------------------------------------------------------- terminology

CodeSystem: RelatedPersonRoleCodes
Id: related-person-role
Title: "Related person roles"
Description: "What a related person is to the woman or her child, where HL7's role codes do not say what the hub needs to know."
* insert GodStartCodeSystem
* #custody-holder "Holder of custody" "Holds custody (forældremyndighed) of the patient, a child, in the period; their consent stands for the child's while the child is under 15."
* #partner "Partner" "The woman's partner: boyfriend, husband or cohabitant."

ValueSet: RelatedPersonRelationships
Id: related-person-relationships
Title: "Related person relationships"
Description: "What a related person can be to the woman or her child: mother, father, parent or significant other (HL7 role codes), holder of custody or partner."
* insert GodStartValueSet
* $v3RoleCode#MTH "mother"
* $v3RoleCode#FTH "father"
* $v3RoleCode#PRN "parent"
* $v3RoleCode#SIGOTHR "significant other"
* include codes from system $relatedPersonRole

// ---------------------------------------------------------------- examples: Janni
// Her boyfriend, who lives with her at the shelter, and her daughter, born on 28 July 2025 at
// the end of the pregnancy the network follows. The child herself (Patient/janni-child) is in
// patient.fsh with the other patients; here are Janni as the holder of custody and the consent
// she gives for the child.

Instance: janni-partner
InstanceOf: DkMaternityRelatedPerson
Title: "Janni's boyfriend"
Description: "Janni's boyfriend, who lives with her at the shelter and whom she stays near rather than taking residential treatment. Recorded as her partner; he holds no custody here."
Usage: #example
* active = true
* patient = Reference(Patient/janni)
* relationship = $relatedPersonRole#partner "Partner"
* name.use = #usual
* name.family = "Mikkelsen"
* name.given = "Kasper"
* period.start = "2024-09-01"

Instance: janni-custody-of-child
InstanceOf: DkMaternityRelatedPerson
Title: "Janni holds custody of her daughter"
Description: "Janni is the mother of her daughter and holds custody of her from the birth. The voluntary placement of the child at birth does not take custody from her, so until the child is 15 it is Janni's consent that stands for the child's."
Usage: #example
* identifier[cpr].system = $cpr
* identifier[cpr].value = "2111994626"
* active = true
* patient = Reference(Patient/janni-child)
* relationship[+] = $v3RoleCode#MTH "mother"
* relationship[+] = $relatedPersonRole#custody-holder "Holder of custody"
* name.use = #official
* name.family = "Larsen"
* name.given = "Janni"
* period.start = "2025-07-28"

// The child's own consent, given by the holder of custody: the performer is the RelatedPerson
// that records Janni's custody, not Janni's Patient, so the hub can check that she held custody
// on the consent's date.
Instance: consent-janni-child-network
InstanceOf: DkMaternityConsent
Title: "Janni consents for her daughter to the network sharing its plan"
Description: "The day after the birth Janni, as holder of custody, consents for her daughter, for the child's first year, to the members of the network telling each other of changes to the network, its plan, its tasks and its meetings about the child."
Usage: #example
* extension[recipientType][+].valueCodeableConcept = $organizationType#shelter "Shelter"
* extension[recipientType][+].valueCodeableConcept = $organizationType#crisis-centre "Crisis centre"
* extension[recipientType][+].valueCodeableConcept = $organizationType#municipal-family-department "Municipal family department"
* extension[recipientType][+].valueCodeableConcept = $organizationType#substance-treatment "Substance treatment"
* extension[recipientType][+].valueCodeableConcept = $organizationType#family-ambulatory "Family ambulatory"
* extension[recipientType][+].valueCodeableConcept = $organizationType#general-practice "General practice"
* status = #active
* scope = $consentScope#patient-privacy
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(Patient/janni-child)
* dateTime = "2025-07-29T10:00:00+02:00"
* performer = Reference(RelatedPerson/janni-custody-of-child)
* organization = Reference(Organization/familieambulatoriet-nordjylland)
* policyRule = $v3ActCode#OPTIN
* provision.type = #permit
* provision.period.start = "2025-07-29"
* provision.period.end = "2026-07-28"
* provision.action = $consentAction#disclose
* provision.purpose = $disclosurePurpose#coordinated-care "Coordinated care"
* provision.code[+] = $messageEvent#care-team-changed "Care team changed"
* provision.code[+] = $messageEvent#care-plan-changed "Care plan changed"
* provision.code[+] = $messageEvent#care-task-changed "Care task changed"
* provision.code[+] = $messageEvent#network-meeting-changed "Network meeting changed"
