// The pregnancy as an episode of care, and the care level assessed during it.

Profile: PregnancyEpisode
Parent: EpisodeOfCare
Id: pregnancy-episode
Title: "Pregnancy Episode"
Description: "One pregnancy followed as an episode of care: who manages it, who is in the team around the woman, when the child is expected, and the care level that currently applies."
* insert ConformanceMetadata
* extension contains
    ExpectedDeliveryDate named expectedDeliveryDate 1..1 MS and
    FirstTimeMother named firstTimeMother 0..1 MS and
    CurrentCareLevel named currentCareLevel 0..1 MS
* identifier MS
* status MS
// The type tells a pregnancy apart from the other episodes the hub keeps (residential treatment).
* type 1..1 MS
* type = $episodeType#pregnancy "Pregnancy"
* patient MS
* patient only Reference(DkMaternityPatient)
* managingOrganization 1..1 MS
* managingOrganization only Reference(DkMaternityOrganization)
* period 1..1 MS
* period.start 1..1 MS
* careManager MS
* team MS

Extension: ExpectedDeliveryDate
Id: expected-delivery-date
Title: "Expected delivery date"
Description: "The expected date of delivery (terminsdato). Municipalities plan health visits and the family ambulatory plans follow-up from it."
* insert ConformanceMetadata
* insert ExtensionContext(EpisodeOfCare)
* insert ExtensionContext(ServiceRequest)
* value[x] 1..1
* value[x] only date

Extension: FirstTimeMother
Id: first-time-mother
Title: "First-time mother"
Description: "Whether this is the woman's first birth. First-time mothers have a right to a two-day postnatal stay or a home visit, so the answer changes what the municipality must do."
* insert ConformanceMetadata
* insert ExtensionContext(EpisodeOfCare)
* value[x] 1..1
* value[x] only boolean

Extension: CurrentCareLevel
Id: current-care-level
Title: "Current care level"
Description: "The care-level assessment that applies now. Earlier assessments stay as their own observations; this points at the latest one so a reader need not search the history."
* insert ConformanceMetadata
* insert ExtensionContext(EpisodeOfCare)
* value[x] 1..1
* value[x] only Reference(PregnancyCareLevel)

CodeSystem: EpisodeTypeCodes
Id: episode-type
Title: "Episode types"
Description: "The kinds of episode of care the hub keeps."
* insert GodStartCodeSystem
* #pregnancy "Pregnancy" "A pregnancy followed from first contact until after birth."
* #residential-treatment "Residential treatment" "An offer of, or stay in, 24-hour residential treatment for a pregnant woman with harmful substance use."

// ---------------------------------------------------------------- care level

Profile: PregnancyCareLevel
Parent: Observation
Id: pregnancy-care-level
Title: "Pregnancy Care Level"
Description: "One assessment of the Danish Health Authority's pregnancy care level (1-4), with the level-3 sub-groups and their reasons. Each reassessment is a new observation, so the history of levels over the pregnancy is kept."
* insert ConformanceMetadata
* obeys care-level-3-needs-subgroup
* extension contains $workflowEpisodeOfCare named episodeOfCare 1..1 MS
* extension[episodeOfCare] ^short = "The pregnancy episode this assessment belongs to"
* extension[episodeOfCare].value[x] only Reference(PregnancyEpisode)
* status MS
// The national pregnancy record codes the care level (omsorgsniveau) with SNOMED CT
// 710824005; our own code is there so the observation can be found even where SNOMED CT
// is not loaded.
* code.coding ^slicing.discriminator.type = #pattern
* code.coding ^slicing.discriminator.path = "$this"
* code.coding ^slicing.rules = #open
* code.coding contains
    snomed 1..1 MS and
    godstart 1..1 MS
* code.coding[snomed] = $sct#710824005
* code.coding[godstart] = $pregnancyObservation#care-level "Pregnancy care level"
* subject 1..1 MS
* subject only Reference(DkMaternityPatient)
* encounter MS
* effective[x] 1..1 MS
* effective[x] only dateTime
* performer 1..* MS
* performer only Reference(PractitionerRole or Practitioner or DkMaternityOrganization)
* performer ^short = "Who assessed the level"
* value[x] 1..1 MS
* value[x] only CodeableConcept
* valueCodeableConcept from PregnancyCareLevels (required)
* note MS
* component MS
* component ^short = "A sub-group of the level-3 target group that applies, with the reason"
* component.code MS
* component.code from CareLevelSubgroups (required)
* component.value[x] 1..1 MS
* component.value[x] only CodeableConcept
* component.valueCodeableConcept from CareLevelReasons (extensible)
* component.valueCodeableConcept ^short = "The reason; a code where one fits, otherwise text"

Invariant: care-level-3-needs-subgroup
Description: "A level-3 assessment names at least one sub-group (somatic, mental, social, other vulnerabilities): the sub-group decides which professionals are involved."
Severity: #error
Expression: "value.ofType(CodeableConcept).coding.where(system = 'http://godstart.dk/fhir/CodeSystem/pregnancy-care-level' and code = '3').exists() implies component.where(code.coding.where(system = 'http://godstart.dk/fhir/CodeSystem/care-level-subgroup').exists()).exists()"

CodeSystem: PregnancyObservationCodes
Id: pregnancy-observation-code
Title: "Pregnancy observation codes"
Description: "Codes for the observations this guide defines."
* insert GodStartCodeSystem
* #care-level "Pregnancy care level" "The assessed care level (omsorgsniveau) of a pregnancy, 1 to 4."

CodeSystem: PregnancyCareLevelCodes
Id: pregnancy-care-level
Title: "Pregnancy care levels"
Description: "The Danish Health Authority's four levels of antenatal care, which set the services and the professionals involved from the risks found in the woman, the child and the family."
* insert GodStartCodeSystem
* #1 "Level 1" "Uncomplicated pregnancy: the basic programme."
* #2 "Level 2" "Needs extra attention or collaboration with one other professional group."
* #3 "Level 3" "Complex needs that require cross-disciplinary collaboration; see the four sub-groups."
* #4 "Level 4" "The most severe needs, e.g. substance use or severe psychiatric or social problems, handled across sectors with the municipality and the family ambulatory."

ValueSet: PregnancyCareLevels
Id: pregnancy-care-level
Title: "Pregnancy care levels"
Description: "Levels 1 to 4."
* insert AllCodesFrom($careLevel)

CodeSystem: CareLevelSubgroupCodes
Id: care-level-subgroup
Title: "Care level 3 sub-groups"
Description: "The four, overlapping, sub-groups of the level-3 target group."
* insert GodStartCodeSystem
* #somatic "Somatic conditions" "Somatic conditions that need specialists outside antenatal care."
* #mental "Mental disorders" "Mental disorders that are not well treated and need psychiatry."
* #social "Social problems" "Social problems in the woman's or family's situation."
* #other-vulnerabilities "Other vulnerabilities" "Other circumstances that make the pregnancy vulnerable."

ValueSet: CareLevelSubgroups
Id: care-level-subgroup
Title: "Care level 3 sub-groups"
Description: "All level-3 sub-groups."
* insert AllCodesFrom($careLevelSubgroup)

CodeSystem: CareLevelReasonCodes
Id: care-level-reason
Title: "Care level reasons"
Description: "Reasons behind a care-level assessment, grouped under the level-3 sub-group they belong to. The grouping codes are abstract: record the specific reason."
* insert GodStartCodeSystem
* ^hierarchyMeaning = #grouped-by
* ^property[+].code = #notSelectable
* ^property[=].uri = "http://hl7.org/fhir/concept-properties#notSelectable"
* ^property[=].type = #boolean
* #somatic "Somatic conditions"
  * #diabetes "Diabetes"
  * #epilepsy "Epilepsy"
  * #severe-obesity "Severe obesity"
  * #gastric-bypass "Earlier gastric bypass"
  * #heart-disease "Congenital or acquired heart disease"
  * #functional-disorder "Functional disorder"
* #mental "Mental disorders"
  * #anxiety "Anxiety"
  * #depression "Depression"
  * #eating-disorder "Eating disorder"
  * #trauma "Trauma"
  * #adhd "ADHD"
  * #ocd "Obsessive-compulsive disorder"
* #social "Social problems"
  * #conflict-or-violence-at-home "Conflict or violence at home"
  * #insecure-attachment "Insecure attachment from a problematic upbringing"
  * #no-job-education-or-housing "No job, education or housing"
  * #financial-problems "Financial problems"
  * #sparse-network "Sparse network"
  * #young-age "Young age or immaturity"
  * #unwanted-single "Unwanted single"
  * #changing-partners "Changing partners"
  * #partner-in-prison "Partner in prison"
  * #cultural-factors "Cultural factors"
  * #substance-use "Use of alcohol, drugs or dependency-forming medicine"
* #other-vulnerabilities "Other vulnerabilities"
  * #no-engagement-in-pregnancy "Lack of feelings for or engagement in the pregnancy"
  * #earlier-loss "Earlier abortions, or a lost, disabled or seriously ill child"
  * #long-fertility-treatment "Long fertility treatment"
  * #family-illness-or-loss "Serious illness in the family or a recent loss"
// The sub-group headings only group the reasons; a reason is always one of their children.
* #somatic ^property[+].code = #notSelectable
* #somatic ^property[=].valueBoolean = true
* #mental ^property[+].code = #notSelectable
* #mental ^property[=].valueBoolean = true
* #social ^property[+].code = #notSelectable
* #social ^property[=].valueBoolean = true
* #other-vulnerabilities ^property[+].code = #notSelectable
* #other-vulnerabilities ^property[=].valueBoolean = true

ValueSet: CareLevelReasons
Id: care-level-reason
Title: "Care level reasons"
Description: "All care-level reasons."
* insert AllCodesFrom($careLevelReason)

// ---------------------------------------------------------------- examples

Instance: eva-pregnancy
InstanceOf: PregnancyEpisode
Title: "Eva's pregnancy"
Description: "Eva's pregnancy, managed by the Central Jutland family ambulatory at level 4. Not her first birth: she has a child of about five, and an earlier child was born with withdrawal symptoms and died a few weeks later. Her substance-treatment provider told the family ambulatory of the pregnancy in the first trimester."
Usage: #example
* extension[expectedDeliveryDate].valueDate = "2025-09-20"
// Eva has given birth before, so she has no first-time mother's right to a postnatal home visit.
* extension[firstTimeMother].valueBoolean = false
* extension[currentCareLevel].valueReference = Reference(Observation/eva-care-level-4)
* status = #active
* type = $episodeType#pregnancy "Pregnancy"
* patient = Reference(Patient/eva)
* managingOrganization = Reference(Organization/familieambulatoriet-midtjylland)
* period.start = "2025-01-28"
* team = Reference(CareTeam/eva-care-team)

Instance: eva-care-level-4
InstanceOf: PregnancyCareLevel
Title: "Eva's care level: 4"
Description: "Eva is assessed at level 4 at enrolment: long-standing methadone treatment, and an earlier child lost after a birth with withdrawal symptoms."
Usage: #example
* extension[episodeOfCare].valueReference = Reference(EpisodeOfCare/eva-pregnancy)
* status = #final
* code.coding[snomed] = $sct#710824005
* code.coding[godstart] = $pregnancyObservation#care-level "Pregnancy care level"
* subject = Reference(Patient/eva)
* effectiveDateTime = "2025-01-28T10:30:00+01:00"
* performer = Reference(Organization/familieambulatoriet-midtjylland)
* valueCodeableConcept = $careLevel#4 "Level 4"
* component[+].code = $careLevelSubgroup#social "Social problems"
* component[=].valueCodeableConcept = $careLevelReason#substance-use "Use of alcohol, drugs or dependency-forming medicine"
* component[=].valueCodeableConcept.text = "Methadone treatment for several years"
* component[+].code = $careLevelSubgroup#other-vulnerabilities "Other vulnerabilities"
* component[=].valueCodeableConcept = $careLevelReason#earlier-loss "Earlier abortions, or a lost, disabled or seriously ill child"
* component[=].valueCodeableConcept.text = "An earlier child was born with withdrawal symptoms and died a few weeks later; she fears another"

// Eva's care team is her network: see eva-care-team in network.fsh.

Instance: ditte-pregnancy
InstanceOf: PregnancyEpisode
Title: "Ditte's pregnancy"
Description: "Ditte's unplanned pregnancy, her first; followed by her GP until the family ambulatory takes over."
Usage: #example
* extension[expectedDeliveryDate].valueDate = "2025-11-02"
* extension[firstTimeMother].valueBoolean = true
* extension[currentCareLevel].valueReference = Reference(Observation/ditte-care-level-3)
* status = #active
* type = $episodeType#pregnancy "Pregnancy"
* patient = Reference(Patient/ditte)
* managingOrganization = Reference(Organization/laegerne-boulevarden-aalborg)
* period.start = "2025-03-10"

// The GP's first assessment, level 3 for social reasons; her cocaine use is why the GP
// refers her on. (The case names no mental disorder, so none is recorded.)
Instance: ditte-care-level-3
InstanceOf: PregnancyCareLevel
Title: "Ditte's care level: 3"
Description: "Ditte's GP assesses level 3 in the social sub-group: heavy cocaine use."
Usage: #example
* extension[episodeOfCare].valueReference = Reference(EpisodeOfCare/ditte-pregnancy)
* status = #final
* code.coding[snomed] = $sct#710824005
* code.coding[godstart] = $pregnancyObservation#care-level "Pregnancy care level"
* subject = Reference(Patient/ditte)
* effectiveDateTime = "2025-03-10T09:15:00+01:00"
* performer = Reference(PractitionerRole/ditte-gp)
* valueCodeableConcept = $careLevel#3 "Level 3"
* component[+].code = $careLevelSubgroup#social "Social problems"
* component[=].valueCodeableConcept = $careLevelReason#substance-use "Use of alcohol, drugs or dependency-forming medicine"
* component[=].valueCodeableConcept.text = "Heavy cocaine use"
