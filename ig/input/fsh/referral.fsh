// A referral to a family ambulatory, and the receiving unit's answer to it.

Profile: FamilyAmbulatoryReferral
Parent: ServiceRequest
Id: family-ambulatory-referral
Title: "Family Ambulatory Referral"
Description: "A referral of a pregnant woman (and her partner) to a family ambulatory by a GP, midwife, health visitor or hospital department, with the reasons, how far the pregnancy is, and the consents (or refusals) she gave when referred."
* insert ConformanceMetadata
* obeys referral-pregnancy-timing
* extension contains
    ConsentReference named consent 0..* MS and
    ReferrerRole named referrerRole 0..1 MS and
    ExpectedDeliveryDate named expectedDeliveryDate 0..1 MS and
    GestationalAge named gestationalAge 0..1 MS
// The sender's own identifier is what both sides quote when they talk about the referral,
// and what makes a resent referral recognisable.
* identifier 1..* MS
* identifier.system 1..1 MS
* identifier.value 1..1 MS
* status MS
* intent = #order
* category 1..* MS
* category = $sct#3457005 "Patient referral"
* code 1..1 MS
* code = $hubService#family-ambulatory "Family ambulatory"
* subject MS
* subject only Reference(DkMaternityPatient)
* authoredOn 1..1 MS
* requester 1..1 MS
* requester only Reference(PractitionerRole or DkMaternityOrganization)
* requester ^short = "The GP, midwife, health visitor or hospital department that refers"
* performer 1..1 MS
* performer only Reference(DkMaternityOrganization)
* performer ^short = "The family ambulatory referred to"
* reasonCode 1..* MS
* reasonCode from ReferralReasons (required)
* reasonCode ^short = "Why: the woman's or partner's substance use, or psychosocial reasons"
* supportingInfo MS
* supportingInfo only Reference(PregnancyCareLevel or PregnancyEpisode)
* supportingInfo ^short = "The current care level and the pregnancy episode"
* priority MS
* note MS

Invariant: referral-pregnancy-timing
Description: "A referral says how far the pregnancy is: the expected delivery date or the gestational age."
Severity: #error
Expression: "extension('http://godstart.dk/fhir/StructureDefinition/expected-delivery-date').exists() or extension('http://godstart.dk/fhir/StructureDefinition/gestational-age').exists()"

Extension: ConsentReference
Id: consent
Title: "Consent"
Description: "A consent (or refusal) the woman gave about disclosure of what this resource is about. Informative: the hub decides every disclosure from the consents in force about her at that moment, whether or not a resource points to them."
* insert ConformanceMetadata
* insert ExtensionContext(ServiceRequest)
* insert ExtensionContext(EpisodeOfCare)
* value[x] 1..1
* value[x] only Reference(DkMaternityConsent)

Extension: ReferrerRole
Id: referrer-role
Title: "Referrer role"
Description: "The professional role of the referrer. The family ambulatory answers differently to a GP than to a health visitor, and the regions count referrals by referrer."
* insert ConformanceMetadata
* insert ExtensionContext(ServiceRequest)
* value[x] 1..1
* value[x] only CodeableConcept
* valueCodeableConcept from ReferrerRoles (required)

Extension: GestationalAge
Id: gestational-age
Title: "Gestational age"
Description: "Gestational age when the referral was written, in days or weeks (UCUM d or wk). Used when the expected delivery date is not yet known."
* insert ConformanceMetadata
* insert ExtensionContext(ServiceRequest)
* value[x] 1..1
* value[x] only Quantity
* valueQuantity obeys gestational-age-unit
* valueQuantity.value 1..1
* valueQuantity.system 1..1
* valueQuantity.system = $ucum (exactly)
* valueQuantity.code 1..1

Invariant: gestational-age-unit
Description: "Gestational age is given in UCUM days (d) or weeks (wk)."
Severity: #error
Expression: "code = 'd' or code = 'wk'"

CodeSystem: ReferralReasonCodes
Id: referral-reason
Title: "Referral reasons"
Description: "Why a pregnant woman is referred to a family ambulatory. The grouping codes are abstract."
* insert GodStartCodeSystem
* ^hierarchyMeaning = #grouped-by
* ^property[+].code = #notSelectable
* ^property[=].uri = "http://hl7.org/fhir/concept-properties#notSelectable"
* ^property[=].type = #boolean
* #woman-substance-use "The woman's substance use"
  * #woman-alcohol "The woman's use of alcohol"
  * #woman-drugs "The woman's use of drugs"
  * #woman-dependency-forming-medicine "The woman's use of dependency-forming medicine"
  * #woman-opioid-substitution "The woman is in opioid substitution treatment"
* #partner-substance-use "The partner's substance use"
  * #partner-alcohol "The partner's use of alcohol"
  * #partner-drugs "The partner's use of drugs"
  * #partner-dependency-forming-medicine "The partner's use of dependency-forming medicine"
* #psychosocial "Psychosocial reasons"
  * #depression "Depression"
  * #anxiety "Anxiety"
  * #earlier-postnatal-depression "Earlier postnatal depression"
  * #severe-psychiatric-illness "Other severe psychiatric illness"
  * #severe-social-problems "Severe social problems"
* #woman-substance-use ^property[+].code = #notSelectable
* #woman-substance-use ^property[=].valueBoolean = true
* #partner-substance-use ^property[+].code = #notSelectable
* #partner-substance-use ^property[=].valueBoolean = true
* #psychosocial ^property[+].code = #notSelectable
* #psychosocial ^property[=].valueBoolean = true

ValueSet: ReferralReasons
Id: referral-reason
Title: "Referral reasons"
Description: "All referral reasons."
* insert AllCodesFrom($referralReason)

CodeSystem: ReferrerRoleCodes
Id: referrer-role
Title: "Referrer roles"
Description: "Professional roles that refer pregnant women to a family ambulatory."
* insert GodStartCodeSystem
* #general-practitioner "General practitioner"
* #midwife "Midwife"
* #health-visitor "Health visitor"
* #hospital-department "Hospital department"
* #municipal-social-worker "Municipal social worker"
* #other "Other health or social professional"

ValueSet: ReferrerRoles
Id: referrer-role
Title: "Referrer roles"
Description: "All referrer roles."
* insert AllCodesFrom($referrerRole)

CodeSystem: HubServiceTypeCodes
Id: hub-service-type
Title: "Hub service types"
Description: "The services the hub refers to and keeps capacity for."
* insert GodStartCodeSystem
* #family-ambulatory "Family ambulatory" "Assessment and follow-up by a family ambulatory during pregnancy and after birth."
* #residential-treatment "Residential treatment" "24-hour residential treatment for pregnant women with harmful substance use, with partner and children where possible."
* #concern-notification "Concern notification" "A professional's notification of concern for an unborn or newborn child to the municipality's family department (underretning)."

// ---------------------------------------------------------------- the answer

Profile: ReferralTask
Parent: Task
Id: referral-task
Title: "Referral Task"
Description: "The family ambulatory's handling of a referral: received, accepted, rejected with a reason, in progress, completed. The referrer and the municipality follow the referral through this task."
* insert ConformanceMetadata
* obeys referral-task-rejection-reason
* identifier MS
* status MS
* status from ReferralTaskStatuses (required)
* statusReason MS
* statusReason from ReferralRejectionReasons (extensible)
* statusReason ^short = "Why the referral was rejected (required when rejected)"
* businessStatus MS
* intent = #order
* code 1..1 MS
* code = $taskCode#fulfill
* focus 1..1 MS
* focus only Reference(FamilyAmbulatoryReferral)
* for 1..1 MS
* for only Reference(DkMaternityPatient)
* authoredOn 1..1 MS
* lastModified MS
* requester 1..1 MS
* requester only Reference(PractitionerRole or DkMaternityOrganization)
* owner 1..1 MS
* owner only Reference(DkMaternityOrganization)
* owner ^short = "The family ambulatory handling the referral"
* executionPeriod MS
* note MS

Invariant: referral-task-rejection-reason
Description: "A rejected referral says why, so the referrer can act on it."
Severity: #error
Expression: "status = 'rejected' implies statusReason.exists()"

ValueSet: ReferralTaskStatuses
Id: referral-task-status
Title: "Referral task statuses"
Description: "The task states a referral passes through; draft, on-hold and failed are not used."
* insert GodStartValueSet
* $taskStatus#requested "Requested"
* $taskStatus#received "Received"
* $taskStatus#accepted "Accepted"
* $taskStatus#rejected "Rejected"
* $taskStatus#in-progress "In Progress"
* $taskStatus#completed "Completed"
* $taskStatus#cancelled "Cancelled"
* $taskStatus#entered-in-error "Entered in Error"

CodeSystem: ReferralRejectionReasonCodes
Id: referral-rejection-reason
Title: "Referral rejection reasons"
Description: "Why a family ambulatory rejects a referral."
* insert GodStartCodeSystem
* #outside-target-group "Outside the target group" "The woman's situation is not one the family ambulatory covers."
* #outside-catchment-area "Outside the catchment area" "Another region's family ambulatory covers the woman."
* #referred-elsewhere "Referred elsewhere" "Another service is better suited; the answer names it."
* #woman-declined "The woman declined" "The woman does not want the family ambulatory's services."
* #insufficient-information "Insufficient information" "The referral lacks what is needed to assess it; the referrer may send a new one."
* #duplicate "Duplicate" "The woman is already referred or enrolled."

ValueSet: ReferralRejectionReasons
Id: referral-rejection-reason
Title: "Referral rejection reasons"
Description: "All referral rejection reasons."
* insert AllCodesFrom($referralRejectionReason)

// ---------------------------------------------------------------- examples

Instance: dr-mette-holm
InstanceOf: Practitioner
Title: "Mette Holm, GP"
Usage: #example
* active = true
* name.family = "Holm"
* name.given = "Mette"

Instance: ditte-gp
InstanceOf: PractitionerRole
Title: "Mette Holm as GP at Lægerne på Boulevarden"
Description: "Ditte's GP, who assesses her care level and refers her."
Usage: #example
* active = true
* practitioner = Reference(Practitioner/dr-mette-holm)
* organization = Reference(Organization/laegerne-boulevarden-aalborg)
* code = $practitionerRole#doctor "Doctor"

Instance: ditte-referral
InstanceOf: FamilyAmbulatoryReferral
Title: "Ditte's GP referral to the North Jutland family ambulatory"
Description: "Ditte's GP refers her to the family ambulatory in Aalborg because of heavy cocaine use and an unplanned pregnancy. She is not at first motivated for treatment; Aalborg's family department presses her to start. She consents to Aalborg's family department being told, and declines a civil-society partner."
Usage: #example
* extension[consent][+].valueReference = Reference(Consent/ditte-consent-family-department)
* extension[consent][+].valueReference = Reference(Consent/ditte-refuses-civil-society-partner)
* extension[referrerRole].valueCodeableConcept = $referrerRole#general-practitioner "General practitioner"
* extension[expectedDeliveryDate].valueDate = "2025-11-02"
* extension[gestationalAge].valueQuantity = 67 'd' "days"
* identifier.system = "https://ehr.laegerne-boulevarden.example.dk/referrals"
* identifier.value = "H-2025-0412"
* status = #active
* intent = #order
* category = $sct#3457005 "Patient referral"
* code = $hubService#family-ambulatory "Family ambulatory"
* subject = Reference(Patient/ditte)
* authoredOn = "2025-04-03T11:20:00+02:00"
* requester = Reference(PractitionerRole/ditte-gp)
* performer = Reference(Organization/familieambulatoriet-nordjylland)
* reasonCode = $referralReason#woman-drugs "The woman's use of drugs"
* reasonCode.text = "Heavy daily cocaine use; unplanned pregnancy; not at first motivated for treatment"
* supportingInfo[+] = Reference(Observation/ditte-care-level-3)
* supportingInfo[+] = Reference(EpisodeOfCare/ditte-pregnancy)
* note.text = "Ditte is not at first motivated for substance treatment; the municipality's family department is pressing her to start, and she accepts the referral. She lives alone in her own flat, works as a waiter, and has no contact with the child's father."

Instance: ditte-referral-task
InstanceOf: ReferralTask
Title: "The family ambulatory accepts Ditte's referral"
Usage: #example
* status = #accepted
* intent = #order
* code = $taskCode#fulfill
* focus = Reference(ServiceRequest/ditte-referral)
* for = Reference(Patient/ditte)
* authoredOn = "2025-04-03T11:20:00+02:00"
* lastModified = "2025-04-07T13:05:00+02:00"
* requester = Reference(PractitionerRole/ditte-gp)
* owner = Reference(Organization/familieambulatoriet-nordjylland)
* executionPeriod.start = "2025-04-07T13:05:00+02:00"
