// The subscription topics the hub offers (Subscriptions R5 Backport, R4 form: a Basic per topic). A subscriber
// names a topic in Subscription.criteria and narrows it with backport-filter-criteria to its own organisation.
// The hub's matching is code (camel-routes HubTopic); these resources tell clients what exists and how to filter.

RuleSet: SubscriptionTopicHeader(url, title, description)
* code = $fhirTypes#SubscriptionTopic
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.url"
* extension[=].valueUri = "{url}"
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.version"
* extension[=].valueString = "0.1.0"
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.title"
* extension[=].valueString = {title}
* extension[+].url = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.status"
* extension[=].valueCode = #draft
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
