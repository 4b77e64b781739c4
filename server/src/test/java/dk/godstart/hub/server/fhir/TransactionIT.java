package dk.godstart.hub.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.godstart.hub.server.support.HubIntegrationTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * A shelter's intake system sends Janni and her partner in one transaction: both are stored or neither is,
 * and sending the same transaction again (a retry after a timeout) creates no duplicates.
 */
class TransactionIT extends HubIntegrationTest {

	@Test
	void aTransactionOfPatientsIsStoredOnceAndARetryCreatesNoDuplicates() {
		String janni = newCpr();
		String partner = newCpr();
		Bundle transaction = transactionOf(patient(janni, "Janni"), patient(partner, "Kim"));

		Bundle first = fhir.transaction().withBundle(transaction).execute();
		assertThat(first.getEntry()).hasSize(2).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("201"));

		Bundle retry = fhir.transaction().withBundle(transactionOf(patient(janni, "Janni"), patient(partner, "Kim"))).execute();
		assertThat(retry.getEntry()).hasSize(2).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("200"));
		assertThat(retry.getEntry().get(0).getResponse().getLocation())
				.startsWith(first.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", ""));

		assertThat(countByCpr(janni)).isEqualTo(1);
		assertThat(countByCpr(partner)).isEqualTo(1);
	}

	@Test
	void aTransactionWithOneBadEntryStoresNothing() {
		String cpr = newCpr();
		Patient good = patient(cpr, "Eva");
		Patient pointsNowhere = patient(newCpr(), "Nobody");
		pointsNowhere.addGeneralPractitioner(new Reference("Organization/does-not-exist"));
		Bundle transaction = transactionOf(good, pointsNowhere);

		assertThatThrownBy(() -> fhir.transaction().withBundle(transaction).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isBetween(400, 499);
					assertThat(e.getOperationOutcome()).isInstanceOf(OperationOutcome.class);
					OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
					assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Organization/does-not-exist");
				});
		assertThat(countByCpr(cpr)).as("the valid entry must be rolled back too").isZero();
	}

	private static Patient patient(String cpr, String given) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(CPR_SYSTEM).setValue(cpr);
		patient.addName().setFamily("Hansen").addGiven(given);
		return patient;
	}

	private static Bundle transactionOf(Patient... patients) {
		Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
		for (Patient patient : patients) {
			String cpr = patient.getIdentifierFirstRep().getValue();
			bundle.addEntry()
					.setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
					.setResource(patient)
					.getRequest()
					.setMethod(HTTPVerb.POST)
					.setUrl("Patient")
					.setIfNoneExist("identifier=" + CPR_SYSTEM + "|" + cpr);
		}
		return bundle;
	}

	private int countByCpr(String cpr) {
		return storedCount("Patient", "identifier=" + CPR_SYSTEM + "|" + cpr);
	}
}
