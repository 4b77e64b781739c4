package dk.godstart.hub.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.MethodOutcome;
import dk.godstart.hub.server.support.HubIntegrationTest;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Ditte's record at the hub: created by her GP's system, found by CPR, corrected, and its history kept. */
class PatientRecordIT extends HubIntegrationTest {

	@Test
	void dittesRecordIsCreatedFoundByCprUpdatedAndVersioned() {
		String cpr = newCpr();
		Patient ditte = new Patient();
		ditte.addIdentifier().setSystem(CPR_SYSTEM).setValue(cpr);
		ditte.addName().setFamily("Nielsen").addGiven("Ditte");
		ditte.setGender(AdministrativeGender.FEMALE);
		ditte.addAddress().setCity("Aalborg").setPostalCode("9000").addLine("Boulevarden 1");

		MethodOutcome created = fhir.create().resource(ditte).execute();
		assertThat(created.getCreated()).isTrue();
		IIdType id = created.getId().toUnqualifiedVersionless();

		Patient read = fhir.read().resource(Patient.class).withId(id).execute();
		assertThat(read.getIdentifierFirstRep().getValue()).isEqualTo(cpr);
		assertThat(read.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Ditte");

		Bundle byCpr = fhir.search()
				.forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(CPR_SYSTEM, cpr))
				.returnBundle(Bundle.class)
				.execute();
		assertThat(byCpr.getEntry()).hasSize(1);
		assertThat(byCpr.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(id.getIdPart());

		// She moves within Aalborg: the update makes version 2, and version 1 still says where she lived.
		read.getAddressFirstRep().setLine(new java.util.ArrayList<>()).addLine("Vesterbro 12");
		MethodOutcome updated = fhir.update().resource(read).execute();
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

		Bundle history = fhir.history().onInstance(id).returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).hasSize(2);

		Patient version1 = fhir.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();
		Address firstAddress = version1.getAddressFirstRep();
		assertThat(firstAddress.getLine().get(0).getValue()).isEqualTo("Boulevarden 1");
		Patient current = fhir.read().resource(Patient.class).withId(id).execute();
		assertThat(current.getAddressFirstRep().getLine().get(0).getValue()).isEqualTo("Vesterbro 12");
		assertThat(current.getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	void aSearchForAnUnknownCprFindsNobody() {
		Bundle none = fhir.search()
				.forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(CPR_SYSTEM, "0000000000"))
				.returnBundle(Bundle.class)
				.execute();
		assertThat(none.getEntry()).isEmpty();
	}
}
