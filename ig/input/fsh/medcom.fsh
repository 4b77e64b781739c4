// MedCom's FHIR messaging, as far as the hub speaks it. MedCom's packages cannot be loaded
// offline, so, as for DK Core (patient.fsh), the guide re-declares the names it uses under
// MedCom's own canonical URLs: the code systems hold only the codes the hub sends or reads
// (content = fragment), and nothing binds them with required strength, so a validator never
// refuses one of MedCom's codes the guide does not list.

CodeSystem: MedComMessagingEventCodes
Id: medcom-messaging-eventCodes
Title: "MedCom messaging event codes (the part the hub uses)"
Description: "MedCom's message types; the hub uses only the acknowledgement message. Its own events are the guide's message-event codes (MedCom has codes only for its own message types)."
* ^url = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes"
* insert ConformanceMetadata
* ^caseSensitive = false
* ^content = #fragment
* #acknowledgement-message "Acknowledgement Message" "A receipt for a delivered message: how its delivery went."

CodeSystem: MedComMessagingActivityCodes
Id: medcom-messaging-activityCodes
Title: "MedCom messaging activity codes (the part the hub uses)"
Description: "What happened to a message, as MedCom's Provenance says it; the hub carries these beside its own provenance-activity codes."
* ^url = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes"
* insert ConformanceMetadata
* ^caseSensitive = false
* ^content = #fragment
* #new-message "A new message has been sent"
* #forward-message "A message has been forwarded"
* #reply-message "A message has been replied to"
* #retract-message "A message has been retracted"
* #acknowledgement "An acknowledgement has been sent"

CodeSystem: MedComMessagingDestinationUseCodes
Id: medcom-messaging-destinationUse
Title: "MedCom destination uses"
Description: "Whether a destination is the primary receiver or a copy, as MedCom says it."
* ^url = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse"
* insert ConformanceMetadata
* ^caseSensitive = false
* ^content = #fragment
* #primary "Primary receiver"
* #cc "Carbon copy receiver"

ValueSet: MedComDestinationUses
Id: medcom-destination-use
Title: "MedCom destination uses"
Description: "The destination uses the hub sends in MedCom's extension."
* insert GodStartValueSet
* $medcomDestinationUse#primary
* $medcomDestinationUse#cc

Extension: MedComMessagingDestinationUseExtension
Id: medcom-messaging-destinationUseExtension
Title: "MedCom destination use"
Description: "MedCom's extension saying whether a destination is the primary receiver or a copy. The hub sends it beside its own destination-use, so a MedCom receiver recognises who is to act."
* ^url = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension"
* insert ConformanceMetadata
* insert ExtensionContext(MessageHeader.destination)
* value[x] 1..1
* value[x] only Coding
// extensible: the code system here is a fragment of MedCom's
* valueCoding from MedComDestinationUses (extensible)
