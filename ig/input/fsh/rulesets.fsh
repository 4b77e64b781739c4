// Rules that every artefact of a kind repeats. Keeping them here means a change of
// publisher, jurisdiction or status is made once.

RuleSet: ConformanceMetadata
* ^status = #draft
* ^experimental = false
* ^publisher = "GodStart Hub"
* ^jurisdiction = $iso3166#DK "Denmark"

// Our code systems are small, closed lists we own; a complete, case-sensitive system lets
// validators reject any code we did not define.
RuleSet: GodStartCodeSystem
* insert ConformanceMetadata
* ^caseSensitive = true
* ^content = #complete

RuleSet: GodStartValueSet
* insert ConformanceMetadata

// A value set holding every code of one of our code systems.
RuleSet: AllCodesFrom(system)
* insert GodStartValueSet
* include codes from system {system}

// Identifiers are told apart by their system: a receiver routes on SOR or GLN, a
// municipality on its code, so each system gets its own slice.
RuleSet: IdentifierSlicedBySystem
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "One slice per national identifier system"

RuleSet: ExtensionContext(path)
* ^context[+].type = #element
* ^context[=].expression = "{path}"

// Search parameters are conformance resources in their own right; this keeps their
// boilerplate out of the definitions in searchparameters.fsh. They are active even while the
// guide is a draft: a FHIR server indexes and searches only active search parameters, and
// the hub's workflows depend on these.
RuleSet: SearchParameterDefinition(id, code, base, type)
* url = "http://godstart.dk/fhir/SearchParameter/{id}"
* version = "0.1.0"
* status = #active
* experimental = false
* publisher = "GodStart Hub"
* jurisdiction = $iso3166#DK "Denmark"
* code = #{code}
* base[+] = #{base}
* type = #{type}
* xpathUsage = #normal

// Example organisations carry the national identifiers a message receiver needs.
RuleSet: SorAndGln(sor, gln)
* identifier[sor].value = "{sor}"
* identifier[gln].value = "{gln}"

RuleSet: DanishMunicipality(code, name)
* identifier[municipalityCode].value = "{code}"
* type = $organizationType#municipality "Municipality"
* name = "{name}"
* active = true
