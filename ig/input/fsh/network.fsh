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
