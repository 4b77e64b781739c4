// Search parameters the workflows need beyond FHIR core's.

// A municipality asks for its citizens' referrals by chaining through the patient:
// ServiceRequest?subject:Patient.municipality=0851. Chaining keeps the municipality on the
// Patient, where it changes when she moves, instead of copying it into every referral.
Instance: patient-municipality
InstanceOf: SearchParameter
Title: "Patient municipality"
Usage: #definition
* insert SearchParameterDefinition(patient-municipality, municipality, Patient, token)
* name = "PatientMunicipality"
* description = "The municipality code (DK Core municipality extension) on the patient's address. Chain it from a referral: `ServiceRequest?subject:Patient.municipality=0851`."
* expression = "Patient.address.extension('http://hl7.dk/fhir/core/StructureDefinition/dk-core-municipalityCodes').value.ofType(CodeableConcept)"

Instance: contract-party
InstanceOf: SearchParameter
Title: "Agreement party"
Usage: #definition
* insert SearchParameterDefinition(contract-party, party, Contract, reference)
* name = "ContractParty"
* description = "An organisation that is party to a cross-sector agreement. Routing asks for the agreements of the sender's and the recipient's parties."
* expression = "Contract.extension('http://godstart.dk/fhir/StructureDefinition/agreement-party').value.ofType(Reference)"
* target = #Organization

Instance: contract-topic
InstanceOf: SearchParameter
Title: "Agreement topic"
Usage: #definition
* insert SearchParameterDefinition(contract-topic, topic, Contract, token)
* name = "ContractTopic"
* description = "The topic of a cross-sector agreement, e.g. vulnerable-pregnant-women or breastfeeding."
* expression = "Contract.topic.ofType(CodeableConcept)"

Instance: contract-event
InstanceOf: SearchParameter
Title: "Agreement message event"
Usage: #definition
* insert SearchParameterDefinition(contract-event, event, Contract, token)
* name = "ContractEvent"
* description = "A message event that a term of the agreement governs. With party and status it answers: may this notification be sent?"
* expression = "Contract.term.type"

Instance: contract-applies
InstanceOf: SearchParameter
Title: "Agreement in force"
Usage: #definition
* insert SearchParameterDefinition(contract-applies, applies, Contract, date)
* name = "ContractApplies"
* description = "The period the agreement is in force; `applies=le2025-04-07&applies=ge2025-04-07` finds the agreements in force that day."
* expression = "Contract.applies"

Instance: observation-care-level
InstanceOf: SearchParameter
Title: "Pregnancy care level"
Usage: #definition
* insert SearchParameterDefinition(observation-care-level, care-level, Observation, token)
* name = "ObservationCareLevel"
* description = "The assessed level (1-4) of a pregnancy care-level observation: `Observation?care-level=http://godstart.dk/fhir/CodeSystem/pregnancy-care-level|4`."
* expression = "Observation.where(code.coding.where(system = 'http://godstart.dk/fhir/CodeSystem/pregnancy-observation-code' and code = 'care-level').exists()).value.ofType(CodeableConcept)"

Instance: episodeofcare-expected-delivery-date
InstanceOf: SearchParameter
Title: "Expected delivery date"
Usage: #definition
* insert SearchParameterDefinition(episodeofcare-expected-delivery-date, expected-delivery-date, EpisodeOfCare, date)
* name = "EpisodeOfCareExpectedDeliveryDate"
* description = "The expected delivery date of a pregnancy; health visitors plan by it."
* expression = "EpisodeOfCare.extension('http://godstart.dk/fhir/StructureDefinition/expected-delivery-date').value.ofType(date)"

Instance: communication-topic
InstanceOf: SearchParameter
Title: "Notification event"
Usage: #definition
* insert SearchParameterDefinition(communication-topic, topic, Communication, token)
* name = "CommunicationTopic"
* description = "The event a hub notification is about, e.g. referral-accepted."
* expression = "Communication.topic"

Instance: healthcareservice-free-places
InstanceOf: SearchParameter
Title: "Free residential places"
Usage: #definition
* insert SearchParameterDefinition(healthcareservice-free-places, free-places, HealthcareService, number)
* name = "HealthcareServiceFreePlaces"
* description = "How many residential places a unit has free: `HealthcareService?free-places=gt0`."
* expression = "HealthcareService.extension('http://godstart.dk/fhir/StructureDefinition/free-places').value.ofType(unsignedInt)"

Instance: communication-status-reason
InstanceOf: SearchParameter
Title: "Why a notification is held back"
Usage: #definition
* insert SearchParameterDefinition(communication-status-reason, status-reason, Communication, token)
* name = "CommunicationStatusReason"
* description = "Why the hub parked a notification or is resending it (the park-reason code system), e.g. `Communication?status=on-hold&status-reason=no-agreement`: the operators' console filters by it."
* expression = "Communication.statusReason"
