// Cross-sector agreements (samarbejdsaftaler): who tells whom about what, and on which legal basis.

Profile: CrossSectorAgreement
Parent: Contract
Id: cross-sector-agreement
Title: "Cross-Sector Agreement"
Description: "A written collaboration agreement between regions, hospitals, municipalities, the GP organisation and partners: who is party, what it is about, for whom, when it is in force and when it is reviewed, and which notifications flow between which parties within which deadline, each on a named legal basis. The agreement is not itself a permission: the hub sends a notification only when an agreement in force covers it and the legal basis its term names holds at that moment."
* insert ConformanceMetadata
* obeys agreement-term-parties-are-parties and agreement-duty-to-notify-only-for-concerns
* extension contains
    AgreementParty named party 2..* MS and
    AgreementTargetGroup named targetGroup 1..* MS and
    NextReviewDate named nextReviewDate 0..1 MS and
    ReviewInterval named reviewInterval 0..1 MS
* identifier MS
* url MS
* version MS
// The hub treats an agreement as in force when its status is executed, amended, appended
// or renewed and today lies within applies.
* status 1..1 MS
* issued MS
* issued ^short = "When the agreement was approved"
* applies 1..1 MS
* applies.start 1..1 MS
* applies.end MS
* name MS
* title 1..1 MS
* subtitle MS
* topic[x] 1..1 MS
* topic[x] only CodeableConcept
* topicCodeableConcept from AgreementTopics (required)
* term MS
* term ^short = "One notification flow: an event, its senders and recipients, and the deadline"
* term.extension contains
    NotificationDeadline named deadline 0..1 MS and
    LegalBasis named legalBasis 1..1 MS
* term.type 1..1 MS
* term.type from MessageEvents (required)
* term.type ^short = "The event whose notification this term governs"
* term.text MS
* term.offer.party ^slicing.discriminator.type = #pattern
* term.offer.party ^slicing.discriminator.path = "role"
* term.offer.party ^slicing.rules = #closed
* term.offer.party ^slicing.description = "Exactly one sender and one recipient group per term"
* term.offer.party contains
    sender 1..1 MS and
    recipient 1..1 MS
* term.offer.party[sender].reference only Reference(DkMaternityOrganization)
* term.offer.party[sender].reference ^short = "Parties whose units may send this notification"
* term.offer.party[sender].role = $agreementTermRole#sender "Sender"
* term.offer.party[recipient].reference only Reference(DkMaternityOrganization)
* term.offer.party[recipient].reference ^short = "Parties whose units are to receive it"
* term.offer.party[recipient].role = $agreementTermRole#recipient "Recipient"

Invariant: agreement-duty-to-notify-only-for-concerns
Description: "The statutory duty to notify covers concern notifications and their answers, nothing else."
Severity: #error
Expression: "term.where(extension('http://godstart.dk/fhir/StructureDefinition/legal-basis').value = 'duty-to-notify').all(type.coding.where(system = 'http://godstart.dk/fhir/CodeSystem/message-event' and (code = 'concern-notified' or code = 'concern-received' or code = 'concern-answered')).exists())"

Invariant: agreement-term-parties-are-parties
Description: "Senders and recipients named in the terms are parties to the agreement: an agreement cannot bind an organisation that has not signed it."
Severity: #error
Expression: "term.offer.party.reference.reference.subsetOf(%resource.extension('http://godstart.dk/fhir/StructureDefinition/agreement-party').value.reference)"

// Contract.signer would need a captured signature for every party. The hub records
// agreements as reference data for routing and holds no signatures, so the parties are
// listed in an extension instead; see the profile's intro page.
Extension: AgreementParty
Id: agreement-party
Title: "Agreement party"
Description: "An organisation that is party to the agreement: a region, a municipality, a hospital, the GP organisation or a civil-society partner. Units below a party (partOf) act under the party's agreements."
* insert ConformanceMetadata
* insert ExtensionContext(Contract)
* value[x] 1..1
* value[x] only Reference(DkMaternityOrganization)

Extension: AgreementTargetGroup
Id: agreement-target-group
Title: "Agreement target group"
Description: "Whom the agreement is for."
* insert ConformanceMetadata
* insert ExtensionContext(Contract)
* value[x] 1..1
* value[x] only CodeableConcept
* valueCodeableConcept from AgreementTargetGroups (extensible)

Extension: NextReviewDate
Id: next-review-date
Title: "Next review date"
Description: "When the parties are next to review the agreement. Agreements are rewritten as responsibilities move (e.g. the 2027 health reform), so a passed review date is a signal to check the agreement."
* insert ConformanceMetadata
* insert ExtensionContext(Contract)
* value[x] 1..1
* value[x] only date

Extension: ReviewInterval
Id: review-interval
Title: "Review interval"
Description: "How often the agreement is reviewed, e.g. every second year."
* insert ConformanceMetadata
* insert ExtensionContext(Contract)
* value[x] 1..1
* value[x] only Duration
* valueDuration.value 1..1
* valueDuration.system 1..1
* valueDuration.system = $ucum (exactly)
* valueDuration.code 1..1

Extension: NotificationDeadline
Id: notification-deadline
Title: "Notification deadline"
Description: "How long after the event the recipients are to have the notification. The hub alerts when an undelivered notification passes its deadline."
* insert ConformanceMetadata
* insert ExtensionContext(Contract.term)
* value[x] 1..1
* value[x] only Duration
* valueDuration.value 1..1
* valueDuration.system 1..1
* valueDuration.system = $ucum (exactly)
* valueDuration.code 1..1

CodeSystem: AgreementTopicCodes
Id: agreement-topic
Title: "Agreement topics"
Description: "What a cross-sector agreement in maternity care is about."
* insert GodStartCodeSystem
* #vulnerable-pregnant-women "Vulnerable pregnant women" "Collaboration on pregnant women in vulnerable positions (sårbare gravide)."
* #family-ambulatory "Family ambulatory" "Collaboration between the family ambulatory and the municipalities."
* #substance-use "Substance use" "Pregnant women and partners with use of alcohol, drugs or dependency-forming medicine."
* #breastfeeding "Breastfeeding" "Breastfeeding and infant nutrition."
* #postnatal-home-visits "Postnatal home visits" "Discharge after birth and the municipality's home visits."
* #residential-treatment "Residential treatment" "24-hour residential treatment places for pregnant women with harmful substance use."
* #civil-society-partnership "Civil-society partnership" "Referral of families to a civil-society partner's services."

ValueSet: AgreementTopics
Id: agreement-topic
Title: "Agreement topics"
Description: "All agreement topics."
* insert AllCodesFrom($agreementTopic)

CodeSystem: AgreementTargetGroupCodes
Id: agreement-target-group
Title: "Agreement target groups"
Description: "Groups of women and families that agreements are written for."
* insert GodStartCodeSystem
* #all-pregnant-women "All pregnant women"
* #vulnerable-pregnant-women "Vulnerable pregnant women" "Pregnant women at care level 3 or 4."
* #pregnant-women-with-substance-use "Pregnant women with substance use" "Pregnant women, and their partners, with use of alcohol, drugs or dependency-forming medicine."
* #care-level-3-families "Care level 3 families"
* #first-time-mothers "First-time mothers"
* #families-with-infants "Families with infants" "Mothers, partners and their newborn children after birth."

ValueSet: AgreementTargetGroups
Id: agreement-target-group
Title: "Agreement target groups"
Description: "All agreement target groups."
* insert AllCodesFrom($agreementTargetGroup)

CodeSystem: AgreementTermRoleCodes
Id: agreement-term-role
Title: "Agreement term roles"
Description: "The part a party plays in a notification flow."
* insert GodStartCodeSystem
* #sender "Sender" "The party whose units send the notification."
* #recipient "Recipient" "The party whose units receive the notification."

RuleSet: NorthJutlandMunicipalitiesAsParties
* extension[party][+].valueReference = Reference(Organization/morsoe-municipality)
* extension[party][+].valueReference = Reference(Organization/thisted-municipality)
* extension[party][+].valueReference = Reference(Organization/broenderslev-municipality)
* extension[party][+].valueReference = Reference(Organization/frederikshavn-municipality)
* extension[party][+].valueReference = Reference(Organization/vesthimmerland-municipality)
* extension[party][+].valueReference = Reference(Organization/laesoe-municipality)
* extension[party][+].valueReference = Reference(Organization/rebild-municipality)
* extension[party][+].valueReference = Reference(Organization/mariagerfjord-municipality)
* extension[party][+].valueReference = Reference(Organization/jammerbugt-municipality)
* extension[party][+].valueReference = Reference(Organization/aalborg-municipality)
* extension[party][+].valueReference = Reference(Organization/hjoerring-municipality)

RuleSet: NorthJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].reference[+] = Reference(Organization/morsoe-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/thisted-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/broenderslev-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/frederikshavn-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/vesthimmerland-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/laesoe-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/rebild-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/mariagerfjord-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/jammerbugt-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/aalborg-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/hjoerring-municipality)

RuleSet: CentralJutlandMunicipalitiesAsParties
* extension[party][+].valueReference = Reference(Organization/horsens-municipality)
* extension[party][+].valueReference = Reference(Organization/herning-municipality)
* extension[party][+].valueReference = Reference(Organization/holstebro-municipality)
* extension[party][+].valueReference = Reference(Organization/lemvig-municipality)
* extension[party][+].valueReference = Reference(Organization/struer-municipality)
* extension[party][+].valueReference = Reference(Organization/syddjurs-municipality)
* extension[party][+].valueReference = Reference(Organization/norddjurs-municipality)
* extension[party][+].valueReference = Reference(Organization/favrskov-municipality)
* extension[party][+].valueReference = Reference(Organization/odder-municipality)
* extension[party][+].valueReference = Reference(Organization/randers-municipality)
* extension[party][+].valueReference = Reference(Organization/silkeborg-municipality)
* extension[party][+].valueReference = Reference(Organization/samsoe-municipality)
* extension[party][+].valueReference = Reference(Organization/skanderborg-municipality)
* extension[party][+].valueReference = Reference(Organization/aarhus-municipality)
* extension[party][+].valueReference = Reference(Organization/ikast-brande-municipality)
* extension[party][+].valueReference = Reference(Organization/ringkoebing-skjern-municipality)
* extension[party][+].valueReference = Reference(Organization/hedensted-municipality)
* extension[party][+].valueReference = Reference(Organization/skive-municipality)
* extension[party][+].valueReference = Reference(Organization/viborg-municipality)

RuleSet: CentralJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].reference[+] = Reference(Organization/horsens-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/herning-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/holstebro-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/lemvig-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/struer-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/syddjurs-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/norddjurs-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/favrskov-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/odder-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/randers-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/silkeborg-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/samsoe-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/skanderborg-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/aarhus-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/ikast-brande-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/ringkoebing-skjern-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/hedensted-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/skive-municipality)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/viborg-municipality)

// The answer goes to the referring GP for her treatment, and to her municipality only on her consent.
RuleSet: FamilyAmbulatoryAnswerTerm(event, display)
* term[+].type = $messageEvent#{event} {display}
* term[=].extension[legalBasis].valueCode = #treatment
* term[=].text = "The family ambulatory's answer reaches the GPs, for her treatment. Illustrative: the sources describe the 2017 agreement's screening and collaboration model but name no notification flows and no deadlines; this flow and its 2-day deadline are the guide's example, not the agreement's."
* term[=].extension[deadline].valueDuration = 2 'd' "days"
* term[=].offer.party[sender].reference = Reference(Organization/region-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* term[=].offer.party[recipient].reference = Reference(Organization/plo-nordjylland)
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
* term[+].type = $messageEvent#{event} {display}
* term[=].extension[legalBasis].valueCode = #consent
* term[=].extension[deadline].valueDuration = 2 'd' "days"
* term[=].text = "The family ambulatory's answer reaches her municipality, on her consent only. Illustrative: neither this flow nor its 2-day deadline is from the 2017 agreement."
* term[=].offer.party[sender].reference = Reference(Organization/region-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* insert NorthJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"

RuleSet: ConcernAnswerTerm(event, display)
* term[+].type = $messageEvent#{event} {display}
* term[=].extension[legalBasis].valueCode = #duty-to-notify
* term[=].text = "The family department's answer to a concern goes back to the notifier, on the same duty."
* insert NorthJutlandMunicipalitiesAsSenders
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* term[=].offer.party[recipient].reference[+] = Reference(Organization/region-nordjylland)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/plo-nordjylland)
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"

RuleSet: NorthJutlandMunicipalitiesAsSenders
* term[=].offer.party[sender].reference[+] = Reference(Organization/morsoe-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/thisted-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/broenderslev-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/frederikshavn-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/vesthimmerland-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/laesoe-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/rebild-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/mariagerfjord-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/jammerbugt-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/aalborg-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/hjoerring-municipality)

// The woman's network: between the health-care parties (the region's family ambulatory and
// departments, the GPs) a change passes for her treatment; to and from every other member it
// passes on her consent. The hub tells only current members of her network (see network.fsh).
RuleSet: NorthJutlandNetworkTerms(event, display)
* term[+].type = $messageEvent#{event} {display}
* term[=].extension[legalBasis].valueCode = #treatment
* term[=].extension[deadline].valueDuration = 1 'd' "day"
* term[=].text = "A change in the woman's network passes between the health-care members of it (the region's family ambulatory and departments, the GPs), for her treatment. Illustrative: the 2017 agreement describes a collaboration model, not this flow or its 1-day deadline."
* term[=].offer.party[sender].reference[+] = Reference(Organization/region-nordjylland)
* term[=].offer.party[sender].reference[+] = Reference(Organization/plo-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* term[=].offer.party[recipient].reference[+] = Reference(Organization/region-nordjylland)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/plo-nordjylland)
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
* term[+].type = $messageEvent#{event} {display}
* term[=].extension[legalBasis].valueCode = #consent
* term[=].extension[deadline].valueDuration = 1 'd' "day"
* term[=].text = "A change in the woman's network passes between all members of it (region, GPs, municipalities, the shelter, the crisis centre), on her consent. Illustrative: neither this flow nor its 1-day deadline is from the 2017 agreement."
* term[=].offer.party[sender].reference[+] = Reference(Organization/region-nordjylland)
* term[=].offer.party[sender].reference[+] = Reference(Organization/plo-nordjylland)
* term[=].offer.party[sender].reference[+] = Reference(Organization/hjoerring-shelter)
* term[=].offer.party[sender].reference[+] = Reference(Organization/hjoerring-crisis-centre)
* insert NorthJutlandMunicipalitiesAsSenders
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* term[=].offer.party[recipient].reference[+] = Reference(Organization/region-nordjylland)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/plo-nordjylland)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/hjoerring-shelter)
* term[=].offer.party[recipient].reference[+] = Reference(Organization/hjoerring-crisis-centre)
* insert NorthJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"

RuleSet: CentralJutlandMunicipalitiesAsSenders
* term[=].offer.party[sender].reference[+] = Reference(Organization/horsens-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/herning-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/holstebro-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/lemvig-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/struer-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/syddjurs-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/norddjurs-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/favrskov-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/odder-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/randers-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/silkeborg-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/samsoe-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/skanderborg-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/aarhus-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/ikast-brande-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/ringkoebing-skjern-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/hedensted-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/skive-municipality)
* term[=].offer.party[sender].reference[+] = Reference(Organization/viborg-municipality)

RuleSet: CentralJutlandNetworkTerms(event, display)
* term[+].type = $messageEvent#{event} {display}
* term[=].extension[legalBasis].valueCode = #treatment
* term[=].extension[deadline].valueDuration = 1 'd' "day"
* term[=].text = "A change in the woman's network passes between the region's units in it (the family ambulatory, the obstetric departments), for her treatment. Illustrative: the sources name the agreement, not this flow or its 1-day deadline."
* term[=].offer.party[sender].reference = Reference(Organization/region-midtjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* term[=].offer.party[recipient].reference = Reference(Organization/region-midtjylland)
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
* term[+].type = $messageEvent#{event} {display}
* term[=].extension[legalBasis].valueCode = #consent
* term[=].extension[deadline].valueDuration = 1 'd' "day"
* term[=].text = "A change in the woman's network passes between the family ambulatory and the municipalities' units in it (substance treatment, family department), both ways, on her consent. Illustrative: the sources name the agreement, not this flow or its 1-day deadline."
* term[=].offer.party[sender].reference[+] = Reference(Organization/region-midtjylland)
* insert CentralJutlandMunicipalitiesAsSenders
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* term[=].offer.party[recipient].reference[+] = Reference(Organization/region-midtjylland)
* insert CentralJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"

// ---------------------------------------------------------------- examples

// What the sources say of this agreement (seed 004, 3.3): the North Jutland municipalities,
// Region Nordjylland and PLO-Nordjylland entered it in 2017; it describes a screening model
// to find vulnerable pregnant women, among them women with harmful substance use, and to
// collaborate on the follow-up; every second year the parties assess whether it needs
// revising. Everything else is illustrative and marked so in term.text: the sources name no
// notification flows and no deadlines, and the next review date is made up.
Instance: agreement-nordjylland-vulnerable-pregnant-women
InstanceOf: CrossSectorAgreement
Title: "North Jutland: agreement on vulnerable pregnant women"
Description: "The 11 North Jutland municipalities, Region Nordjylland and PLO-Nordjylland's agreement on vulnerable pregnant women (2017), with a common screening model; every second year the parties assess whether it needs revising. Its terms are illustrative: the sources give no notification flows or deadlines, so each term's text says what is the guide's example."
Usage: #example
* extension[party][+].valueReference = Reference(Organization/region-nordjylland)
* insert NorthJutlandMunicipalitiesAsParties
* extension[party][+].valueReference = Reference(Organization/plo-nordjylland)
// The shelter and the crisis centre in Janni's network are not units of a party, so they
// sign for their share in the network (illustrative: the sources name no such parties).
* extension[party][+].valueReference = Reference(Organization/hjoerring-shelter)
* extension[party][+].valueReference = Reference(Organization/hjoerring-crisis-centre)
* extension[targetGroup].valueCodeableConcept = $agreementTargetGroup#vulnerable-pregnant-women "Vulnerable pregnant women"
* extension[reviewInterval].valueDuration = 2 'a' "years"
* extension[nextReviewDate].valueDate = "2027-06-30"
* identifier.system = "http://godstart.dk/fhir/agreements"
* identifier.value = "nordjylland-saarbare-gravide"
* status = #executed
* applies.start = "2017"
* title = "Samarbejdsaftale om udsatte gravide, Nordjylland"
* topicCodeableConcept = $agreementTopic#vulnerable-pregnant-women "Vulnerable pregnant women"
// GPs refer to the family ambulatory (a unit of the region): between health professionals, for her treatment.
* term[+].type = $messageEvent#referral-created "Referral created"
* term[=].extension[legalBasis].valueCode = #treatment
* term[=].text = "GPs' referrals reach the family ambulatory (a unit of the region). Illustrative: the sources describe the 2017 agreement's screening and collaboration model, not this flow; no deadline is set."
* term[=].offer.party[sender].reference = Reference(Organization/plo-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* term[=].offer.party[recipient].reference = Reference(Organization/region-nordjylland)
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
// With the woman's consent the GP's referral also reaches her municipality's family department.
* term[+].type = $messageEvent#referral-created "Referral created"
* term[=].extension[legalBasis].valueCode = #consent
* term[=].text = "With the woman's consent the GP's referral also reaches her municipality. Illustrative: neither this flow nor its 1-day deadline is from the 2017 agreement; the sources give no deadlines."
* term[=].extension[deadline].valueDuration = 1 'd' "day"
* term[=].offer.party[sender].reference = Reference(Organization/plo-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* insert NorthJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
// The family ambulatory answers the referring GP and, with her consent, tells the woman's
// municipality that it has taken her on, turned her down or finished its course.
* insert FamilyAmbulatoryAnswerTerm(referral-accepted, "Referral accepted")
* insert FamilyAmbulatoryAnswerTerm(referral-rejected, "Referral rejected")
* insert FamilyAmbulatoryAnswerTerm(referral-completed, "Referral completed")
* term[+].type = $messageEvent#care-level-changed "Care level changed"
* term[=].extension[legalBasis].valueCode = #consent
* term[=].text = "A changed care level reaches the municipalities, on her consent only: a level alone tells nobody anything. Illustrative: neither this flow nor its 1-day deadline is from the 2017 agreement; the sources give no deadlines."
* term[=].extension[deadline].valueDuration = 1 'd' "day"
* term[=].offer.party[sender].reference = Reference(Organization/region-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* insert NorthJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
* term[+].type = $messageEvent#discharge "Discharged after birth"
* term[=].extension[legalBasis].valueCode = #consent
* term[=].text = "The discharge after birth reaches the municipalities, on her consent. Illustrative: neither this flow nor its 24-hour deadline is from the 2017 agreement; the sources give no deadlines."
* term[=].extension[deadline].valueDuration = 24 'h' "hours"
* term[=].offer.party[sender].reference = Reference(Organization/region-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* insert NorthJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
* term[+].type = $messageEvent#discharge "Discharged after birth"
* term[=].extension[legalBasis].valueCode = #treatment
* term[=].extension[deadline].valueDuration = 24 'h' "hours"
* term[=].text = "The discharge after birth reaches the GPs, for her and the child's treatment. Illustrative: neither this flow nor its 24-hour deadline is from the 2017 agreement."
* term[=].offer.party[sender].reference = Reference(Organization/region-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* term[=].offer.party[recipient].reference = Reference(Organization/plo-nordjylland)
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
// A professional's concern for an unborn child reaches her municipality's family department on
// the statutory duty to notify, whatever her consent says; the answer comes back the same way.
* term[+].type = $messageEvent#concern-notified "Concern notified"
* term[=].text = "A professional's concern for an unborn or newborn child reaches her municipality's family department on the statutory duty to notify, whatever her consent says. The flow follows the law; the 2017 agreement does not describe it."
* term[=].extension[legalBasis].valueCode = #duty-to-notify
* term[=].offer.party[sender].reference[+] = Reference(Organization/region-nordjylland)
* term[=].offer.party[sender].reference[+] = Reference(Organization/plo-nordjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* insert NorthJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"
* insert ConcernAnswerTerm(concern-received, "Concern received")
* insert ConcernAnswerTerm(concern-answered, "Concern answered")
// The woman's network: its team, plan, tasks, meetings and minutes (network.fsh).
* insert NorthJutlandNetworkTerms(care-team-changed, "Care team changed")
* insert NorthJutlandNetworkTerms(care-plan-changed, "Care plan changed")
* insert NorthJutlandNetworkTerms(care-task-changed, "Care task changed")
* insert NorthJutlandNetworkTerms(network-meeting-changed, "Network meeting changed")

Instance: agreement-midtjylland-breastfeeding
InstanceOf: CrossSectorAgreement
Title: "Central Jutland: agreement on breastfeeding"
Description: "Region Midtjylland and its 19 municipalities' agreement on breastfeeding and infant nutrition, approved on 19 December 2022 and in force from 1 May 2023. Each party bears its own costs."
Usage: #example
* extension[party][+].valueReference = Reference(Organization/region-midtjylland)
* insert CentralJutlandMunicipalitiesAsParties
* extension[targetGroup].valueCodeableConcept = $agreementTargetGroup#families-with-infants "Families with infants"
* identifier.system = "http://godstart.dk/fhir/agreements"
* identifier.value = "midtjylland-amning"
* status = #executed
* issued = "2022-12-19T00:00:00+01:00"
* applies.start = "2023-05-01"
* title = "Samarbejdsaftale om en styrket indsats vedrørende amning/barnets ernæring i Region Midtjylland"
* subtitle = "A professional framework, more IBCLC-certified lactation consultants, common competence development and an implementation network"
* topicCodeableConcept = $agreementTopic#breastfeeding "Breastfeeding"
// Health visitors need the discharge to start breastfeeding support at home; they are health
// professionals, so the discharge passes to them for her and the child's treatment.
* term[+].type = $messageEvent#discharge "Discharged after birth"
* term[=].extension[legalBasis].valueCode = #treatment
* term[=].text = "The discharge after birth reaches the municipalities, whose health visitors start breastfeeding support. Illustrative: the agreement as the sources describe it (four efforts, approved 19 December 2022, in force 1 May 2023) names no notification flow or deadline; the 24 hours are the guide's example."
* term[=].extension[deadline].valueDuration = 24 'h' "hours"
* term[=].offer.party[sender].reference = Reference(Organization/region-midtjylland)
* term[=].offer.party[sender].role = $agreementTermRole#sender "Sender"
* insert CentralJutlandMunicipalitiesAsRecipients
* term[=].offer.party[recipient].role = $agreementTermRole#recipient "Recipient"

// What the sources say of this agreement (seed 004): Central Jutland has two agreements on
// vulnerable pregnant women with harmful substance use; this one, on the family ambulatory,
// sets out the cross-sector collaboration on families with substance use attached to the family
// ambulatory, so that their courses are targeted and well coordinated. The sources link a
// version dated 29 September 2016, taken here as its start. Its terms are illustrative.
Instance: agreement-midtjylland-family-ambulatory
InstanceOf: CrossSectorAgreement
Title: "Central Jutland: agreement on the family ambulatory"
Description: "Region Midtjylland and its 19 municipalities' agreement on the family ambulatory: the cross-sector collaboration on families with substance use attached to the family ambulatory, so that their courses are targeted and well coordinated. Its terms, on sharing the woman's network, are illustrative: the sources give no notification flows or deadlines."
Usage: #example
* extension[party][+].valueReference = Reference(Organization/region-midtjylland)
* insert CentralJutlandMunicipalitiesAsParties
* extension[targetGroup].valueCodeableConcept = $agreementTargetGroup#pregnant-women-with-substance-use "Pregnant women with substance use"
* identifier.system = "http://godstart.dk/fhir/agreements"
* identifier.value = "midtjylland-familieambulatoriet"
* status = #executed
* applies.start = "2016-09-29"
* title = "Samarbejdsaftale om Familieambulatoriet, Region Midtjylland"
* topicCodeableConcept = $agreementTopic#family-ambulatory "Family ambulatory"
* insert CentralJutlandNetworkTerms(care-team-changed, "Care team changed")
* insert CentralJutlandNetworkTerms(care-plan-changed, "Care plan changed")
* insert CentralJutlandNetworkTerms(care-task-changed, "Care task changed")
* insert CentralJutlandNetworkTerms(network-meeting-changed, "Network meeting changed")

Extension: DataMinimisation
Id: data-minimisation
Title: "Data minimisation"
Description: "What a term lets its recipients know about the woman. 'identified': as she is registered (CPR number, name, address). 'pseudonymised': a pseudonym per agreement instead of the CPR number, her year of birth, and the municipality and region of her address; no name, contact details, street address or GP. A registry that only counts needs no more."
* insert ConformanceMetadata
* insert ExtensionContext(Contract.term)
* value[x] 1..1
* value[x] only code
* valueCode from DataMinimisationLevels (required)

CodeSystem: DataMinimisationLevelCodes
Id: data-minimisation-level
Title: "Data minimisation levels"
Description: "How much of the woman's identity a term lets its recipients have."
* insert GodStartCodeSystem
* #identified "Identified" "As registered: CPR number, name, address."
* #pseudonymised "Pseudonymised" "A pseudonym per agreement, year of birth, municipality and region; nothing else about her."

ValueSet: DataMinimisationLevels
Id: data-minimisation-levels
Title: "Data minimisation levels"
Description: "The levels a term can ask for."
* insert AllCodesFrom(DataMinimisationLevelCodes)
