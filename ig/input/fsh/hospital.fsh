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
Description: "Ditte's admission, as the ward's ADT feed reported it (A01, then the newborn's A01 naming her as mother), linked to her pregnancy."
Usage: #example
* identifier.system = "http://godstart.dk/fhir/sid/visit-number/524611000016009"
* identifier.value = "V20251124-0042"
* status = #finished
* class = $v3ActCode#IMP "inpatient encounter"
* type = EncounterTypeCodes#delivery "Delivery"
* extension[+].url = "http://godstart.dk/fhir/StructureDefinition/delivery-time"
* extension[=].valueDateTime = "2025-11-24T14:12:00+01:00"
* subject = Reference(Patient/ditte)
* episodeOfCare = Reference(EpisodeOfCare/ditte-pregnancy)
* period.start = "2025-11-24T08:30:00+01:00"
* period.end = "2025-11-25T10:00:00+01:00"
* serviceProvider = Reference(Organization/familieambulatoriet-nordjylland)
