// A professional's notification of concern (underretning) about an unborn or newborn child,
// and the municipality's answer. The statutory duty to notify (Barnets Lov) is its own legal
// basis: it reaches the family department whatever the woman's consent says, and it is a
// professional's decision, never an automatic consequence of a care level.

Profile: ConcernNotification
Parent: ServiceRequest
Id: concern-notification
Title: "Concern Notification"
Description: "A named professional's notification of concern (underretning) about a pregnant woman's unborn child, or her newborn, to her home municipality's family department: the concern in words and coded reasons. The hub delivers it durably, on the statutory duty to notify, and brings the municipality's answer (received, action taken) back to the notifier."
* insert ConformanceMetadata
* extension contains ConcernChild named child 0..1 MS
* identifier 1..* MS
* identifier.system 1..1 MS
* identifier.value 1..1 MS
* status MS
* intent = #order
* category 1..1 MS
* category = $hubService#concern-notification
* code 1..1 MS
* code = $hubService#concern-notification
* subject 1..1 MS
* subject only Reference(DkMaternityPatient)
* subject ^short = "The pregnant woman (or the mother of the newborn)"
* authoredOn 1..1 MS
* requester 1..1 MS
* requester only Reference(PractitionerRole)
* requester ^short = "The professional who notifies: a named person in a role at an organisation"
* performer 1..1 MS
* performer only Reference(DkMaternityOrganization)
* performer ^short = "Her home municipality's family department"
* reasonCode 1..* MS
* reasonCode from ConcernReasons (required)
* note 1..* MS
* note ^short = "The concern, in the notifier's words"

Extension: ConcernChild
Id: concern-child
Title: "The child of concern"
Description: "The newborn child the concern is about, once born and registered. For an unborn child the notification is about the pregnant woman alone."
* insert ConformanceMetadata
* insert ExtensionContext(ServiceRequest)
* value[x] 1..1
* value[x] only Reference(Patient)

CodeSystem: ConcernReasonCodes
Id: concern-reason
Title: "Concern reasons"
Description: "Why a professional is concerned for an unborn or newborn child."
* insert GodStartCodeSystem
* #substance-use-in-pregnancy "Substance use in pregnancy" "The woman uses alcohol, drugs or dependency-forming medicine while pregnant."
* #untreated-mental-illness "Untreated mental illness" "A mental illness that is not treated and may harm the child."
* #violence-in-the-home "Violence in the home" "Violence or threats of violence where the child will live."
* #no-home "No home" "The woman has no home for herself and the child."
* #declines-help "Declines help" "The woman declines the help the child needs."
* #other "Other" "Another concern, described in the note."

ValueSet: ConcernReasons
Id: concern-reason
Title: "Concern reasons"
Description: "All concern reasons."
* insert AllCodesFrom($concernReason)

Profile: ConcernAnswerTask
Parent: Task
Id: concern-answer-task
Title: "Concern Answer Task"
Description: "The municipality's handling of a concern notification, which the hub brings back to the notifier: received (the municipality confirms receipt, as it must to a professional), completed (action taken, in businessStatus and note)."
* insert ConformanceMetadata
* identifier MS
* status MS
* status from ConcernAnswerStatuses (required)
* businessStatus MS
* businessStatus ^short = "What the municipality did, e.g. a child-protection assessment started"
* intent = #order
* code 1..1 MS
* code = $hubTask#concern-answer
* focus 1..1 MS
* focus only Reference(ConcernNotification)
* for 1..1 MS
* for only Reference(DkMaternityPatient)
* authoredOn 1..1 MS
* requester 1..1 MS
* requester only Reference(PractitionerRole or DkMaternityOrganization)
* requester ^short = "The notifier"
* owner 1..1 MS
* owner only Reference(DkMaternityOrganization)
* owner ^short = "The family department handling the concern"
* note MS

ValueSet: ConcernAnswerStatuses
Id: concern-answer-status
Title: "Concern answer statuses"
Description: "Received, then completed when action is taken."
* insert GodStartValueSet
* $taskStatus#received "Received"
* $taskStatus#in-progress "In Progress"
* $taskStatus#completed "Completed"
* $taskStatus#entered-in-error "Entered in Error"

// ---------------------------------------------------------------- examples

Instance: janni-concern-midwife
InstanceOf: PractitionerRole
Title: "A midwife at the North Jutland family ambulatory"
Usage: #example
* active = true
* organization = Reference(Organization/familieambulatoriet-nordjylland)
* code = $practitionerRole#nurse "Nurse"
* code.text = "Midwife"

Instance: janni-concern
InstanceOf: ConcernNotification
Title: "A midwife's concern for Janni's unborn child"
Description: "The family ambulatory's midwife notifies Aalborg's family department of her concern for Janni's unborn child: side use beside opioid substitution, no home, pregnancy found in the third trimester. The duty to notify needs no consent."
Usage: #example
* identifier.system = "https://ehr.rn.example.dk/concerns"
* identifier.value = "U-2025-0031"
* status = #active
* intent = #order
* category = $hubService#concern-notification "Concern notification"
* code = $hubService#concern-notification "Concern notification"
* subject = Reference(Patient/janni)
* authoredOn = "2025-05-12T14:00:00+02:00"
* requester = Reference(PractitionerRole/janni-concern-midwife)
* performer = Reference(Organization/aalborg-family-department)
* reasonCode[+] = $concernReason#substance-use-in-pregnancy "Substance use in pregnancy"
* reasonCode[+] = $concernReason#no-home "No home"
* note.text = "Janni is in opioid substitution treatment with side use and lives at a shelter. Her pregnancy was found in the third trimester. We are concerned for the child's conditions after birth."

Instance: janni-concern-received
InstanceOf: ConcernAnswerTask
Title: "Aalborg confirms it received the concern"
Usage: #example
* status = #received
* intent = #order
* code = $hubTask#concern-answer "Answer to a concern notification"
* focus = Reference(ServiceRequest/janni-concern)
* for = Reference(Patient/janni)
* authoredOn = "2025-05-13T09:30:00+02:00"
* requester = Reference(PractitionerRole/janni-concern-midwife)
* owner = Reference(Organization/aalborg-family-department)
