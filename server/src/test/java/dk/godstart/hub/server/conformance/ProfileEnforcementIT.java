package dk.godstart.hub.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.HubIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each profile's example, broken the way a real sender would break it: the server answers 422 with an
 * OperationOutcome naming the element or rule, and stores nothing.
 */
class ProfileEnforcementIT extends HubIntegrationTest {

	record Broken(String example, Consumer<Resource> breakIt, String named) {
		@Override
		public String toString() {
			return example + " -> " + named;
		}
	}

	static Stream<Broken> brokenExamples() {
		return Stream.of(
				new Broken("ServiceRequest-ditte-referral.json", r -> ((ServiceRequest) r).getReasonCode().clear(),
						"ServiceRequest.reasonCode"),
				new Broken("ServiceRequest-ditte-referral.json", r -> ((ServiceRequest) r).setRequester(null),
						"ServiceRequest.requester"),
				new Broken("Patient-ditte.json", r -> ((Patient) r).getIdentifierFirstRep().setValue("010190-1234"),
						"dk-cpr-format"),
				new Broken("Patient-eva.json", r -> ((Patient) r).getIdentifier().clear(), "Patient.identifier"),
				new Broken("Observation-ditte-care-level-3.json", r -> ((Observation) r).getComponent().clear(),
						"care-level-3-needs-subgroup"),
				new Broken("Task-ditte-referral-task.json",
						r -> ((Task) r).setStatus(Task.TaskStatus.REJECTED).setStatusReason(null),
						"referral-task-rejection-reason"),
				new Broken("Contract-agreement-nordjylland-vulnerable-pregnant-women.json",
						r -> ((Contract) r).getExtension().removeIf(e -> e.getUrl().endsWith("/agreement-party")),
						"agreement-party"),
				new Broken("EpisodeOfCare-janni-residential-offer.json",
						r -> ((EpisodeOfCare) r).getExtension().removeIf(e -> e.getUrl().endsWith("/residential-declined-reason")),
						"residential-declined-has-reason"),
				new Broken("EpisodeOfCare-eva-pregnancy.json", r -> ((EpisodeOfCare) r).setPatient(null),
						"EpisodeOfCare.patient"),
				new Broken("HealthcareService-residential-places-odense.json",
						r -> ((HealthcareService) r).getExtension().stream()
								.filter(e -> e.getUrl().endsWith("/free-places"))
								.forEach(e -> e.setValue(new UnsignedIntType(999))),
						"residential-free-within-total"),
				new Broken("Communication-ditte-referral-accepted-notification.json",
						r -> ((Communication) r).getBasedOn().clear(), "hub-notification-sent-has-agreement"),
				new Broken("Endpoint-aalborg-family-department-messaging.json", r -> ((Endpoint) r).setManagingOrganization(null),
						"Endpoint.managingOrganization"),
				new Broken("Organization-aalborg-family-department.json", r -> ((Organization) r).setName(null),
						"Organization.name"),
				new Broken("MessageHeader-0c9f3a52-6f1e-4d3b-9a57-3f1d2f0b8e41.json",
						r -> ((MessageHeader) r).getDestination().forEach(d -> d.getExtension().clear()),
						"hub-message-one-primary-destination"),
				new Broken("Provenance-ditte-referral-accepted-provenance.json", r -> ((Provenance) r).getTarget().clear(),
						"Provenance.target"),
				new Broken("Bundle-3e7b9c14-0d2a-4f5e-8b61-9a0c4d2e1f37.json",
						r -> java.util.Collections.reverse(((Bundle) r).getEntry()),
						"hub-message-header-first"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenExamples")
	void aBrokenResourceIsRejectedWith422NamingTheRule(Broken broken) throws Exception {
		Resource resource = example(broken.example());
		resource.setId((String) null);
		broken.breakIt().accept(resource);

		HttpResponse<String> response = post("/fhir/" + resource.fhirType(), resource);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = fhirContext.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isIn(OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueSeverity.FATAL);
			assertThat(issue.getDiagnostics() + " " + issue.getExpression() + " " + issue.getLocation()).contains(broken.named());
		});
	}

	@Test
	void aRejectedPatientIsNotStored() throws Exception {
		String cpr = newCpr();
		Patient ditte = (Patient) example("Patient-ditte.json");
		ditte.setId((String) null);
		ditte.getIdentifierFirstRep().setValue(cpr);
		ditte.getName().clear();

		HttpResponse<String> rejected = post("/fhir/Patient", ditte);

		assertThat(rejected.statusCode()).isEqualTo(422);
		assertThat(storedCount("Patient", "identifier=" + CPR_SYSTEM + "|" + cpr)).isZero();
	}

	@Test
	void aTransactionWithABrokenReferralStoresNeitherThePatientNorTheReferral() throws Exception {
		String cpr = newCpr();
		Patient patient = (Patient) example("Patient-ditte.json");
		patient.setId((String) null);
		patient.getIdentifierFirstRep().setValue(cpr);
		ServiceRequest referral = (ServiceRequest) example("ServiceRequest-ditte-referral.json");
		referral.setId((String) null);
		referral.getReasonCode().clear();
		referral.getExtension().removeIf(e -> e.getUrl().endsWith("/consent"));
		referral.getSubject().setReference("urn:uuid:6f7c2a10-5b8e-4d3c-9e1a-000000000001");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:6f7c2a10-5b8e-4d3c-9e1a-000000000001").setResource(patient)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		transaction.addEntry().setResource(referral).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest");

		HttpResponse<String> response = post("/fhir", transaction);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		assertThat(response.body()).contains("ServiceRequest.reasonCode");
		assertThat(storedCount("Patient", "identifier=" + CPR_SYSTEM + "|" + cpr)).isZero();
	}

	private Resource example(String file) {
		return (Resource) fhirContext.newJsonParser().parseResource(GodStartIg.loadPackage().examples().get(file));
	}

	private HttpResponse<String> post(String path, Resource resource) throws Exception {
		// the guide's examples belong to its example organisations: posted the way a migration would load them
		return send(request(path)
				.setHeader("Authorization", bearer(tokens.token("test-importer", null, java.util.List.of("system/*.cruds", "hub/import"))))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(resource))));
	}


}
