// The woman's network: who does what around her, shared both ways. The team says who is in it
// and from when; the plan and its tasks say who does what; network meetings and their minutes
// are shared in it. Each resource has one owner, the only organisation that writes it, and the
// hub tells the other current members of every change, each under an agreement term whose legal
// basis holds.

Profile: NetworkCareTeam
Parent: CareTeam
Id: network-care-team
Title: "Network Care Team"
Description: "The woman's network: the organisations (and, where they take part, persons) that work with her and her child, each with its role and the period it takes part in. The coordinating member keeps the team; a member sees the network's plan, tasks, meetings and minutes only while its period is current, and only under an agreement term whose legal basis holds."
* insert ConformanceMetadata
* identifier MS
* status 1..1 MS
* name 0..1 MS
* name ^short = "A name for the network, e.g. the woman's first name and 'netværk'"
* subject 1..1 MS
* subject only Reference(Patient)
* subject ^short = "The woman, or her child"
* period 0..1 MS
* period ^short = "From when the network was started; ended when it is closed"
* managingOrganization 1..1 MS
* managingOrganization only Reference(Organization)
* managingOrganization ^short = "The coordinating member's organisation; only it writes the team"
* participant 1..* MS
* participant ^short = "A member of the network"
* participant.role 1..* MS
* participant.role from NetworkRoles (required)
* participant.role ^short = "What the member is in the network; the coordinator also has the role coordinator"
* participant.member 1..1 MS
* participant.member only Reference(Organization or PractitionerRole or RelatedPerson or Patient)
* participant.member ^short = "The member: an organisation, or a person in a role, a relative, the woman"
* participant.onBehalfOf 0..1 MS
* participant.onBehalfOf ^short = "The member's organisation, when the member is a person"
* participant.period 0..1 MS
* participant.period ^short = "Joined and, once left, left; a member whose period has ended is told nothing new and sees nothing new"

Profile: NetworkCarePlan
Parent: CarePlan
Id: network-care-plan
Title: "Network Care Plan"
Description: "The plan the woman's network shares: what is to be done for her and her child, and by whom. Its tasks and meetings hang on it; the member that keeps the plan (its author) is the only one that writes it, and the network (careTeam) decides who is told of it and who sees it."
* insert ConformanceMetadata
* identifier MS
* status 1..1 MS
* intent = #plan
* title 1..1 MS
* description MS
* subject 1..1 MS
* subject only Reference(Patient)
* subject ^short = "The woman, or her child"
* period 0..1 MS
* careTeam 1..1 MS
* careTeam only Reference(CareTeam)
* careTeam ^short = "The network this plan is shared in"
* author 1..1 MS
* author only Reference(Organization)
* author ^short = "The member that keeps the plan; only it writes the plan"
* contributor MS
* contributor only Reference(Organization)
* contributor ^short = "Members that contributed to the plan"
* activity MS
* activity.reference MS
* activity.reference only Reference(Task or Appointment)
* activity.reference ^short = "A task of the plan, or a network meeting"
* note MS

Profile: NetworkTask
Parent: Task
Id: network-task
Title: "Network Task"
Description: "One thing a member of the woman's network does under the shared plan: urine samples, talks, a home visit, a birth plan, a crisis-centre stay, a placement of the child. The member that does it (owner) is the only one that updates it; offers she declines are tasks too, rejected, with her reason."
* insert ConformanceMetadata
* identifier MS
* basedOn 1..1 MS
* basedOn only Reference(CarePlan)
* basedOn ^short = "The network plan"
* status MS
* statusReason MS
* statusReason ^short = "Why, e.g. why she declined the offer"
* businessStatus MS
* intent = #plan
* code 1..1 MS
* code from NetworkActivities (required)
* description 0..1 MS
* description ^short = "When and how, e.g. every Monday at the substance treatment"
* focus MS
* for 1..1 MS
* for only Reference(Patient)
* for ^short = "The woman, or her child"
* executionPeriod 0..1 MS
* authoredOn MS
* lastModified MS
* requester 0..1 MS
* requester only Reference(Organization)
* requester ^short = "The member that asked for the task"
* owner 1..1 MS
* owner only Reference(Organization)
* owner ^short = "The member that does it and alone updates its status"
* note MS
* output MS
* output ^short = "Results, e.g. a urine sample's status (valueString or valueCodeableConcept)"

Profile: NetworkMeeting
Parent: Appointment
Id: network-meeting
Title: "Network Meeting"
Description: "A meeting of the woman's network (netværksmøde): when, who takes part, and the plan it belongs to. The member that calls the meeting (extension organiser) is the only one that writes it; the network of the plan decides who is told of it and who sees it."
* insert ConformanceMetadata
* extension contains MeetingOrganiser named organiser 1..1 MS
* identifier MS
* status MS
* description MS
* description ^short = "What the meeting is for, e.g. the monthly network meeting"
* start 1..1 MS
* end 1..1 MS
* supportingInformation 1..1 MS
* supportingInformation only Reference(CarePlan)
* supportingInformation ^short = "The network's plan, which decides who sees the meeting"
* participant MS
* participant.actor MS
* participant.actor only Reference(Patient or PractitionerRole or RelatedPerson)
* participant.actor ^short = "The woman, a professional in a role at a member, a relative"
* participant.status MS

Extension: MeetingOrganiser
Id: meeting-organiser
Title: "Meeting organiser"
Description: "The member of the network that calls the meeting and writes it; the only organisation that may change or cancel it."
* insert ConformanceMetadata
* insert ExtensionContext(Appointment)
* value[x] 1..1
* value[x] only Reference(Organization)

Profile: NetworkMeetingMinutes
Parent: DocumentReference
Id: network-meeting-minutes
Title: "Network Meeting Minutes"
Description: "The minutes of a network meeting, shared in the woman's network: written by one member (author), about the meeting and in the network's plan, which decides who sees them."
* insert ConformanceMetadata
* obeys network-minutes-name-the-plan
* identifier MS
* status MS
* status = #current
* type 1..1 MS
* type = $networkActivity#network-meeting
* subject 1..1 MS
* subject only Reference(Patient)
* subject ^short = "The woman, or her child"
* date 1..1 MS
* author 1..1 MS
* author only Reference(Organization)
* author ^short = "The member that wrote the minutes; only it changes them"
* description MS
* content MS
* content.attachment.contentType 1..1 MS
* content.attachment.data MS
* content.attachment.url MS
* context.related 1..* MS
* context.related only Reference(CarePlan or Appointment)
* context.related ^short = "The network plan and the meeting; must include the network plan"

Invariant: network-minutes-name-the-plan
Description: "The minutes name the network's plan among their related resources: the plan's network decides who sees them."
Severity: #error
Expression: "context.related.where(type = 'CarePlan' or reference.matches('(^|/)CarePlan/[^/]+$')).exists()"

// ---------------------------------------------------------------- terminology

CodeSystem: NetworkRoleCodes
Id: network-role
Title: "Network roles"
Description: "What a member is in the woman's network. A member has the role of its kind; the coordinating member also has the role coordinator."
* insert GodStartCodeSystem
* #family-ambulatory "Family ambulatory" "The region's family ambulatory, which follows her pregnancy and the child."
* #obstetric-department "Obstetric department" "The hospital's obstetric department or antenatal clinic, where she gives birth."
* #general-practitioner "General practitioner" "Her own doctor."
* #midwife "Midwife" "The midwife who follows her antenatal care."
* #family-department "Family department" "The municipality's family department, the child-protection authority."
* #health-visitors "Health visitors" "The municipality's health visitors."
* #substance-treatment "Substance treatment" "The substance-treatment centre that treats her (e.g. opioid substitution, talks, urine samples)."
* #psychiatry "Psychiatry" "A psychiatric service that treats her."
* #shelter "Shelter" "The shelter she lives at (herberg, forsorgshjem)."
* #crisis-centre "Crisis centre" "The crisis centre she stays at (krisecenter)."
* #civil-society-partner "Civil-society partner" "A civil-society organisation that supports her and her family."
* #residential-unit "Residential treatment unit" "A unit with 24-hour treatment places for pregnant women."
* #private-test-provider "Private test provider" "A private provider that takes tests for a member, e.g. urine samples the municipality buys."
* #coordinator "Coordinator" "The member that coordinates the network and keeps the team."

ValueSet: NetworkRoles
Id: network-role
Title: "Network roles"
Description: "All network roles."
* insert AllCodesFrom($networkRole)

CodeSystem: NetworkActivityCodes
Id: network-activity
Title: "Network activities"
Description: "What the members of the woman's network do under the shared plan."
* insert GodStartCodeSystem
* #urine-sample "Urine sample" "Supervised urine samples, who takes them and when."
* #antenatal-visit "Antenatal visit" "A visit in antenatal care."
* #home-visit "Home visit" "A visit in her home."
* #talk "Supportive talks" "Talks with her, e.g. about substances, craving, wishes for the future and parenthood."
* #birth-plan "Birth plan" "The plan for the birth and the first days after it."
* #plan-for-child "Plan for the child" "The plan for the child after birth."
* #voluntary-placement "Voluntary placement" "A placement of the child outside the home with the parents' consent."
* #residential-treatment "Residential treatment" "24-hour residential treatment, offered to her; she may accept or decline."
* #crisis-centre-stay "Crisis centre stay" "A stay at a crisis centre."
* #enrolment "Enrolment" "Her enrolment with a member, e.g. the family ambulatory."
* #network-meeting "Network meeting" "A meeting of the network; also the type of its minutes."

ValueSet: NetworkActivities
Id: network-activity
Title: "Network activities"
Description: "All network activities."
* insert AllCodesFrom($networkActivity)

// ---------------------------------------------------------------- examples: Janni
// Case 1 of the seeds. The shelter finds her pregnancy in the third trimester and calls in the
// family ambulatory, her GP, her substance treatment and the family department; it coordinates
// the network. After she declines residential treatment the crisis centre joins. Dates are
// made up; the birth is expected at the end of July 2025.

Instance: janni-shelter-contact
InstanceOf: PractitionerRole
Title: "Janni's contact person at the shelter"
Usage: #example
* active = true
* organization = Reference(Organization/hjoerring-shelter)
* code.text = "Contact person (kontaktperson)"

Instance: janni-family-specialist
InstanceOf: PractitionerRole
Title: "The family specialist at Janni's substance treatment"
Usage: #example
* active = true
* organization = Reference(Organization/hjoerring-substance-treatment)
* code.text = "Family-oriented substance therapist (familiespecialist)"

Instance: janni-network
InstanceOf: NetworkCareTeam
Title: "Janni's network"
Description: "Started by the shelter, which coordinates it: the shelter, the North Jutland family ambulatory, her GP, her substance treatment and Hjørring's family department from 6 May 2025; the crisis centre joins on 9 June, when she moves there instead of taking residential treatment."
Usage: #example
* status = #active
* name = "Janni - netværk"
* subject = Reference(Patient/janni)
* period.start = "2025-05-06"
* managingOrganization = Reference(Organization/hjoerring-shelter)
* participant[+].role[+] = $networkRole#shelter "Shelter"
* participant[=].role[+] = $networkRole#coordinator "Coordinator"
* participant[=].member = Reference(Organization/hjoerring-shelter)
* participant[=].period.start = "2025-05-06"
* participant[+].role = $networkRole#family-ambulatory "Family ambulatory"
* participant[=].member = Reference(Organization/familieambulatoriet-nordjylland)
* participant[=].period.start = "2025-05-06"
* participant[+].role = $networkRole#general-practitioner "General practitioner"
* participant[=].member = Reference(Organization/laegehuset-hjoerring)
* participant[=].period.start = "2025-05-06"
* participant[+].role = $networkRole#substance-treatment "Substance treatment"
* participant[=].member = Reference(Organization/hjoerring-substance-treatment)
* participant[=].period.start = "2025-05-06"
* participant[+].role = $networkRole#family-department "Family department"
* participant[=].member = Reference(Organization/hjoerring-family-department)
* participant[=].period.start = "2025-05-06"
* participant[+].role = $networkRole#crisis-centre "Crisis centre"
* participant[=].member = Reference(Organization/hjoerring-crisis-centre)
* participant[=].period.start = "2025-06-09"

Instance: janni-plan
InstanceOf: NetworkCarePlan
Title: "Janni's plan"
Description: "The plan the shelter keeps for Janni's network: residential treatment offered and declined, a crisis-centre stay instead, a birth plan, and the voluntary placement of the child at birth; monthly network meetings."
Usage: #example
* status = #active
* intent = #plan
* title = "Plan for Janni og barnet"
* description = "Janni kommer væk fra rusmiddelmiljøet uden at komme for langt fra kæresten: ophold på krisecentret graviditeten ud. Frivillig anbringelse af barnet ved fødslen. Netværksmøde ca. en gang om måneden."
* subject = Reference(Patient/janni)
* period.start = "2025-05-06"
* careTeam = Reference(CareTeam/janni-network)
* author = Reference(Organization/hjoerring-shelter)
* contributor[+] = Reference(Organization/hjoerring-substance-treatment)
* contributor[+] = Reference(Organization/hjoerring-family-department)
* activity[+].reference = Reference(Task/janni-residential-treatment)
* activity[+].reference = Reference(Task/janni-crisis-centre-stay)
* activity[+].reference = Reference(Task/janni-birth-plan)
* activity[+].reference = Reference(Task/janni-voluntary-placement)
* activity[+].reference = Reference(Appointment/janni-network-meeting)

// An offer she declines is a task too: its owner records her answer, and the registry's
// episode (focus) records the offer for follow-up.
Instance: janni-residential-treatment
InstanceOf: NetworkTask
Title: "Residential treatment offered to Janni, declined"
Description: "Her treatment provider at the substance treatment talks with her about residential treatment to get her away from the drug environment; she declines, to stay near her boyfriend."
Usage: #example
* basedOn = Reference(CarePlan/janni-plan)
* status = #rejected
* statusReason.text = "Janni declines residential treatment: she wants to stay near her boyfriend. She accepts a stay at a crisis centre nearby instead."
* intent = #plan
* code = $networkActivity#residential-treatment "Residential treatment"
* description = "Offered by her treatment provider at the substance treatment, a place at the Odense unit"
* focus = Reference(EpisodeOfCare/janni-residential-offer)
* for = Reference(Patient/janni)
* executionPeriod.start = "2025-06-02T10:00:00+02:00"
* executionPeriod.end = "2025-06-05T14:30:00+02:00"
* authoredOn = "2025-06-02T10:00:00+02:00"
* lastModified = "2025-06-05T14:30:00+02:00"
* requester = Reference(Organization/hjoerring-shelter)
* owner = Reference(Organization/hjoerring-substance-treatment)

Instance: janni-crisis-centre-stay
InstanceOf: NetworkTask
Title: "Janni stays at the crisis centre"
Description: "The compromise she accepts: the crisis centre takes her in for the rest of the pregnancy and about six weeks after the birth, although she is not in the usual target group of a crisis centre."
Usage: #example
* basedOn = Reference(CarePlan/janni-plan)
* status = #in-progress
* intent = #plan
* code = $networkActivity#crisis-centre-stay "Crisis centre stay"
* description = "From 9 June for the rest of the pregnancy and about six weeks after the birth. The crisis centre gives her daily care, hands out the medicine her substance treatment prescribes, and takes supervised urine samples three times a week."
* for = Reference(Patient/janni)
* executionPeriod.start = "2025-06-09"
* authoredOn = "2025-06-05T15:00:00+02:00"
* lastModified = "2025-06-09T12:00:00+02:00"
* requester = Reference(Organization/hjoerring-shelter)
* owner = Reference(Organization/hjoerring-crisis-centre)

Instance: janni-birth-plan
InstanceOf: NetworkTask
Title: "Janni's birth plan"
Usage: #example
* basedOn = Reference(CarePlan/janni-plan)
* status = #in-progress
* intent = #plan
* code = $networkActivity#birth-plan "Birth plan"
* description = "The family ambulatory plans the birth and the first days with the obstetric department; the shelter accompanies her to the family ambulatory about once a week."
* for = Reference(Patient/janni)
* authoredOn = "2025-05-13T09:00:00+02:00"
* requester = Reference(Organization/hjoerring-shelter)
* owner = Reference(Organization/familieambulatoriet-nordjylland)

Instance: janni-voluntary-placement
InstanceOf: NetworkTask
Title: "Voluntary placement of Janni's child at birth"
Description: "The family department recommends that the child is placed at birth; Janni and the child's father agree to a voluntary placement."
Usage: #example
* basedOn = Reference(CarePlan/janni-plan)
* status = #accepted
* intent = #plan
* code = $networkActivity#voluntary-placement "Voluntary placement"
* description = "At the birth, expected at the end of July 2025; Janni and the child's father consent."
* for = Reference(Patient/janni)
* executionPeriod.start = "2025-07-28"
* authoredOn = "2025-06-16T11:30:00+02:00"
* requester = Reference(Organization/hjoerring-shelter)
* owner = Reference(Organization/hjoerring-family-department)

Instance: janni-network-meeting
InstanceOf: NetworkMeeting
Title: "Janni's network meeting in June"
Description: "One of the monthly meetings of all parties, called by the shelter: the family ambulatory, the family department, the substance treatment with its family specialist, the crisis centre, the shelter and Janni."
Usage: #example
* extension[organiser].valueReference = Reference(Organization/hjoerring-shelter)
* status = #fulfilled
* description = "Monthly network meeting, at the crisis centre"
* start = "2025-06-16T10:00:00+02:00"
* end = "2025-06-16T11:30:00+02:00"
* supportingInformation = Reference(CarePlan/janni-plan)
* participant[+].actor = Reference(Patient/janni)
* participant[=].status = #accepted
* participant[+].actor = Reference(PractitionerRole/janni-shelter-contact)
* participant[=].status = #accepted
* participant[+].actor = Reference(PractitionerRole/janni-family-specialist)
* participant[=].status = #accepted
* participant[+].actor = Reference(PractitionerRole/janni-concern-midwife)
* participant[=].status = #accepted

Instance: janni-network-meeting-minutes
InstanceOf: NetworkMeetingMinutes
Title: "Minutes of Janni's network meeting in June"
Usage: #example
* status = #current
* type = $networkActivity#network-meeting "Network meeting"
* subject = Reference(Patient/janni)
* date = "2025-06-17T09:00:00+02:00"
* author = Reference(Organization/hjoerring-shelter)
* description = "Referat af netværksmøde 16. juni 2025"
* content.attachment.contentType = #text/plain
* content.attachment.language = #da
* content.attachment.title = "Referat, netværksmøde 16. juni 2025"
* content.attachment.data = "TmV0dsOmcmtzbcO4ZGUgb20gSmFubmksIDE2LiBqdW5pIDIwMjUsIHDDpSBrcmlzZWNlbnRyZXQuIFRpbCBzdGVkZTogSmFubmksIGhlcmJlcmdldCAobcO4ZGVsZWRlciksIGZhbWlsaWVhbWJ1bGF0b3JpZXQsIHJ1c21pZGRlbGNlbnRyZXQgbWVkIGZhbWlsaWVzcGVjaWFsaXN0ZW4sIGZhbWlsaWVhZmRlbGluZ2VuIG9nIGtyaXNlY2VudHJldC4KSmFubmkgYm9yIHDDpSBrcmlzZWNlbnRyZXQgZnJhIDkuIGp1bmkgb2cgYmxpdmVyIGRlciBncmF2aWRpdGV0ZW4gdWQgb2cgY2EuIHNla3MgdWdlciBlZnRlciBmw7hkc2xlbjsgaHVuIGhhciB0YWtrZXQgbmVqIHRpbCBkw7hnbmJlaGFuZGxpbmcgZm9yIGF0IHbDpnJlIG7DpnIgc2luIGvDpnJlc3RlLgpLcmlzZWNlbnRyZXQgdWRsZXZlcmVyIGhlbmRlcyBtZWRpY2luIG9nIHRhZ2VyIG92ZXJ2w6VnZWRlIHVyaW5wcsO4dmVyIHRyZSBnYW5nZSBvbSB1Z2VuLiBGYW1pbGllc3BlY2lhbGlzdGVuIGhhciBzYW10YWxlciBtZWQgaGVuZGUgZW4gZ2FuZyBvbSB1Z2VuIHDDpSBrcmlzZWNlbnRyZXQuIEhlcmJlcmdldCBmw7hsZ2VyIGhlbmRlIHRpbCBmYW1pbGllYW1idWxhdG9yaWV0IGVuIGdhbmcgb20gdWdlbi4KRmFtaWxpZWFmZGVsaW5nZW4gaW5kc3RpbGxlciwgYXQgYmFybmV0IGFuYnJpbmdlcyB2ZWQgZsO4ZHNsZW47IEphbm5pIG9nIGJhcm5ldHMgZmFyIGluZHZpbGdlciBpIGVuIGZyaXZpbGxpZyBhbmJyaW5nZWxzZS4KTsOmc3RlIG3DuGRlOiAxNC4ganVsaSAyMDI1Lgo="
* context.related[+] = Reference(CarePlan/janni-plan)
* context.related[+] = Reference(Appointment/janni-network-meeting)

// Her consent lets the members of her network that are not health-care organisations tell, and
// be told, of the network's changes; between the family ambulatory and her GP treatment suffices.
Instance: janni-consent-network
InstanceOf: DkMaternityConsent
Title: "Janni consents to her network sharing its plan"
Description: "Janni consents, for the rest of her pregnancy and the child's first year, to the members of her network (the shelter, the crisis centre, the family department, her substance treatment, the family ambulatory and her GP) telling each other of changes to the network, its plan, its tasks and its meetings."
Usage: #example
* extension[recordedBy].valueReference = Reference(PractitionerRole/janni-shelter-contact)
* extension[recipientType][+].valueCodeableConcept = $organizationType#shelter "Shelter"
* extension[recipientType][+].valueCodeableConcept = $organizationType#crisis-centre "Crisis centre"
* extension[recipientType][+].valueCodeableConcept = $organizationType#municipal-family-department "Municipal family department"
* extension[recipientType][+].valueCodeableConcept = $organizationType#substance-treatment "Substance treatment"
* extension[recipientType][+].valueCodeableConcept = $organizationType#family-ambulatory "Family ambulatory"
* extension[recipientType][+].valueCodeableConcept = $organizationType#general-practice "General practice"
* status = #active
* scope = $consentScope#patient-privacy
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(Patient/janni)
* dateTime = "2025-05-06T13:00:00+02:00"
* performer = Reference(Patient/janni)
* organization = Reference(Organization/hjoerring-shelter)
* policyRule = $v3ActCode#OPTIN
* provision.type = #permit
* provision.period.start = "2025-05-06"
* provision.period.end = "2026-07-28"
* provision.action = $consentAction#disclose
* provision.purpose = $disclosurePurpose#coordinated-care "Coordinated care"
* provision.code[+] = $messageEvent#care-team-changed "Care team changed"
* provision.code[+] = $messageEvent#care-plan-changed "Care plan changed"
* provision.code[+] = $messageEvent#care-task-changed "Care task changed"
* provision.code[+] = $messageEvent#network-meeting-changed "Network meeting changed"

// ---------------------------------------------------------------- examples: Ditte
// Case 2. Her GP refers her; the family ambulatory takes her on, contacts the family department
// and the local substance treatment, and coordinates the network. Who takes urine samples when is
// agreed between the parties, so that she is not burdened more than needed.

Instance: ditte-network
InstanceOf: NetworkCareTeam
Title: "Ditte's network"
Description: "Coordinated by the North Jutland family ambulatory from the day it accepts her referral: her GP, Aalborg's family department and, from when she starts treatment, Aalborg's substance treatment."
Usage: #example
* status = #active
* name = "Ditte - netværk"
* subject = Reference(Patient/ditte)
* period.start = "2025-04-07"
* managingOrganization = Reference(Organization/familieambulatoriet-nordjylland)
* participant[+].role[+] = $networkRole#family-ambulatory "Family ambulatory"
* participant[=].role[+] = $networkRole#coordinator "Coordinator"
* participant[=].member = Reference(Organization/familieambulatoriet-nordjylland)
* participant[=].period.start = "2025-04-07"
* participant[+].role = $networkRole#general-practitioner "General practitioner"
* participant[=].member = Reference(Organization/laegerne-boulevarden-aalborg)
* participant[=].period.start = "2025-04-07"
* participant[+].role = $networkRole#family-department "Family department"
* participant[=].member = Reference(Organization/aalborg-family-department)
* participant[=].period.start = "2025-04-07"
* participant[+].role = $networkRole#substance-treatment "Substance treatment"
* participant[=].member = Reference(Organization/aalborg-substance-treatment)
* participant[=].period.start = "2025-04-22"

Instance: ditte-plan
InstanceOf: NetworkCarePlan
Title: "Ditte's plan"
Description: "The plan the family ambulatory keeps for Ditte's network; the urine samples are split between the substance treatment and the family ambulatory."
Usage: #example
* status = #active
* intent = #plan
* title = "Plan for Ditte og barnet"
* subject = Reference(Patient/ditte)
* period.start = "2025-04-07"
* careTeam = Reference(CareTeam/ditte-network)
* author = Reference(Organization/familieambulatoriet-nordjylland)
* contributor[+] = Reference(Organization/aalborg-substance-treatment)
* contributor[+] = Reference(Organization/aalborg-family-department)
* activity[+].reference = Reference(Task/ditte-urine-samples-substance-treatment)
* activity[+].reference = Reference(Task/ditte-urine-samples-ambulatory)

Instance: ditte-urine-samples-substance-treatment
InstanceOf: NetworkTask
Title: "Ditte's urine samples at the substance treatment"
Usage: #example
* basedOn = Reference(CarePlan/ditte-plan)
* status = #in-progress
* intent = #plan
* code = $networkActivity#urine-sample "Urine sample"
* description = "Every Monday and Thursday at the substance treatment, supervised"
* for = Reference(Patient/ditte)
* executionPeriod.start = "2025-04-24"
* authoredOn = "2025-04-22T10:00:00+02:00"
* lastModified = "2025-06-16T12:10:00+02:00"
* requester = Reference(Organization/familieambulatoriet-nordjylland)
* owner = Reference(Organization/aalborg-substance-treatment)
* output[+].type.text = "Last result"
* output[=].valueString = "16 June 2025: positive for cocaine (a relapse); she stays in treatment"

Instance: ditte-urine-samples-ambulatory
InstanceOf: NetworkTask
Title: "Ditte's urine samples at the family ambulatory"
Usage: #example
* basedOn = Reference(CarePlan/ditte-plan)
* status = #in-progress
* intent = #plan
* code = $networkActivity#urine-sample "Urine sample"
* description = "At each visit to the family ambulatory, on Wednesdays"
* for = Reference(Patient/ditte)
* executionPeriod.start = "2025-04-23"
* authoredOn = "2025-04-22T10:00:00+02:00"
* lastModified = "2025-06-11T11:00:00+02:00"
* requester = Reference(Organization/familieambulatoriet-nordjylland)
* owner = Reference(Organization/familieambulatoriet-nordjylland)
* output[+].type.text = "Last result"
* output[=].valueCodeableConcept.text = "11 June 2025: negative"

Instance: ditte-consent-network
InstanceOf: DkMaternityConsent
Title: "Ditte consents to her network sharing its plan"
Description: "When the family ambulatory takes her on, Ditte consents, for the rest of her pregnancy and the child's first year, to the members of her network telling each other of changes to the network, its plan and its tasks: who takes which urine sample when."
Usage: #example
* extension[recipientType][+].valueCodeableConcept = $organizationType#family-ambulatory "Family ambulatory"
* extension[recipientType][+].valueCodeableConcept = $organizationType#general-practice "General practice"
* extension[recipientType][+].valueCodeableConcept = $organizationType#municipal-family-department "Municipal family department"
* extension[recipientType][+].valueCodeableConcept = $organizationType#substance-treatment "Substance treatment"
* status = #active
* scope = $consentScope#patient-privacy
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(Patient/ditte)
* dateTime = "2025-04-07T13:30:00+02:00"
* performer = Reference(Patient/ditte)
* organization = Reference(Organization/familieambulatoriet-nordjylland)
* policyRule = $v3ActCode#OPTIN
* provision.type = #permit
* provision.period.start = "2025-04-07"
* provision.period.end = "2026-11-02"
* provision.action = $consentAction#disclose
* provision.purpose = $disclosurePurpose#coordinated-care "Coordinated care"
* provision.code[+] = $messageEvent#care-team-changed "Care team changed"
* provision.code[+] = $messageEvent#care-plan-changed "Care plan changed"
* provision.code[+] = $messageEvent#care-task-changed "Care task changed"
* provision.code[+] = $messageEvent#network-meeting-changed "Network meeting changed"

// ---------------------------------------------------------------- examples: Eva
// Case 3. Her substance-treatment provider, who has treated her for years, learns of the
// pregnancy in the first trimester, starts the network and tells the family ambulatory; from
// her enrolment the family ambulatory coordinates it. The id stays eva-care-team because her
// pregnancy episode names it as its team.

Instance: eva-care-team
InstanceOf: NetworkCareTeam
Title: "Eva's network"
Description: "Started by Aarhus' substance treatment on 20 January 2025, when Eva tells her provider she is pregnant; the Central Jutland family ambulatory enrols her on 28 January and coordinates the network from then. The substance treatment keeps urine samples, supervised methadone and weekly talks."
Usage: #example
* status = #active
* name = "Eva - netværk"
* subject = Reference(Patient/eva)
* period.start = "2025-01-20"
* managingOrganization = Reference(Organization/familieambulatoriet-midtjylland)
* participant[+].role = $networkRole#substance-treatment "Substance treatment"
* participant[=].member = Reference(Organization/aarhus-substance-treatment)
* participant[=].period.start = "2025-01-20"
* participant[+].role[+] = $networkRole#family-ambulatory "Family ambulatory"
* participant[=].role[+] = $networkRole#coordinator "Coordinator"
* participant[=].member = Reference(Organization/familieambulatoriet-midtjylland)
* participant[=].period.start = "2025-01-28"

Instance: eva-plan
InstanceOf: NetworkCarePlan
Title: "Eva's plan"
Description: "Intensive follow-up, kept by the family ambulatory: enrolment, urine samples and weekly talks at the substance treatment. A stable methadone dose through the pregnancy; an admission is discussed and declined."
Usage: #example
* status = #active
* intent = #plan
* title = "Plan for Eva og barnet"
* description = "Stabil metadondosis graviditeten ud. Urinprøver tre gange om ugen og samtaler en gang om ugen i rusmiddelcentret; tæt opfølgning i familieambulatoriet."
* subject = Reference(Patient/eva)
* period.start = "2025-01-28"
* careTeam = Reference(CareTeam/eva-care-team)
* author = Reference(Organization/familieambulatoriet-midtjylland)
* contributor = Reference(Organization/aarhus-substance-treatment)
* activity[+].reference = Reference(Task/eva-enrolment)
* activity[+].reference = Reference(Task/eva-urine-samples)
* activity[+].reference = Reference(Task/eva-weekly-talks)

Instance: eva-enrolment
InstanceOf: NetworkTask
Title: "Eva is enrolled at the family ambulatory"
Usage: #example
* basedOn = Reference(CarePlan/eva-plan)
* status = #completed
* intent = #plan
* code = $networkActivity#enrolment "Enrolment"
* for = Reference(Patient/eva)
* executionPeriod.start = "2025-01-28T09:00:00+01:00"
* executionPeriod.end = "2025-01-28T10:30:00+01:00"
* authoredOn = "2025-01-20T14:00:00+01:00"
* lastModified = "2025-01-28T10:30:00+01:00"
* requester = Reference(Organization/aarhus-substance-treatment)
* owner = Reference(Organization/familieambulatoriet-midtjylland)

Instance: eva-urine-samples
InstanceOf: NetworkTask
Title: "Eva's urine samples"
Usage: #example
* basedOn = Reference(CarePlan/eva-plan)
* status = #in-progress
* intent = #plan
* code = $networkActivity#urine-sample "Urine sample"
* description = "Three times a week at the substance treatment, with a breathalyser test"
* for = Reference(Patient/eva)
* executionPeriod.start = "2025-01-29"
* authoredOn = "2025-01-28T10:30:00+01:00"
* requester = Reference(Organization/familieambulatoriet-midtjylland)
* owner = Reference(Organization/aarhus-substance-treatment)

Instance: eva-weekly-talks
InstanceOf: NetworkTask
Title: "Eva's weekly talks at the substance treatment"
Usage: #example
* basedOn = Reference(CarePlan/eva-plan)
* status = #in-progress
* intent = #plan
* code = $networkActivity#talk "Supportive talks"
* description = "Once a week with her substance therapist"
* for = Reference(Patient/eva)
* executionPeriod.start = "2025-01-30"
* authoredOn = "2025-01-28T10:30:00+01:00"
* requester = Reference(Organization/familieambulatoriet-midtjylland)
* owner = Reference(Organization/aarhus-substance-treatment)

// The substance treatment is not a health-care organisation in the sense of the treatment basis,
// so what passes between it and the family ambulatory about the network rests on her consent.
Instance: eva-consent-network
InstanceOf: DkMaternityConsent
Title: "Eva consents to her network sharing its plan"
Description: "At her enrolment Eva consents, for the rest of her pregnancy and the child's first year, to the family ambulatory and her substance treatment telling each other of changes to her network, its plan and its tasks."
Usage: #example
* extension[recipientType][+].valueCodeableConcept = $organizationType#family-ambulatory "Family ambulatory"
* extension[recipientType][+].valueCodeableConcept = $organizationType#substance-treatment "Substance treatment"
* status = #active
* scope = $consentScope#patient-privacy
* category = $loinc#59284-0 "Patient Consent"
* patient = Reference(Patient/eva)
* dateTime = "2025-01-28T10:00:00+01:00"
* performer = Reference(Patient/eva)
* organization = Reference(Organization/familieambulatoriet-midtjylland)
* policyRule = $v3ActCode#OPTIN
* provision.type = #permit
* provision.period.start = "2025-01-28"
* provision.period.end = "2026-09-20"
* provision.action = $consentAction#disclose
* provision.purpose = $disclosurePurpose#coordinated-care "Coordinated care"
* provision.code[+] = $messageEvent#care-team-changed "Care team changed"
* provision.code[+] = $messageEvent#care-plan-changed "Care plan changed"
* provision.code[+] = $messageEvent#care-task-changed "Care task changed"
* provision.code[+] = $messageEvent#network-meeting-changed "Network meeting changed"
