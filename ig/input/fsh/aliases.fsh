// Every alias the guide uses, in one place, so a system URI is spelled once.

// National identifier systems
Alias: $cpr = urn:oid:1.2.208.176.1.2
Alias: $sor = urn:oid:1.2.208.176.1.1
Alias: $gln = urn:oid:1.3.88
Alias: $iso3166-2 = urn:iso:std:iso:3166:-2
Alias: $iso3166 = urn:iso:std:iso:3166

// DK Core names we re-declare because DK Core cannot be loaded offline (see patient.fsh)
Alias: $dkMunicipalityCS = http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes
Alias: $dkMunicipalityExt = http://hl7.dk/fhir/core/StructureDefinition/dk-core-municipalityCodes

// International terminologies
Alias: $sct = http://snomed.info/sct
Alias: $ucum = http://unitsofmeasure.org
Alias: $endpointConnectionType = http://terminology.hl7.org/CodeSystem/endpoint-connection-type
Alias: $subscriptionChannelType = http://hl7.org/fhir/subscription-channel-type
Alias: $taskCode = http://hl7.org/fhir/CodeSystem/task-code
Alias: $taskStatus = http://hl7.org/fhir/task-status
Alias: $provenanceParticipantType = http://terminology.hl7.org/CodeSystem/provenance-participant-type
Alias: $provenanceEntityRole = http://hl7.org/fhir/provenance-entity-role
Alias: $practitionerRole = http://terminology.hl7.org/CodeSystem/practitioner-role
Alias: $v3RoleCode = http://terminology.hl7.org/CodeSystem/v3-RoleCode

// Core extensions reused instead of inventing our own
Alias: $workflowEpisodeOfCare = http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare

// GodStart code systems
Alias: $organizationType = http://godstart.dk/fhir/CodeSystem/organization-type
Alias: $careLevel = http://godstart.dk/fhir/CodeSystem/pregnancy-care-level
Alias: $careLevelSubgroup = http://godstart.dk/fhir/CodeSystem/care-level-subgroup
Alias: $careLevelReason = http://godstart.dk/fhir/CodeSystem/care-level-reason
Alias: $pregnancyObservation = http://godstart.dk/fhir/CodeSystem/pregnancy-observation-code
Alias: $episodeType = http://godstart.dk/fhir/CodeSystem/episode-type
Alias: $hubService = http://godstart.dk/fhir/CodeSystem/hub-service-type
Alias: $hubTask = http://godstart.dk/fhir/CodeSystem/hub-task-code
Alias: $referralReason = http://godstart.dk/fhir/CodeSystem/referral-reason
Alias: $referralRejectionReason = http://godstart.dk/fhir/CodeSystem/referral-rejection-reason
Alias: $referrerRole = http://godstart.dk/fhir/CodeSystem/referrer-role
Alias: $agreementTopic = http://godstart.dk/fhir/CodeSystem/agreement-topic
Alias: $agreementTargetGroup = http://godstart.dk/fhir/CodeSystem/agreement-target-group
Alias: $agreementTermRole = http://godstart.dk/fhir/CodeSystem/agreement-term-role
Alias: $messageEvent = http://godstart.dk/fhir/CodeSystem/message-event
Alias: $destinationUse = http://godstart.dk/fhir/CodeSystem/destination-use
Alias: $provenanceActivity = http://godstart.dk/fhir/CodeSystem/provenance-activity
Alias: $parkReason = http://godstart.dk/fhir/CodeSystem/park-reason
Alias: $residentialDeclinedReason = http://godstart.dk/fhir/CodeSystem/residential-declined-reason
Alias: $residentialDischargeOutcome = http://godstart.dk/fhir/CodeSystem/residential-discharge-outcome

// Subscriptions R5 Backport on R4: topics are Basic resources carrying R5 SubscriptionTopic elements as extensions
Alias: $fhirTypes = http://hl7.org/fhir/fhir-types
Alias: $v3ActCode = http://terminology.hl7.org/CodeSystem/v3-ActCode

// Consent and legal bases
Alias: $loinc = http://loinc.org
Alias: $consentScope = http://terminology.hl7.org/CodeSystem/consentscope
Alias: $consentAction = http://terminology.hl7.org/CodeSystem/consentaction
Alias: $consentStateCodes = http://hl7.org/fhir/consent-state-codes
Alias: $v3ParticipationType = http://terminology.hl7.org/CodeSystem/v3-ParticipationType
Alias: $legalBasis = http://godstart.dk/fhir/CodeSystem/legal-basis
Alias: $disclosurePurpose = http://godstart.dk/fhir/CodeSystem/disclosure-purpose
Alias: $concernReason = http://godstart.dk/fhir/CodeSystem/concern-reason

// The woman's network
Alias: $networkRole = http://godstart.dk/fhir/CodeSystem/network-role
Alias: $networkActivity = http://godstart.dk/fhir/CodeSystem/network-activity

// Partners and children
Alias: $relatedPersonRole = http://godstart.dk/fhir/CodeSystem/related-person-role

// MedCom's FHIR messaging names the hub's messages and acknowledgements carry beside its own (re-declared in
// medcom.fsh: MedCom's packages cannot be loaded offline)
Alias: $medcomEvent = http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes
Alias: $medcomActivity = http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes
Alias: $medcomDestinationUse = http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse
Alias: $responseCode = http://hl7.org/fhir/response-code
Alias: $acknowledgementMode = http://godstart.dk/fhir/CodeSystem/acknowledgement-mode
