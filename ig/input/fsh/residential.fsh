// Residential (24-hour) treatment for pregnant women with harmful substance use.
// Places are few and often declined; the papers ask to register who is offered a place,
// who takes it, where they come from and how it ends. An offer that is declined is data too.

Profile: ResidentialTreatmentEpisode
Parent: EpisodeOfCare
Id: residential-treatment-episode
Title: "Residential Treatment Episode"
Description: "One offer of a residential treatment place to a pregnant woman and what became of it: declined (with her reason), admitted, discharged (with the outcome). The status history keeps every step."
* insert ConformanceMetadata
* obeys residential-declined-has-reason and residential-discharged-has-outcome and residential-discharge-after-admission
* extension contains
    ResidentialReferrer named referrer 1..1 MS and
    ResidentialDeclinedReason named declinedReason 0..1 MS and
    ResidentialDischargeOutcome named dischargeOutcome 0..1 MS
* identifier MS
// EpisodeOfCare's own states are used with this meaning:
// planned = offered, waitlist = accepted but waiting for a free place, active = admitted,
// finished = discharged, cancelled = the woman declined the offer.
* status MS
* status from ResidentialTreatmentEpisodeStatuses (required)
* status ^short = "planned = offered | waitlist | active = admitted | finished = discharged | cancelled = declined"
* statusHistory 1..* MS
* statusHistory ^short = "Every step with its period: offered, (waiting,) declined or admitted, discharged"
* statusHistory.status MS
* statusHistory.status from ResidentialTreatmentEpisodeStatuses (required)
* statusHistory.period MS
* type 1..1 MS
* type = $episodeType#residential-treatment "Residential treatment"
* patient MS
* patient only Reference(DkMaternityPatient)
* managingOrganization 1..1 MS
* managingOrganization only Reference(DkMaternityOrganization)
* managingOrganization ^short = "The residential treatment unit"
* period 1..1 MS
* period.start 1..1 MS
* period.start ^short = "When the place was offered"
* referralRequest MS

Invariant: residential-declined-has-reason
Description: "A declined offer records the woman's reason: why places are declined is what the registry is for."
Severity: #error
Expression: "status = 'cancelled' implies extension('http://godstart.dk/fhir/StructureDefinition/residential-declined-reason').exists()"

Invariant: residential-discharged-has-outcome
Description: "A discharge records its outcome."
Severity: #error
Expression: "status = 'finished' implies extension('http://godstart.dk/fhir/StructureDefinition/residential-discharge-outcome').exists()"

Invariant: residential-discharge-after-admission
Description: "Only an admitted woman can be discharged: a finished episode has an active step in its history."
Severity: #error
Expression: "status = 'finished' implies statusHistory.where(status = 'active').exists()"

ValueSet: ResidentialTreatmentEpisodeStatuses
Id: residential-treatment-episode-status
Title: "Residential treatment episode statuses"
Description: "The EpisodeOfCare statuses a residential treatment episode uses; on-hold is not used."
* insert GodStartValueSet
* http://hl7.org/fhir/episode-of-care-status#planned "Planned"
* http://hl7.org/fhir/episode-of-care-status#waitlist "Waitlist"
* http://hl7.org/fhir/episode-of-care-status#active "Active"
* http://hl7.org/fhir/episode-of-care-status#finished "Finished"
* http://hl7.org/fhir/episode-of-care-status#cancelled "Cancelled"
* http://hl7.org/fhir/episode-of-care-status#entered-in-error "Entered in Error"

Extension: ResidentialReferrer
Id: residential-referrer
Title: "Residential treatment referrer"
Description: "Who proposed the residential place: usually the family ambulatory or the municipality's substance treatment."
* insert ConformanceMetadata
* insert ExtensionContext(EpisodeOfCare)
* value[x] 1..1
* value[x] only Reference(DkMaternityOrganization or PractitionerRole)

Extension: ResidentialDeclinedReason
Id: residential-declined-reason
Title: "Why the woman declined"
Description: "The woman's own reason for declining the residential place, coded where a code fits and in her words in the text."
* insert ConformanceMetadata
* insert ExtensionContext(EpisodeOfCare)
* value[x] 1..1
* value[x] only CodeableConcept
* valueCodeableConcept from ResidentialDeclinedReasons (extensible)

Extension: ResidentialDischargeOutcome
Id: residential-discharge-outcome
Title: "Discharge outcome"
Description: "How the stay ended."
* insert ConformanceMetadata
* insert ExtensionContext(EpisodeOfCare)
* value[x] 1..1
* value[x] only CodeableConcept
* valueCodeableConcept from ResidentialDischargeOutcomes (extensible)

CodeSystem: ResidentialDeclinedReasonCodes
Id: residential-declined-reason
Title: "Reasons for declining residential treatment"
Description: "Why pregnant women decline an offered residential treatment place."
* insert GodStartCodeSystem
* #chose-other-offer "Chose another offer" "She prefers another offer, e.g. a crisis centre or outpatient treatment."
* #distance-from-home "Distance from home" "The unit is too far from where she lives."
* #separation-from-network "Separation from partner, children or network" "She does not want to leave her partner, children or network."
* #not-ready "Not ready for treatment" "She does not feel ready for residential treatment."
* #conditions-of-stay "Conditions of the stay" "She does not accept the unit's conditions, e.g. house rules or testing."
* #other "Other reason" "Another reason, given in the text."

ValueSet: ResidentialDeclinedReasons
Id: residential-declined-reason
Title: "Reasons for declining residential treatment"
Description: "All reasons for declining residential treatment."
* insert AllCodesFrom($residentialDeclinedReason)

CodeSystem: ResidentialDischargeOutcomeCodes
Id: residential-discharge-outcome
Title: "Residential treatment discharge outcomes"
Description: "How a residential treatment stay ended."
* insert GodStartCodeSystem
* #completed-as-planned "Completed as planned"
* #left-early "Left early by her own choice"
* #discharged-by-unit "Discharged early by the unit"
* #transferred "Transferred to other treatment"

ValueSet: ResidentialDischargeOutcomes
Id: residential-discharge-outcome
Title: "Residential treatment discharge outcomes"
Description: "All discharge outcomes."
* insert AllCodesFrom($residentialDischargeOutcome)

// ---------------------------------------------------------------- places

Profile: ResidentialTreatmentPlace
Parent: HealthcareService
Id: residential-treatment-place
Title: "Residential Treatment Place"
Description: "A unit's residential treatment places for pregnant women: how many there are and how many are free now. Places are opened and closed as needed, so the counts carry the time they were reported."
* insert ConformanceMetadata
* obeys residential-free-within-total
* extension contains
    TotalPlaces named totalPlaces 1..1 MS and
    FreePlaces named freePlaces 1..1 MS and
    CapacityReportedAt named capacityReportedAt 1..1 MS
* identifier MS
* active MS
* active ^short = "false while the unit has closed its places"
* providedBy 1..1 MS
* providedBy only Reference(DkMaternityOrganization)
* providedBy ^short = "The residential treatment unit"
* type 1..1 MS
* type = $hubService#residential-treatment "Residential treatment"
* name 1..1 MS
* location MS
* telecom MS
* characteristic MS
* characteristic ^short = "What the unit can take in, e.g. partner or children"
* comment MS

Invariant: residential-free-within-total
Description: "Free places cannot outnumber the unit's places."
Severity: #error
Expression: "extension('http://godstart.dk/fhir/StructureDefinition/free-places').value <= extension('http://godstart.dk/fhir/StructureDefinition/total-places').value"

Extension: TotalPlaces
Id: total-places
Title: "Total places"
Description: "How many residential places the unit has open; 0 while closed."
* insert ConformanceMetadata
* insert ExtensionContext(HealthcareService)
* value[x] 1..1
* value[x] only unsignedInt

Extension: FreePlaces
Id: free-places
Title: "Free places"
Description: "How many of the open places are free for a new admission."
* insert ConformanceMetadata
* insert ExtensionContext(HealthcareService)
* value[x] 1..1
* value[x] only unsignedInt

Extension: CapacityReportedAt
Id: capacity-reported-at
Title: "Capacity reported at"
Description: "When the unit last reported its places; an old figure should not be trusted for a referral."
* insert ConformanceMetadata
* insert ExtensionContext(HealthcareService)
* value[x] 1..1
* value[x] only dateTime

// ---------------------------------------------------------------- examples

// Case 1 of the seeds: the treatment provider at her substance treatment talks with Janni about
// residential treatment to get her away from the drug environment; she declines because she
// wants to stay near her boyfriend, and agrees instead to a crisis centre nearby for the rest
// of the pregnancy. Which unit the place would have been at is illustrative.
Instance: janni-residential-offer
InstanceOf: ResidentialTreatmentEpisode
Title: "Janni declines a residential place"
Description: "Janni's substance-treatment provider in Hjørring offers her residential treatment (a place at the Odense unit); she declines, to stay near her boyfriend, and accepts a stay at a crisis centre nearby instead."
Usage: #example
* extension[referrer].valueReference = Reference(Organization/hjoerring-substance-treatment)
* extension[declinedReason].valueCodeableConcept = $residentialDeclinedReason#separation-from-network "Separation from partner, children or network"
* extension[declinedReason].valueCodeableConcept.text = "Vil være i nærheden af sin kæreste; indvilger i stedet i et ophold på et krisecenter i nærheden resten af graviditeten"
* status = #cancelled
* statusHistory[+].status = #planned
* statusHistory[=].period.start = "2025-06-02T10:00:00+02:00"
* statusHistory[=].period.end = "2025-06-05T14:30:00+02:00"
* statusHistory[+].status = #cancelled
* statusHistory[=].period.start = "2025-06-05T14:30:00+02:00"
* type = $episodeType#residential-treatment "Residential treatment"
* patient = Reference(Patient/janni)
* managingOrganization = Reference(Organization/residential-unit-odense)
* period.start = "2025-06-02T10:00:00+02:00"
* period.end = "2025-06-05T14:30:00+02:00"

Instance: residential-places-odense
InstanceOf: ResidentialTreatmentPlace
Title: "Residential places in Odense"
Description: "Four places, one of them free."
Usage: #example
* extension[totalPlaces].valueUnsignedInt = 4
* extension[freePlaces].valueUnsignedInt = 1
* extension[capacityReportedAt].valueDateTime = "2025-06-01T08:00:00+02:00"
* active = true
* providedBy = Reference(Organization/residential-unit-odense)
* type = $hubService#residential-treatment "Residential treatment"
* name = "Døgnpladser for gravide med rusmiddelproblemer"
* characteristic.text = "Partner and children can be admitted with the woman"

Extension: RegistryFetchedAt
Id: registry-fetched-at
Title: "Fetched from the registry at"
Description: "On the hub's copy of a unit's places: when the hub last fetched them from the residential treatment registry. While the registry cannot be reached the copy stays as it was and this time grows old, so whoever searches sees how fresh the figures are."
* insert ConformanceMetadata
* insert ExtensionContext(HealthcareService)
* value[x] 1..1
* value[x] only dateTime
