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

// All 98 Danish municipalities (kommuner, since the 2007 reform), by their four-digit code,
// content = complete: the extension binds this code system as required, so a fragment would
// make every validator that follows the rules refuse the municipalities left out. Same URL and
// codes as DK Core (whose source is Statistics Denmark); Christiansø (0411) is no municipality.
CodeSystem: DkCoreMunicipalityCodeSystem
Id: dk-core-municipality-codes
Title: "DK Core municipality codes"
Description: "The 98 Danish municipality codes (four digits, with leading zero). Declared with the URL and codes of the DK Core code system."
* ^url = $dkMunicipalityCS
* insert ConformanceMetadata
* ^caseSensitive = true
* ^content = #complete
* ^count = 98
// Region Hovedstaden (29)
* #0101 "København"
* #0147 "Frederiksberg"
* #0151 "Ballerup"
* #0153 "Brøndby"
* #0155 "Dragør"
* #0157 "Gentofte"
* #0159 "Gladsaxe"
* #0161 "Glostrup"
* #0163 "Herlev"
* #0165 "Albertslund"
* #0167 "Hvidovre"
* #0169 "Høje-Taastrup"
* #0173 "Lyngby-Taarbæk"
* #0175 "Rødovre"
* #0183 "Ishøj"
* #0185 "Tårnby"
* #0187 "Vallensbæk"
* #0190 "Furesø"
* #0201 "Allerød"
* #0210 "Fredensborg"
* #0217 "Helsingør"
* #0219 "Hillerød"
* #0223 "Hørsholm"
* #0230 "Rudersdal"
* #0240 "Egedal"
* #0250 "Frederikssund"
* #0260 "Halsnæs"
* #0270 "Gribskov"
* #0400 "Bornholm"
// Region Sjælland (17)
* #0253 "Greve"
* #0259 "Køge"
* #0265 "Roskilde"
* #0269 "Solrød"
* #0306 "Odsherred"
* #0316 "Holbæk"
* #0320 "Faxe"
* #0326 "Kalundborg"
* #0329 "Ringsted"
* #0330 "Slagelse"
* #0336 "Stevns"
* #0340 "Sorø"
* #0350 "Lejre"
* #0360 "Lolland"
* #0370 "Næstved"
* #0376 "Guldborgsund"
* #0390 "Vordingborg"
// Region Syddanmark (22)
* #0410 "Middelfart"
* #0420 "Assens"
* #0430 "Faaborg-Midtfyn"
* #0440 "Kerteminde"
* #0450 "Nyborg"
* #0461 "Odense"
* #0479 "Svendborg"
* #0480 "Nordfyns"
* #0482 "Langeland"
* #0492 "Ærø"
* #0510 "Haderslev"
* #0530 "Billund"
* #0540 "Sønderborg"
* #0550 "Tønder"
* #0561 "Esbjerg"
* #0563 "Fanø"
* #0573 "Varde"
* #0575 "Vejen"
* #0580 "Aabenraa"
* #0607 "Fredericia"
* #0621 "Kolding"
* #0630 "Vejle"
// Region Midtjylland (19)
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
// Region Nordjylland (11)
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
