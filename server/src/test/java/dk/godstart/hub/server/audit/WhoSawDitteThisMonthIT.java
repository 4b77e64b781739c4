package dk.godstart.hub.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * "Who saw Ditte's data this month, and on which basis" is one search of the audit trail, answered with BALP
 * AuditEvents that name the client, the organisation it acts for and the agreement or legal basis used.
 */
class WhoSawDitteThisMonthIT extends NorthJutlandScenario {

	@Autowired
	JdbcTemplate hubJdbcTemplate;

	@Test
	void oneSearchByWomanAndMonthNamesTheClientTheOrganisationAndTheBasis() {
		network.signAgreement();
		Patient ditte = network.ditte();
		String her = "Patient/" + ditte.getIdElement().getIdPart();
		ServiceRequest referral = network.create(network.referral(ditte, true));
		await("Aalborg to be told of Ditte's referral").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("aalborg"), list -> !list.isEmpty());
		network.asAalborg.read().resource(ServiceRequest.class).withId(referral.getIdElement().getIdPart()).execute();

		LocalDate firstOfMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
		hubJdbcTemplate.update("""
				INSERT INTO hub_audit_record (audit_event, recorded_at, client, action, outcome, subtype, patients)
				VALUES (?, ?, 'last-months-client', 'R', '0', 'read', ARRAY[?]::text[])""",
				"{\"resourceType\":\"AuditEvent\",\"recorded\":\"2000-01-01T00:00:00Z\","
						+ "\"agent\":[{\"altId\":\"last-months-client\",\"requestor\":true}]}",
				Timestamp.from(firstOfMonth.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant()), her);

		IGenericClient auditor = clientFor(null, List.of("system/AuditEvent.rs"));
		String search = "AuditEvent?patient=" + her + "&date=ge" + firstOfMonth + "&_count=200";
		List<AuditEvent> thisMonth = await("Aalborg's read and the hub's delivery to be in the trail")
				.atMost(Duration.ofSeconds(20))
				.until(() -> auditor.search().byUrl(search).returnBundle(Bundle.class).execute().getEntry().stream()
						.map(e -> (AuditEvent) e.getResource()).toList(),
				events -> events.stream().anyMatch(e -> e.getAction() == AuditEvent.AuditEventAction.R)
						&& events.stream().anyMatch(e -> "message-delivered".equals(e.getSubtypeFirstRep().getCode())));

		assertThat(thisMonth).as("last month's record is not in this month's answer")
				.noneMatch(e -> "last-months-client".equals(e.getAgentFirstRep().getAltId()));
		assertThat(thisMonth).allSatisfy(e -> assertThat(e.getEntity()).anyMatch(entity -> her.equals(entity.getWhat().getReference())));

		AuditEvent aalborgsRead = thisMonth.stream().filter(e -> e.getAction() == AuditEvent.AuditEventAction.R
				&& e.getAgent().stream().anyMatch(a -> (GodStartIg.MUNICIPALITY_CODE_SYSTEM + "|0851").equals(a.getName())))
				.findFirst().orElseThrow();
		assertThat(aalborgsRead.getMeta().getProfile()).extracting(CanonicalType::getValue)
				.containsExactly(BalpProfileEnum.PATIENT_READ.getProfileUrl());
		AuditEvent.AuditEventAgentComponent client = aalborgsRead.getAgent().stream()
				.filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
		assertThat(client.getWho().getIdentifier().getSystem()).isEqualTo(AuditEvents.CLIENT_SYSTEM);
		assertThat(client.getWho().getIdentifier().getValue()).isNotBlank();
		assertThat(aalborgsRead.getAgent()).as("the hub as the server").anyMatch(Balp::isHub);
		assertThat(aalborgsRead.getEntity()).extracting(e -> e.getWhat().getReference())
				.as("the agreement that let Aalborg see it").anyMatch(r -> r != null && r.startsWith("Contract/"));

		AuditEvent delivery = thisMonth.stream().filter(e -> "message-delivered".equals(e.getSubtypeFirstRep().getCode()))
				.findFirst().orElseThrow();
		assertThat(delivery.getEntity()).extracting(e -> e.getWhat().getReference())
				.anyMatch(r -> r != null && r.startsWith("Contract/"));
		assertThat(delivery.getPurposeOfEvent()).as("the legal basis of the disclosure").isNotEmpty();

		assertThat(auditor.search().byUrl("AuditEvent?patient=" + her + "&date=lt" + firstOfMonth)
				.returnBundle(Bundle.class).execute().getEntry())
				.extracting(e -> ((AuditEvent) e.getResource()).getAgentFirstRep().getAltId())
				.containsExactly("last-months-client");
	}

	@Test
	void theDataControllerGetsTheTrailAsNdjsonAndOnlyTheOperatorMay() throws Exception {
		Patient ditte = network.ditte();
		String her = "Patient/" + ditte.getIdElement().getIdPart();
		network.create(network.referral(ditte, true));

		HttpResponse<String> export = await("the GP's referral to be in the export").atMost(Duration.ofSeconds(20))
				.until(() -> send(anonymousRequest("/fhir/AuditEvent/$export-ndjson?patient=" + her)
						.header("Authorization", bearer(operatorToken))),
				answer -> answer.statusCode() == 200 && answer.body().contains("IHE.BasicAudit.PatientCreate"));
		assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
				assertThat(type).startsWith("application/fhir+ndjson"));
		List<AuditEvent> lines = export.body().lines().filter(line -> !line.isBlank())
				.map(line -> fhirContext.newJsonParser().parseResource(AuditEvent.class, line)).toList();
		assertThat(lines).isNotEmpty().allSatisfy(e -> {
			assertThat(e.getIdElement().getIdPart()).isNotBlank();
			assertThat(e.getEntity()).anyMatch(entity -> her.equals(entity.getWhat().getReference()));
		});
		assertThat(lines).anySatisfy(e -> assertThat(e.getMeta().getProfile()).extracting(CanonicalType::getValue)
				.containsExactly(BalpProfileEnum.PATIENT_CREATE.getProfileUrl()));
		assertThat(lines).extracting(e -> e.getIdElement().getIdPartAsLong()).as("oldest first").isSorted();

		HttpResponse<String> asAuditor = send(anonymousRequest("/fhir/AuditEvent/$export-ndjson?patient=" + her)
				.header("Authorization", bearer(tokens.token("test-client", null, List.of("system/AuditEvent.rs")))));
		assertThat(asAuditor.statusCode()).isEqualTo(403);
	}
}
