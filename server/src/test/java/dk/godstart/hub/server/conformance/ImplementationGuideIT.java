package dk.godstart.hub.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/** The guide installed from the jar: its definitions are readable, its search parameters work. */
class ImplementationGuideIT extends HubIntegrationTest {

	@Test
	void theReferralProfileCanBeFetchedByItsCanonicalUrl() {
		Bundle found = fhir.search()
				.forResource(StructureDefinition.class)
				.where(StructureDefinition.URL.matches().value(GodStartIg.Profiles.FAMILY_AMBULATORY_REFERRAL))
				.returnBundle(Bundle.class)
				.execute();
		assertThat(found.getEntry()).hasSize(1);
		StructureDefinition profile = (StructureDefinition) found.getEntryFirstRep().getResource();
		assertThat(profile.getType()).isEqualTo("ServiceRequest");
	}

	@Test
	void theCareLevelCodeSystemAndItsValueSetAreServed() {
		Bundle codeSystems = fhir.search().byUrl("CodeSystem?url=" + GodStartIg.CANONICAL + "/CodeSystem/pregnancy-care-level")
				.returnBundle(Bundle.class).execute();
		assertThat(codeSystems.getEntry()).hasSize(1);
		Bundle searchParameters = fhir.search().byUrl("SearchParameter?url=" + GodStartIg.CANONICAL + "/SearchParameter/patient-municipality")
				.returnBundle(Bundle.class).execute();
		assertThat(searchParameters.getEntry()).hasSize(1);
	}

	@Test
	void aMunicipalityFindsItsCitizensByMunicipalityCode() {
		String cpr = newCpr();
		Patient ditte = new Patient();
		ditte.getMeta().addProfile(GodStartIg.Profiles.PATIENT);
		ditte.addIdentifier().setSystem(GodStartIg.CPR_SYSTEM).setValue(cpr);
		ditte.addName().setFamily("Nielsen").addGiven("Ditte");
		ditte.addAddress().setCity("Aalborg").addExtension(
				GodStartIg.MUNICIPALITY_CODE_EXTENSION,
				new CodeableConcept(new Coding(GodStartIg.MUNICIPALITY_CODE_SYSTEM, "0851", "Aalborg")));
		fhir.create().resource(ditte).execute();

		Bundle inAalborg = fhir.search().byUrl("Patient?municipality=0851&identifier=" + GodStartIg.CPR_SYSTEM + "|" + cpr)
				.returnBundle(Bundle.class).execute();
		Bundle inOdense = fhir.search().byUrl("Patient?municipality=0461&identifier=" + GodStartIg.CPR_SYSTEM + "|" + cpr)
				.returnBundle(Bundle.class).execute();

		assertThat(inAalborg.getEntry()).hasSize(1);
		assertThat(inOdense.getEntry()).isEmpty();
	}
}
