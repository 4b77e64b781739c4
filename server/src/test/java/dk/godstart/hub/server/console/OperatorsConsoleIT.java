package dk.godstart.hub.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.routes.agreements.Agreement;
import dk.godstart.hub.routes.agreements.AgreementTerm;
import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The operators' console in a real browser: Playwright drives Debian's headless Chromium ({@link ConsoleBrowser},
 * the scenarios' browser halves in {@code src/test/browser/scenarios/}). The regional integration team's operator
 * signs in at the hub's own issuer, finds the notification that Familieambulatoriet's system never acknowledged while
 * it was down, sees why, re-drives it once the system is back and sees it delivered; finds the agreement that ends
 * next month; a caseworker's sign-in is refused. Screenshots of the pages go to
 * {@code server/target/console-screenshots/} for review.
 */
class OperatorsConsoleIT extends NorthJutlandScenario {

	@Test
	void theOperatorFindsTheNotificationParkedWhileTheReceiverWasDownAndReDrivesItOnceItIsBack() throws Exception {
		network.signAgreement();
		receiver.answer(FhirReceiver.Answer.SILENT); // Familieambulatoriet's case system takes nothing in
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));
		Communication parked = await("no acknowledgement, resent twice, then parked").atMost(Duration.ofSeconds(40))
				.until(() -> notificationsAbout(ditte, "ServiceRequest/" + referral.getIdElement().getIdPart(),
						network.familyAmbulatory), list -> list.size() == 1
						&& list.get(0).getStatus() == Communication.CommunicationStatus.ONHOLD).get(0);
		String id = parked.getIdElement().getIdPart();

		ConsoleBrowser.run("parked-while-the-receiver-was-down", origin(),
				Map.of("notification", id, "recipient", network.familyAmbulatory.getIdElement().getIdPart()),
				Map.of("the receiver is back", asked -> {
					receiver.answer(FhirReceiver.Answer.ACCEPT);
					return true;
				}));
		assertThat(receiver.receivedAt("family-ambulatory")).as("three unanswered sends and the re-drive").hasSize(4);

		List<AuditEvent> redrives = clientFor(null, List.of("system/AuditEvent.rs")).search().byUrl("AuditEvent?altid=" + EmbeddedConsoleSignIn.CLIENT_ID
				+ "&entity=Communication/" + id + "&_count=100").returnBundle(Bundle.class).execute().getEntry().stream()
				.map(entry -> (AuditEvent) entry.getResource())
				.toList();
		assertThat(redrives).as("the console's calls are in the audit trail under its client").isNotEmpty()
				.anySatisfy(event -> {
					assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
					assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
					assertThat(event.getSubtype()).extracting(c -> c.getCode()).contains("operation");
					assertThat(event.getAgent()).as("the person who re-drove it, beside the console client")
							.anySatisfy(agent -> {
								assertThat(agent.getWho().getIdentifier().getValue()).isEqualTo("operator");
								assertThat(agent.getName()).startsWith("Olga Operatør");
								assertThat(agent.getType().getCoding()).extracting(c -> c.getCode()).contains("humanuser");
							});
				});
	}

	@Test
	void dittesReferralPastTheAgreementsDeadlineIsFoundOverdue() throws Exception {
		network.signAgreement(1, "s"); // to reach Familieambulatoriet within a second
		receiver.answer(FhirReceiver.Answer.FAIL); // its case system is down for maintenance
		Patient ditte = network.ditte();
		ServiceRequest referral = network.create(network.referral(ditte, false));
		Communication notification = await().atMost(Duration.ofSeconds(20)).until(() -> notificationsAbout(ditte,
				"ServiceRequest/" + referral.getIdElement().getIdPart(), network.familyAmbulatory), list -> list.size() == 1)
				.get(0);
		await("a second past its deadline, not delivered").pollDelay(Duration.ofMillis(1500)).until(() -> true);
		ConsoleBrowser.run("overdue-against-the-deadline", origin(),
				Map.of("notification", notification.getIdElement().getIdPart(), "recipient",
						network.familyAmbulatory.getIdElement().getIdPart()), Map.of());
	}

	@Test
	void anAgreementThatEndsNextMonthIsListed() throws Exception {
		Contract agreement = network.signAgreement();
		String title = "Samarbejdsaftale der udløber (test " + UUID.randomUUID().toString().substring(0, 8) + ")";
		LocalDate nextMonth = LocalDate.now(ZoneId.of("Europe/Copenhagen")).plusDays(30);
		agreement.setTitle(title);
		agreement.getApplies().setEnd(Date.from(nextMonth.atTime(12, 0).atZone(ZoneId.of("Europe/Copenhagen")).toInstant()));
		operator.update().resource(agreement).execute();

		List<AgreementTerm> terms = Agreement.of(agreement).terms();
		assertThat(terms).as("the North Jutland agreement's terms").hasSizeGreaterThan(10);
		ConsoleBrowser.run("an-agreement-that-ends-next-month", origin(), Map.of("title", title, "ends",
				nextMonth.toString(), "terms", terms.size(), "parties", List.of(network.region.getName(),
						network.aalborg.getName(), network.gpOrganisation.getName())), Map.of());
	}

	@Test
	void aCaseworkersSignInIsRefusedAndSoIsAnyoneNotSignedIn() throws Exception {
		HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		HttpResponse<String> anonymous = noRedirects.send(HttpRequest.newBuilder(java.net.URI.create(origin()
				+ "/console/notifications")).header("Authorization", bearer(operatorToken)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).as("an API token opens no console page: sign in first").isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location").orElse("")).contains("/console/oauth2/authorization/");

		ConsoleBrowser.run("a-caseworker-is-refused", origin(), Map.of(), Map.of());
	}

	@Test
	void aSignedInOperatorsBrowserCannotBeMadeToActByAnotherPageOrByHostileAddresses() throws Exception {
		ConsoleBrowser.run("another-page-cannot-make-the-browser-act", origin(), Map.of(), Map.of());
	}

	@Test
	void theIssuerSendsTheConsolesCodeOnlyBackToTheConsoleOnTheSameOrigin() throws Exception {
		HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		for (String elsewhere : List.of("https://attacker.example/console/login/oauth2/code/hub",
				"http://127.0.0.1:1/console/login/oauth2/code/hub", origin() + "/console/login/oauth2/code/other")) {
			HttpResponse<String> answer = noRedirects.send(HttpRequest.newBuilder(java.net.URI.create(origin()
					+ "/oauth2/authorize?response_type=code&client_id=" + EmbeddedConsoleSignIn.CLIENT_ID
					+ "&scope=openid&state=s&redirect_uri=" + URLEncoder.encode(elsewhere, StandardCharsets.UTF_8)))
					.header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(elsewhere).isEqualTo(400);
			assertThat(answer.headers().firstValue("Location")).as(elsewhere).isEmpty();
		}
	}

	@Test
	void theOperatorPausesFamilieambulatorietForMaintenanceAndResumesItAndDittesReferralWaitsInBetween() throws Exception {
		network.signAgreement();
		String endpointId = network.familyAmbulatory.getEndpointFirstRep().getReferenceElement().getIdPart();
		ConsoleBrowser.run("pause-and-resume-an-endpoint", origin(), Map.of("endpoint", endpointId), Map.of(
				"store Ditte's referral", asked -> network.create(network.referral(network.ditte(), false))
						.getIdElement().getIdPart(),
				"how many were sent to Familieambulatoriet", asked -> receiver.receivedAt("family-ambulatory").size(),
				"wait for Familieambulatoriet to be sent one", asked -> await("resumed: the referral goes out")
						.atMost(Duration.ofSeconds(20)).until(() -> receiver.receivedAt("family-ambulatory").size(),
								sent -> sent >= 1)));
		assertThat(receiver.receivedAt("family-ambulatory")).as("one referral, sent once, after the pause").hasSize(1);
	}

	@Test
	void referralsParkedForWantOfAnAgreementAreReDrivenTogetherOnceItIsSigned() throws Exception {
		Patient ditte = network.ditte();
		Patient eva = network.ditte();
		for (Patient woman : List.of(ditte, eva)) {
			ServiceRequest referral = network.create(network.referral(woman, false));
			await("parked: no agreement yet").atMost(Duration.ofSeconds(20)).until(() -> notificationsAbout(woman,
					"ServiceRequest/" + referral.getIdElement().getIdPart(), network.familyAmbulatory),
					list -> list.size() == 1 && list.get(0).getStatus() == Communication.CommunicationStatus.ONHOLD);
		}
		network.signAgreement();

		ConsoleBrowser.run("redrive-a-page-of-parked", origin(),
				Map.of("recipient", network.familyAmbulatory.getIdElement().getIdPart()), Map.of());
		await("both delivered").atMost(Duration.ofSeconds(30))
				.until(() -> receiver.receivedAt("family-ambulatory").size() == 2);
	}

	private String origin() {
		return "http://localhost:" + port;
	}
}
