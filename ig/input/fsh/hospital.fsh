// Hospital stays as the hub takes them from the hospitals' HL7 v2 ADT feeds (see the page Hospital events).
// The Encounter is HAPI's own R4 Encounter; the guide adds what the birth package's follow-up needs: which stay was
// the delivery, and when the child was born.

CodeSystem: EncounterTypeCodes
Id: encounter-type
Title: "Hospital stay types"
Description: "What a hospital stay was for, as far as the hub's rules need to know."
* insert GodStartCodeSystem
* #delivery "Delivery" "The mother's stay during which she gave birth: the stay her postnatal rights are counted from."

Extension: DeliveryTime
Id: delivery-time
Title: "Delivery time"
Description: "When the child was born, on the mother's delivery stay. Taken from the newborn's birth time (PID-7) in the hospital's ADT feed; the first-time mothers' postnatal rule counts the 24 hours from it."
* insert ConformanceMetadata
* insert ExtensionContext(Encounter)
* value[x] 1..1
* value[x] only dateTime

Instance: ditte-delivery-stay
InstanceOf: Encounter
Title: "Ditte's delivery stay at Aalborg University Hospital"
Description: "Ditte's admission to the obstetric department (fødeafdeling) of Aalborg University Hospital, the birth site, as its ADT feed reported it (A01, then the newborn's A01 naming her as mother), linked to her pregnancy. The family ambulatory that follows her is an outpatient unit there, not the birth site."
Usage: #example
* identifier.system = "http://godstart.dk/fhir/sid/visit-number/524601000016007"
* identifier.value = "V20251030-0042"
* status = #finished
* class = $v3ActCode#IMP "inpatient encounter"
* type = EncounterTypeCodes#delivery "Delivery"
* extension[+].url = "http://godstart.dk/fhir/StructureDefinition/delivery-time"
* extension[=].valueDateTime = "2025-10-30T14:12:00+01:00"
* subject = Reference(Patient/ditte)
* episodeOfCare = Reference(EpisodeOfCare/ditte-pregnancy)
* period.start = "2025-10-30T08:30:00+01:00"
* period.end = "2025-10-31T10:00:00+01:00"
* serviceProvider = Reference(Organization/aalborg-obstetric-department)

CodeSystem: HubTaskCodes
Id: hub-task-code
Title: "Hub task codes"
Description: "Tasks the hub itself creates when a rule of the birth package applies."
* insert GodStartCodeSystem
* #postnatal-home-visit "Postnatal home visit" "Visit a first-time mother at home after a discharge within 24 hours of the birth."
* #concern-answer "Answer to a concern notification" "The municipality's handling of a concern notification: received, then action taken."

Profile: PostnatalHomeVisitTask
Parent: Task
Id: postnatal-home-visit-task
Title: "Postnatal Home Visit Task"
Description: "A first-time mother discharged within 24 hours of the birth has the right to a home visit. The hub creates this task when the birth site's ADT feed shows such a discharge; its owner is whoever the agreement names (the hospital's home-visit service or the municipality's health visitors), who completes it when the visit is made."
* insert ConformanceMetadata
* status MS
* intent = #order
* code 1..1 MS
* code = HubTaskCodes#postnatal-home-visit
* focus 1..1 MS
* focus only Reference(Encounter)
* focus ^short = "The mother's delivery stay, with the delivery time and the discharge"
* for 1..1 MS
* for only Reference(DkMaternityPatient)
* authoredOn 1..1 MS
* requester 1..1 MS
* requester only Reference(DkMaternityOrganization)
* requester ^short = "The birth site"
* owner 1..1 MS
* owner only Reference(DkMaternityOrganization)
* owner ^short = "Who makes the visit, as the agreement names it"
* restriction.period.end 1..1 MS
* restriction.period.end ^short = "When the visit is due"

Instance: ditte-postnatal-home-visit
InstanceOf: PostnatalHomeVisitTask
Title: "Ditte's postnatal home visit"
Description: "Ditte, a first-time mother, went home 20 hours after the birth at the obstetric department of Aalborg University Hospital; Aalborg municipality (its health visitors) is to visit her within two days."
Usage: #example
* status = #requested
* intent = #order
* code = HubTaskCodes#postnatal-home-visit "Postnatal home visit"
* focus = Reference(Encounter/ditte-delivery-stay)
* for = Reference(Patient/ditte)
* authoredOn = "2025-10-31T10:00:05+01:00"
* requester = Reference(Organization/aalborg-obstetric-department)
* owner = Reference(Organization/aalborg-municipality)
* restriction.period.end = "2025-11-02T10:00:00+01:00"

CodeSystem: PostnatalPopulationCodes
Id: postnatal-population
Title: "Postnatal follow-up populations"
Description: "What the yearly follow-up of the first-time mothers' postnatal right counts, per birth site."
* insert GodStartCodeSystem
* #first-time-mothers "First-time mothers who gave birth" "First-time mothers whose delivery stay at the site had its delivery time in the period."
* #stayed-two-days "Stayed at least two days" "Of those, discharged 48 hours or more after the birth."
* #home-within-24h "Went home within 24 hours" "Of those, discharged less than 24 hours after the birth."
* #home-visit-task "Home visit arranged" "Of those who went home within 24 hours, a postnatal home-visit task exists."
* #home-visit-completed "Home visit made" "Of those with a task, the task is completed."

Instance: postnatal-follow-up
InstanceOf: Measure
Title: "Postnatal follow-up of first-time mothers"
Description: "The regions' yearly quantitative follow-up of the birth package's initiative 4, per birth site: answered by GET [base]/MeasureReport/$postnatal-report?period=<year>&site=<SOR code>."
Usage: #definition
* url = "http://godstart.dk/fhir/Measure/postnatal-follow-up"
* name = "PostnatalFollowUp"
* title = "Postnatal follow-up of first-time mothers"
* status = #draft
* scoring = http://terminology.hl7.org/CodeSystem/measure-scoring#cohort
* group[+].population[+].code = PostnatalPopulationCodes#first-time-mothers
* group[=].population[=].description = "First-time mothers with a delivery stay at the site whose delivery time lies in the period (the pregnancy's first-time-mother flag)."
* group[=].population[=].criteria.language = #application/x-fhir-query
* group[=].population[=].criteria.expression = "Encounter?type=http://godstart.dk/fhir/CodeSystem/encounter-type|delivery"
* group[=].population[+].code = PostnatalPopulationCodes#stayed-two-days
* group[=].population[=].description = "Of those, discharged 48 hours or more after the delivery time."
* group[=].population[=].criteria.language = #application/x-fhir-query
* group[=].population[=].criteria.expression = "Encounter?type=http://godstart.dk/fhir/CodeSystem/encounter-type|delivery&status=finished"
* group[=].population[+].code = PostnatalPopulationCodes#home-within-24h
* group[=].population[=].description = "Of those, discharged less than 24 hours after the delivery time."
* group[=].population[=].criteria.language = #application/x-fhir-query
* group[=].population[=].criteria.expression = "Encounter?type=http://godstart.dk/fhir/CodeSystem/encounter-type|delivery&status=finished"
* group[=].population[+].code = PostnatalPopulationCodes#home-visit-task
* group[=].population[=].description = "Of those who went home within 24 hours, a postnatal home-visit task exists for the stay."
* group[=].population[=].criteria.language = #application/x-fhir-query
* group[=].population[=].criteria.expression = "Task?code=http://godstart.dk/fhir/CodeSystem/hub-task-code|postnatal-home-visit"
* group[=].population[+].code = PostnatalPopulationCodes#home-visit-completed
* group[=].population[=].description = "Of those with a task, the task is completed."
* group[=].population[=].criteria.language = #application/x-fhir-query
* group[=].population[=].criteria.expression = "Task?code=http://godstart.dk/fhir/CodeSystem/hub-task-code|postnatal-home-visit&status=completed"
