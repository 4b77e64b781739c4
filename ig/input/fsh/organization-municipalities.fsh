// The municipalities as legal entities, parties to the regional agreements.
// They are example reference data: the agreements in agreement.fsh name every
// municipality of North and Central Jutland as a party, and routing resolves a
// municipal unit (e.g. a family department) to its municipality through partOf.

// Region Nordjylland

Instance: morsoe-municipality
InstanceOf: DkMaternityOrganization
Title: "Morsø Kommune"
Usage: #example
* insert DanishMunicipality(0773, Morsø Kommune)

Instance: thisted-municipality
InstanceOf: DkMaternityOrganization
Title: "Thisted Kommune"
Usage: #example
* insert DanishMunicipality(0787, Thisted Kommune)

Instance: broenderslev-municipality
InstanceOf: DkMaternityOrganization
Title: "Brønderslev Kommune"
Usage: #example
* insert DanishMunicipality(0810, Brønderslev Kommune)

Instance: frederikshavn-municipality
InstanceOf: DkMaternityOrganization
Title: "Frederikshavn Kommune"
Usage: #example
* insert DanishMunicipality(0813, Frederikshavn Kommune)

Instance: vesthimmerland-municipality
InstanceOf: DkMaternityOrganization
Title: "Vesthimmerland Kommune"
Usage: #example
* insert DanishMunicipality(0820, Vesthimmerland Kommune)

Instance: laesoe-municipality
InstanceOf: DkMaternityOrganization
Title: "Læsø Kommune"
Usage: #example
* insert DanishMunicipality(0825, Læsø Kommune)

Instance: rebild-municipality
InstanceOf: DkMaternityOrganization
Title: "Rebild Kommune"
Usage: #example
* insert DanishMunicipality(0840, Rebild Kommune)

Instance: mariagerfjord-municipality
InstanceOf: DkMaternityOrganization
Title: "Mariagerfjord Kommune"
Usage: #example
* insert DanishMunicipality(0846, Mariagerfjord Kommune)

Instance: jammerbugt-municipality
InstanceOf: DkMaternityOrganization
Title: "Jammerbugt Kommune"
Usage: #example
* insert DanishMunicipality(0849, Jammerbugt Kommune)

Instance: aalborg-municipality
InstanceOf: DkMaternityOrganization
Title: "Aalborg Kommune"
Usage: #example
* insert DanishMunicipality(0851, Aalborg Kommune)

Instance: hjoerring-municipality
InstanceOf: DkMaternityOrganization
Title: "Hjørring Kommune"
Usage: #example
* insert DanishMunicipality(0860, Hjørring Kommune)

// Region Midtjylland

Instance: horsens-municipality
InstanceOf: DkMaternityOrganization
Title: "Horsens Kommune"
Usage: #example
* insert DanishMunicipality(0615, Horsens Kommune)

Instance: herning-municipality
InstanceOf: DkMaternityOrganization
Title: "Herning Kommune"
Usage: #example
* insert DanishMunicipality(0657, Herning Kommune)

Instance: holstebro-municipality
InstanceOf: DkMaternityOrganization
Title: "Holstebro Kommune"
Usage: #example
* insert DanishMunicipality(0661, Holstebro Kommune)

Instance: lemvig-municipality
InstanceOf: DkMaternityOrganization
Title: "Lemvig Kommune"
Usage: #example
* insert DanishMunicipality(0665, Lemvig Kommune)

Instance: struer-municipality
InstanceOf: DkMaternityOrganization
Title: "Struer Kommune"
Usage: #example
* insert DanishMunicipality(0671, Struer Kommune)

Instance: syddjurs-municipality
InstanceOf: DkMaternityOrganization
Title: "Syddjurs Kommune"
Usage: #example
* insert DanishMunicipality(0706, Syddjurs Kommune)

Instance: norddjurs-municipality
InstanceOf: DkMaternityOrganization
Title: "Norddjurs Kommune"
Usage: #example
* insert DanishMunicipality(0707, Norddjurs Kommune)

Instance: favrskov-municipality
InstanceOf: DkMaternityOrganization
Title: "Favrskov Kommune"
Usage: #example
* insert DanishMunicipality(0710, Favrskov Kommune)

Instance: odder-municipality
InstanceOf: DkMaternityOrganization
Title: "Odder Kommune"
Usage: #example
* insert DanishMunicipality(0727, Odder Kommune)

Instance: randers-municipality
InstanceOf: DkMaternityOrganization
Title: "Randers Kommune"
Usage: #example
* insert DanishMunicipality(0730, Randers Kommune)

Instance: silkeborg-municipality
InstanceOf: DkMaternityOrganization
Title: "Silkeborg Kommune"
Usage: #example
* insert DanishMunicipality(0740, Silkeborg Kommune)

Instance: samsoe-municipality
InstanceOf: DkMaternityOrganization
Title: "Samsø Kommune"
Usage: #example
* insert DanishMunicipality(0741, Samsø Kommune)

Instance: skanderborg-municipality
InstanceOf: DkMaternityOrganization
Title: "Skanderborg Kommune"
Usage: #example
* insert DanishMunicipality(0746, Skanderborg Kommune)

Instance: aarhus-municipality
InstanceOf: DkMaternityOrganization
Title: "Aarhus Kommune"
Usage: #example
* insert DanishMunicipality(0751, Aarhus Kommune)

Instance: ikast-brande-municipality
InstanceOf: DkMaternityOrganization
Title: "Ikast-Brande Kommune"
Usage: #example
* insert DanishMunicipality(0756, Ikast-Brande Kommune)

Instance: ringkoebing-skjern-municipality
InstanceOf: DkMaternityOrganization
Title: "Ringkøbing-Skjern Kommune"
Usage: #example
* insert DanishMunicipality(0760, Ringkøbing-Skjern Kommune)

Instance: hedensted-municipality
InstanceOf: DkMaternityOrganization
Title: "Hedensted Kommune"
Usage: #example
* insert DanishMunicipality(0766, Hedensted Kommune)

Instance: skive-municipality
InstanceOf: DkMaternityOrganization
Title: "Skive Kommune"
Usage: #example
* insert DanishMunicipality(0779, Skive Kommune)

Instance: viborg-municipality
InstanceOf: DkMaternityOrganization
Title: "Viborg Kommune"
Usage: #example
* insert DanishMunicipality(0791, Viborg Kommune)
