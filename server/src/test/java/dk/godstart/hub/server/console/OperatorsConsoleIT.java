package dk.godstart.hub.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dk.godstart.hub.server.support.FhirReceiver;
import dk.godstart.hub.server.support.NorthJutlandScenario;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operators' console in a real browser (Debian's headless Chromium, driven over WebDriver by its chromedriver):
 * the regional integration team's operator signs in at the hub's own issuer, finds the notification that Familie-
 * ambulatoriet's system never acknowledged while it was down, sees why, re-drives it once the system is back and sees
 * it delivered; finds the agreement that ends next month; a caseworker's sign-in is refused. Screenshots of the pages
 * go to {@code server/target/console-screenshots/} for review.
 */
class OperatorsConsoleIT extends NorthJutlandScenario {

	private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
	private static WebDriver browser;

	@BeforeAll
	static void startBrowser() throws IOException {
		String chromium = System.getenv().getOrDefault("GODSTART_CHROMIUM", "/usr/bin/chromium");
		String chromedriver = System.getenv().getOrDefault("GODSTART_CHROMEDRIVER", "/usr/bin/chromedriver");
		assertThat(new File(chromium)).as("Chromium (Debian: apt-get install chromium chromium-driver; .ci/run does)")
				.exists();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
				"--lang=en");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
				.usingAnyFreePort().build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void signedOut() {
		browser.manage().deleteAllCookies();
	}

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

		signIn("operator", "operator-password");
		assertThat(browser.findElement(By.tagName("h1")).getText()).as(text(By.tagName("main"))).startsWith("Overview");
		assertThat(text(By.cssSelector(".signout"))).contains("Olga Operatør");
		screenshot("overview");

		open("/console/notifications?state=on-hold&recipient=" + network.familyAmbulatory.getIdElement().getIdPart());
		List<WebElement> links = browser.findElements(By.cssSelector("a[href$='/console/notifications/" + id + "']"));
		assertThat(links).as("the parked notification is listed").hasSize(1);
		assertThat(text(By.tagName("tbody"))).contains("no-acknowledgement");
		screenshot("notifications-parked");
		links.get(0).click();
		waitFor(By.id("park-reason"));

		assertThat(text(By.id("park-reason"))).isEqualTo("no-acknowledgement");
		assertThat(text(By.cssSelector(".story"))).contains("Familieambulatoriet").contains("treatment");
		assertThat(text(By.cssSelector("table.delivery"))).contains("resends").contains("parked");
		screenshot("notification-parked");

		receiver.answer(FhirReceiver.Answer.ACCEPT); // the case system is back
		browser.findElement(By.linkText("Re-drive (send igen)")).click();
		assertThat(waitFor(By.id("confirm")).isDisplayed()).isTrue();
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Re-drive this notification?");
		screenshot("redeliver-confirm");
		browser.findElement(By.id("confirm")).click();
		assertThat(waitFor(By.cssSelector("[role=status]")).getText()).contains("Queued for delivery");

		await("delivered and acknowledged").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
				.until(() -> {
					browser.navigate().refresh();
					return text(By.id("state"));
				}, "completed"::equals);
		screenshot("notification-delivered");
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
	void anAgreementThatEndsNextMonthIsListed() throws Exception {
		Contract agreement = network.signAgreement();
		String title = "Samarbejdsaftale der udløber (test " + UUID.randomUUID().toString().substring(0, 8) + ")";
		LocalDate nextMonth = LocalDate.now(ZoneId.of("Europe/Copenhagen")).plusDays(30);
		agreement.setTitle(title);
		agreement.getApplies().setEnd(Date.from(nextMonth.atTime(12, 0).atZone(ZoneId.of("Europe/Copenhagen")).toInstant()));
		operator.update().resource(agreement).execute();

		signIn("operator", "operator-password");
		open("/console/agreements");
		WebElement row = browser.findElements(By.cssSelector("tbody tr")).stream()
				.filter(r -> r.getText().contains(title)).findFirst().orElseThrow();
		assertThat(row.getText()).contains(nextMonth.toString());
		assertThat(row.getAttribute("class")).contains("due");
		screenshot("agreements");
	}

	@Test
	void aCaseworkersSignInIsRefusedAndSoIsAnyoneNotSignedIn() throws Exception {
		HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		HttpResponse<String> anonymous = noRedirects.send(HttpRequest.newBuilder(java.net.URI.create(origin()
				+ "/console/notifications")).header("Authorization", bearer(operatorToken)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).as("an API token opens no console page: sign in first").isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location").orElse("")).contains("/console/oauth2/authorization/");

		signIn("caseworker", "caseworker-password");
		assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Not allowed");
		assertThat(browser.getPageSource()).doesNotContain("Parked (parkeret)");
		screenshot("refused");
		open("/console/notifications?state=on-hold");
		assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Not allowed");
	}

	@Test
	void aSignedInOperatorsBrowserCannotBeMadeToActByAnotherPageOrByHostileAddresses() throws Exception {
		signIn("operator", "operator-password");
		// a POST without the page's CSRF token, as another site's form or script would send it with her cookie
		Object status = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
				"const done = arguments[arguments.length - 1];"
						+ "fetch('/console/notifications/any/redeliver', {method: 'POST', redirect: 'manual'})"
						+ ".then(r => done(r.status)).catch(e => done(String(e)));");
		assertThat(status).as("re-drive without the console's CSRF token").isEqualTo(403L);
		for (String hostile : List.of("/console/notifications/..%2F..%2Factuator", "/console/notifications/%3Cscript%3E",
				"/console/notifications?state=%3Cscript%3Ealert(1)%3C/script%3E", "/console/notifications?page=-1",
				"/console/notifications?recipient=x%26_id%3Dy")) {
			open(hostile);
			assertThat(browser.getPageSource()).as(hostile).doesNotContain("<script>alert(1)</script>")
					.doesNotContain("\"resourceType\"");
			assertThat(browser.findElements(By.cssSelector("tbody tr a"))).as(hostile + " lists nothing").isEmpty();
		}
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
		signIn("operator", "operator-password");
		open("/console/receivers");
		WebElement row = waitFor(By.id("endpoint-" + endpointId));
		row.findElement(By.linkText("Pause")).click();
		assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Pause this endpoint?");
		screenshot("endpoint-pause-confirm");
		browser.findElement(By.id("confirm")).click();
		assertThat(waitFor(By.cssSelector("[role=status]")).getText()).contains("is paused");
		assertThat(text(By.cssSelector("#endpoint-" + endpointId + " .standing"))).contains("Paused");

		Patient ditte = network.ditte();
		network.create(network.referral(ditte, false));
		await("Ditte's referral waits for the paused endpoint").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
				.until(() -> {
					browser.navigate().refresh();
					return text(By.cssSelector("#endpoint-" + endpointId + " td:nth-child(4)"));
				}, "1"::equals);
		assertThat(receiver.receivedAt("family-ambulatory")).as("nothing sent while paused").isEmpty();
		screenshot("receivers-paused");

		browser.findElement(By.cssSelector("#endpoint-" + endpointId)).findElement(By.linkText("Resume")).click();
		browser.findElement(By.id("confirm")).click();
		assertThat(waitFor(By.cssSelector("[role=status]")).getText()).contains("is resumed");
		await("resumed: the referral goes out").atMost(Duration.ofSeconds(20))
				.until(() -> receiver.receivedAt("family-ambulatory").size() == 1);

		// correcting the address: a wrong one is refused before anything is written, a right one is confirmed first
		open("/console/endpoints/" + endpointId + "/address");
		waitFor(By.id("address"));
		((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
				"document.getElementById('address').value = 'ftp://case.example.dk/fhir';");
		browser.findElement(By.id("check")).click();
		assertThat(waitFor(By.cssSelector("[role=alert]")).getText()).contains("http or https URL");
		screenshot("endpoint-address-refused");

		for (String page : List.of("hl7v2", "subscriptions", "directory")) {
			open("/console/" + page);
			assertThat(waitFor(By.tagName("h1")).getText()).as(page).doesNotStartWith("Not allowed");
			screenshot(page);
		}
		open("/console");
		assertThat(browser.findElements(By.cssSelector("figure.chart svg rect.bar"))).as("24 hours of bars, four charts")
				.hasSizeGreaterThanOrEqualTo(4 * 24);
		screenshot("overview-charts");
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

		signIn("operator", "operator-password");
		open("/console/notifications?state=on-hold&recipient=" + network.familyAmbulatory.getIdElement().getIdPart());
		assertThat(browser.findElements(By.cssSelector("tbody tr a"))).as("both parked, listed").hasSize(2);
		browser.findElement(By.id("redeliver-page")).click();
		assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Re-drive these 2 notifications?");
		assertThat(text(By.cssSelector("ul.redrive"))).contains("no-agreement");
		screenshot("redeliver-page-confirm");
		browser.findElement(By.id("confirm")).click();
		assertThat(waitFor(By.cssSelector("[role=status]")).getText()).isEqualTo("2 of 2 sent to the delivery queue again.");
		assertThat(browser.findElements(By.cssSelector("[role=alert]"))).as("none still parked").isEmpty();
		await("both delivered").atMost(Duration.ofSeconds(30))
				.until(() -> receiver.receivedAt("family-ambulatory").size() == 2);
	}

	private void signIn(String user, String password) {
		open("/console");
		assertThat(browser.getCurrentUrl()).as("sent to the sign-in").contains("/console/signin");
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(password);
		browser.findElement(By.cssSelector("form button[type=submit]")).click();
		try {
			new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.and(
					ExpectedConditions.urlMatches("/console$"), ExpectedConditions.presenceOfElementLocated(By.tagName("h1"))));
		} catch (org.openqa.selenium.TimeoutException stillThere) {
			throw new AssertionError("not signed in: " + text(By.tagName("main")), stillThere);
		}
	}

	private static WebElement waitFor(By by) {
		return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(by));
	}

	private String origin() {
		return "http://localhost:" + port;
	}

	private void open(String path) {
		browser.get(origin() + path);
	}

	private static String text(By by) {
		return browser.findElement(by).getText();
	}

	private static void screenshot(String name) throws IOException {
		File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}
}
