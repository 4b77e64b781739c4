// The pregnant woman (and, from birth, her child), identified the Danish way.

Profile: DkMaternityPatient
Parent: Patient
Id: dk-maternity-patient
Title: "DK Maternity Patient"
Description: "A pregnant woman (or mother) known to the hub, or her child from birth. She is identified by her CPR number, and the municipality code on her address decides which municipality is informed about her."
* insert ConformanceMetadata
* insert IdentifierSlicedBySystem
* identifier 1..* MS
* identifier contains cpr 1..1 MS
* identifier[cpr] ^short = "CPR number (10 digits, no hyphen)"
* identifier[cpr].system 1..1
* identifier[cpr].system = $cpr (exactly)
* identifier[cpr].value 1..1 MS
* identifier[cpr].value obeys dk-cpr-format
* active MS
* name 1..* MS
* name.family 1..1 MS
* name.given MS
* telecom MS
* gender MS
* birthDate MS
* address MS
* address.use MS
* address.line MS
* address.postalCode MS
* address.city MS
* address.extension contains DkCoreMunicipalityCode named municipalityCode 0..1 MS
* address.extension[municipalityCode] ^short = "Municipality the address lies in; decides which municipality is notified"
* generalPractitioner MS
* generalPractitioner only Reference(DkMaternityOrganization or PractitionerRole)
* generalPractitioner ^short = "Her GP clinic (general practice), copied on notifications when the agreement says so"

Invariant: dk-cpr-format
Description: "A CPR number is exactly ten digits without a hyphen."
Severity: #error
Expression: "matches('^[0-9]{10}$')"

// DK Core owns this extension and code system. The guide cannot depend on DK Core because
// the FHIR package registry is unreachable from our builds, so we declare both with DK
// Core's own URLs: instances stay wire-compatible with DK Core, and switching to the real
// package later is a matter of deleting these definitions.
Extension: DkCoreMunicipalityCode
Id: dk-core-municipalityCodes
Title: "DK Core municipality code"
Description: "The Danish municipality (kommune) an address lies in, as its four-digit code. Re-declared with DK Core's URL so that instances are compatible with DK Core."
* ^url = $dkMunicipalityExt
* insert ConformanceMetadata
* insert ExtensionContext(Address)
* value[x] 1..1
* value[x] only CodeableConcept
* valueCodeableConcept from DkMunicipalityCodes (required)

// Only the municipalities our examples and agreements use are listed (content = fragment):
// the authoritative list belongs to DK Core and Statistics Denmark.
CodeSystem: DkCoreMunicipalityCodeSystem
Id: dk-core-municipality-codes
Title: "DK Core municipality codes (fragment)"
Description: "Danish municipality codes (four digits). A fragment of the DK Core code system with the same URL, holding the municipalities this guide's examples and agreements use."
* ^url = $dkMunicipalityCS
* insert ConformanceMetadata
* ^caseSensitive = true
* ^content = #fragment
* #0101 "København"
* #0461 "Odense"
// Region Nordjylland
* #0773 "Morsø"
* #0787 "Thisted"
* #0810 "Brønderslev"
* #0813 "Frederikshavn"
* #0820 "Vesthimmerland"
* #0825 "Læsø"
* #0840 "Rebild"
* #0846 "Mariagerfjord"
* #0849 "Jammerbugt"
* #0851 "Aalborg"
* #0860 "Hjørring"
// Region Midtjylland
* #0615 "Horsens"
* #0657 "Herning"
* #0661 "Holstebro"
* #0665 "Lemvig"
* #0671 "Struer"
* #0706 "Syddjurs"
* #0707 "Norddjurs"
* #0710 "Favrskov"
* #0727 "Odder"
* #0730 "Randers"
* #0740 "Silkeborg"
* #0741 "Samsø"
* #0746 "Skanderborg"
* #0751 "Aarhus"
* #0756 "Ikast-Brande"
* #0760 "Ringkøbing-Skjern"
* #0766 "Hedensted"
* #0779 "Skive"
* #0791 "Viborg"

ValueSet: DkMunicipalityCodes
Id: dk-municipality-codes
Title: "Danish municipality codes"
Description: "All Danish municipality codes."
* insert GodStartValueSet
* include codes from system $dkMunicipalityCS

// ---------------------------------------------------------------- examples
// CPR numbers below are fictive: birth date plus four digits, the last one even as for women.

Instance: ditte
InstanceOf: DkMaternityPatient
Title: "Ditte, Aalborg"
Description: "Ditte, heavy cocaine use, own flat in Aalborg, unplanned pregnancy and no contact with the child's father. Not at first motivated for treatment; her GP refers her to the family ambulatory, and she starts substance treatment under pressure from Aalborg's family department."
Usage: #example
* identifier[cpr].system = $cpr
* identifier[cpr].value = "1505954568"
* active = true
* name.use = #official
* name.family = "Jensen"
* name.given = "Ditte"
* gender = #female
* birthDate = "1995-05-15"
* address.use = #home
* address.line = "Vesterbro 12, 3. th."
* address.postalCode = "9000"
* address.city = "Aalborg"
* address.extension[municipalityCode].valueCodeableConcept = $dkMunicipalityCS#0851 "Aalborg"
* generalPractitioner = Reference(Organization/laegerne-boulevarden-aalborg)

Instance: eva
InstanceOf: DkMaternityPatient
Title: "Eva, Aarhus"
Description: "Eva, years in methadone treatment; lives with her husband and their child of about five, and has given birth before (not a first-time mother). In her first trimester her substance-treatment provider tells the family ambulatory, which enrols her."
Usage: #example
* identifier[cpr].system = $cpr
* identifier[cpr].value = "0309884442"
* active = true
* name.use = #official
* name.family = "Nielsen"
* name.given = "Eva"
* gender = #female
* birthDate = "1988-09-03"
* address.use = #home
* address.line = "Frederiks Allé 40, 2. tv."
* address.postalCode = "8000"
* address.city = "Aarhus C"
* address.extension[municipalityCode].valueCodeableConcept = $dkMunicipalityCS#0751 "Aarhus"

Instance: janni
InstanceOf: DkMaternityPatient
Title: "Janni, shelter in Hjørring"
Description: "Janni, in opioid substitution treatment with side use, homeless and living at a shelter with her boyfriend. The shelter discovered her pregnancy in the third trimester and contacted the family ambulatory, her GP, her substance treatment and the municipality's family department."
Usage: #example
* identifier[cpr].system = $cpr
* identifier[cpr].value = "2111994626"
* active = true
* name.use = #official
* name.family = "Larsen"
* name.given = "Janni"
* gender = #female
* birthDate = "1999-11-21"
// Homeless: the shelter is her temporary address, and it still places her in a municipality.
* address.use = #temp
* address.text = "c/o herberget, Hjørring"
* address.line = "Herberget, Banegårdsgade 5"
* address.postalCode = "9800"
* address.city = "Hjørring"
* address.extension[municipalityCode].valueCodeableConcept = $dkMunicipalityCS#0860 "Hjørring"

// Janni's daughter, a patient from birth like every newborn: the birth site's ADT feed links her
// visit to her mother's delivery stay. She lives here with the other patients; who holds custody
// of her, and the consent given for her, are in related-person.fsh. A girl's CPR, born 2025.
Instance: janni-child
InstanceOf: DkMaternityPatient
Title: "Janni's daughter"
Description: "Janni's daughter, born on 28 July 2025 and placed voluntarily at birth, as her network planned. She is registered at her mother's address, so Hjørring remains the municipality that acts; Janni holds custody of her."
Usage: #example
* identifier[cpr].system = $cpr
* identifier[cpr].value = "2807254012"
* active = true
* name.use = #official
* name.family = "Larsen"
* name.given = "Sofie"
* gender = #female
* birthDate = "2025-07-28"
* address.use = #temp
* address.text = "c/o herberget, Hjørring"
* address.line = "Herberget, Banegårdsgade 5"
* address.postalCode = "9800"
* address.city = "Hjørring"
* address.extension[municipalityCode].valueCodeableConcept = $dkMunicipalityCS#0860 "Hjørring"
