// The subscription topics the hub offers (Subscriptions R5 Backport, R4 form: a Basic per topic whose elements are
// FHIR R5 SubscriptionTopic elements carried as cross-version extensions). A subscriber names a topic in
// Subscription.criteria and narrows it with backport-filter-criteria to its own organisation.
// The hub's matching is code (camel-routes HubTopic); these resources tell clients what exists and how to filter.
//
// SubscriptionTopic.status is a modifier element in R5, so its cross-version extension is a modifier extension and
// goes in Basic.modifierExtension; everything else is an ordinary extension.

RuleSet: SubscriptionTopicHeader(url, title, description)
* code = $fhirTypes#SubscriptionTopic
* modifierExtension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.status"
* modifierExtension[=].valueCode = #draft
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.url"
* extension[=].valueUri = "{url}"
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.version"
* extension[=].valueString = "0.1.0"
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.title"
* extension[=].valueString = {title}
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.description"
* extension[=].valueMarkdown = {description}

RuleSet: SubscriptionTopicFilter(resource, parameter, description)
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.canFilterBy"
* extension[=].extension[+].url = "description"
* extension[=].extension[=].valueMarkdown = {description}
* extension[=].extension[+].url = "resource"
* extension[=].extension[=].valueUri = "http://hl7.org/fhir/StructureDefinition/{resource}"
* extension[=].extension[+].url = "filterParameter"
* extension[=].extension[=].valueString = "{parameter}"

Instance: notification-to-organisation
InstanceOf: Basic
Title: "Topic: a notification addressed to an organisation"
Description: "What a municipal case system subscribes to: a notification (HubNotification) addressed to one of its units was created. Filter by recipient=Organization/<own unit>."
Usage: #definition
* insert SubscriptionTopicHeader(http://godstart.dk/fhir/SubscriptionTopic/notification-to-organisation, "Notification to an organisation", "A HubNotification addressed to the filtered organisation was created: one event per notification\, whatever its delivery status becomes later.")
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.resourceTrigger"
* extension[=].extension[+].url = "description"
* extension[=].extension[=].valueMarkdown = "A notification was created."
* extension[=].extension[+].url = "resource"
* extension[=].extension[=].valueUri = "http://hl7.org/fhir/StructureDefinition/Communication"
* extension[=].extension[+].url = "supportedInteraction"
* extension[=].extension[=].valueCode = #create
* insert SubscriptionTopicFilter(Communication, recipient, "The organisation the notification is addressed to; must be the subscriber's own.")

Instance: referral-status-changed
InstanceOf: Basic
Title: "Topic: a referral's status changed"
Description: "What a referrer or a family ambulatory subscribes to: the task of a family-ambulatory referral was created or its status changed (accepted, rejected, completed, ...). Filter by requester or owner."
Usage: #definition
* insert SubscriptionTopicHeader(http://godstart.dk/fhir/SubscriptionTopic/referral-status-changed, "Referral status changed", "A referral task was created or its status changed; edits that leave the status as it was are no event.")
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.resourceTrigger"
* extension[=].extension[+].url = "description"
* extension[=].extension[=].valueMarkdown = "A referral task was created, or updated with another status than before."
* extension[=].extension[+].url = "resource"
* extension[=].extension[=].valueUri = "http://hl7.org/fhir/StructureDefinition/Task"
* extension[=].extension[+].url = "supportedInteraction"
* extension[=].extension[=].valueCode = #create
* extension[=].extension[+].url = "supportedInteraction"
* extension[=].extension[=].valueCode = #update
* extension[=].extension[+].url = "fhirPathCriteria"
* extension[=].extension[=].valueString = "%previous.empty() or (%previous.status != %current.status)"
* insert SubscriptionTopicFilter(Task, requester, "The referrer: the organisation that asked; must be the subscriber's own.")
* insert SubscriptionTopicFilter(Task, owner, "The family ambulatory that holds the task; must be the subscriber's own.")

Instance: care-plan-changed
InstanceOf: Basic
Title: "Topic: something changed in the woman's network"
Description: "What a member of a woman's network subscribes to: the hub told it that the team, the plan, a task of the plan, a network meeting or its minutes changed (a HubNotification of one of the four network events, addressed to it, was created). Filter by recipient=Organization/<own unit>."
Usage: #definition
* insert SubscriptionTopicHeader(http://godstart.dk/fhir/SubscriptionTopic/care-plan-changed, "Care plan changed", "A HubNotification of one of the four network events\, care-team-changed\, care-plan-changed\, care-task-changed or network-meeting-changed\, addressed to the filtered organisation was created: one event per notification. A member is told only while it is a current member of the network\, under an agreement term whose legal basis holds.")
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.resourceTrigger"
* extension[=].extension[+].url = "description"
* extension[=].extension[=].valueMarkdown = "A notification of a network event was created."
* extension[=].extension[+].url = "resource"
* extension[=].extension[=].valueUri = "http://hl7.org/fhir/StructureDefinition/Communication"
* extension[=].extension[+].url = "supportedInteraction"
* extension[=].extension[=].valueCode = #create
* extension[=].extension[+].url = "fhirPathCriteria"
* extension[=].extension[=].valueString = "%current.topic.coding.where(system = 'http://godstart.dk/fhir/CodeSystem/message-event' and (code = 'care-team-changed' or code = 'care-plan-changed' or code = 'care-task-changed' or code = 'network-meeting-changed')).exists()"
* insert SubscriptionTopicFilter(Communication, recipient, "The member organisation told; must be the subscriber's own.")


// ---------------------------------------------------------------- cross-version extensions
// The definitions of the R5 SubscriptionTopic cross-version extensions the topics above use. HL7 generates them (the
// package hl7.fhir.xver-extensions, "Extensions for Using Data Elements from FHIR R5 in FHIR R4"); validators load
// that package from the FHIR package registry, which our builds and the hub cannot reach, and without it both HAPI's
// and HL7's validator reject every http://hl7.org/fhir/5.0/ extension URL ("invalid Version '5.0'"). As with DK
// Core's municipality extension, the guide re-declares them with HL7's URLs, limited to the elements the topics use:
// instances stay wire-compatible, and once the package is loadable these definitions can be deleted.

RuleSet: CrossVersionTopicExtension(element)
* ^url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.{element}"
* insert ConformanceMetadata
* insert ExtensionContext(Basic)

Extension: SubscriptionTopicUrlR5
Id: extension-SubscriptionTopic.url
Title: "R5 SubscriptionTopic.url (cross-version, re-declared)"
Description: "SubscriptionTopic.url from FHIR R5 for use in FHIR R4: the topic's canonical URL, which Subscription.criteria names. Re-declared with HL7's URL because the cross-version package cannot be loaded offline."
* insert CrossVersionTopicExtension(url)
* value[x] 1..1
* value[x] only uri

Extension: SubscriptionTopicVersionR5
Id: extension-SubscriptionTopic.version
Title: "R5 SubscriptionTopic.version (cross-version, re-declared)"
Description: "SubscriptionTopic.version from FHIR R5 for use in FHIR R4: the business version of the topic. Re-declared with HL7's URL because the cross-version package cannot be loaded offline."
* insert CrossVersionTopicExtension(version)
* value[x] 1..1
* value[x] only string

Extension: SubscriptionTopicTitleR5
Id: extension-SubscriptionTopic.title
Title: "R5 SubscriptionTopic.title (cross-version, re-declared)"
Description: "SubscriptionTopic.title from FHIR R5 for use in FHIR R4: a human-friendly name of the topic. Re-declared with HL7's URL because the cross-version package cannot be loaded offline."
* insert CrossVersionTopicExtension(title)
* value[x] 1..1
* value[x] only string

Extension: SubscriptionTopicStatusR5
Id: extension-SubscriptionTopic.status
Title: "R5 SubscriptionTopic.status (cross-version, re-declared)"
Description: "SubscriptionTopic.status from FHIR R5 for use in FHIR R4: draft, active, retired or unknown. SubscriptionTopic.status is a modifier element, so this is a modifier extension (Basic.modifierExtension). Re-declared with HL7's URL because the cross-version package cannot be loaded offline."
* insert CrossVersionTopicExtension(status)
* . ^isModifier = true
* . ^isModifierReason = "A retired topic, or one entered in error, must not be subscribed to; the status is needed to read the topic correctly."
* value[x] 1..1
* value[x] only code
* valueCode from http://hl7.org/fhir/ValueSet/publication-status|4.0.1 (required)

Extension: SubscriptionTopicDescriptionR5
Id: extension-SubscriptionTopic.description
Title: "R5 SubscriptionTopic.description (cross-version, re-declared)"
Description: "SubscriptionTopic.description from FHIR R5 for use in FHIR R4: what the topic is about, in prose. Re-declared with HL7's URL because the cross-version package cannot be loaded offline."
* insert CrossVersionTopicExtension(description)
* value[x] 1..1
* value[x] only markdown

Extension: SubscriptionTopicResourceTriggerR5
Id: extension-SubscriptionTopic.resourceTrigger
Title: "R5 SubscriptionTopic.resourceTrigger (cross-version, re-declared)"
Description: "SubscriptionTopic.resourceTrigger from FHIR R5 for use in FHIR R4: which writes of which resource type trigger the topic. Re-declared with HL7's URL, with the elements the guide's topics use, because the cross-version package cannot be loaded offline."
* insert CrossVersionTopicExtension(resourceTrigger)
* extension contains
    description 0..1 and
    resource 1..1 and
    supportedInteraction 0..* and
    fhirPathCriteria 0..1
* extension[description].value[x] only markdown
* extension[description] ^short = "Text representation of the resource trigger"
* extension[resource].value[x] only uri
* extension[resource] ^short = "Data type or resource (canonical URL of its definition) that triggers the topic"
* extension[supportedInteraction].value[x] only code
* extension[supportedInteraction] ^short = "create | update | delete"
* extension[supportedInteraction].valueCode obeys godstart-topic-interaction
* extension[fhirPathCriteria].value[x] only string
* extension[fhirPathCriteria] ^short = "FHIRPath based trigger rule (%previous and %current)"
* value[x] 0..0

Invariant: godstart-topic-interaction
Description: "An interaction that triggers a topic is create, update or delete (R5 interaction-trigger codes)."
Severity: #error
Expression: "$this = 'create' or $this = 'update' or $this = 'delete'"

Extension: SubscriptionTopicCanFilterByR5
Id: extension-SubscriptionTopic.canFilterBy
Title: "R5 SubscriptionTopic.canFilterBy (cross-version, re-declared)"
Description: "SubscriptionTopic.canFilterBy from FHIR R5 for use in FHIR R4: a filter a subscriber may apply to the topic (backport-filter-criteria). Re-declared with HL7's URL, with the elements the guide's topics use, because the cross-version package cannot be loaded offline."
* insert CrossVersionTopicExtension(canFilterBy)
* extension contains
    description 0..1 and
    resource 0..1 and
    filterParameter 1..1
* extension[description].value[x] only markdown
* extension[description] ^short = "Description of this filter parameter"
* extension[resource].value[x] only uri
* extension[resource] ^short = "Resource type (canonical URL of its definition) the filter applies to"
* extension[filterParameter].value[x] only string
* extension[filterParameter] ^short = "Name of the search parameter a subscriber filters with"
* value[x] 0..0
