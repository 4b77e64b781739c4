package dk.godstart.hub.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.GodStartHubApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration suite: the whole hub on a random port against the shared {@link TestDatabase}.
 * Every subclass gets the same Spring context (same configuration), so HAPI starts once per test run.
 */
@SpringBootTest(
		classes = GodStartHubApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
			// Delivery at test speed: quick polls and retries, so outages of a few seconds are survived and seen.
			"godstart.delivery.poll-interval=100ms",
			"godstart.console.refresh=1s",
			"godstart.delivery.connect-timeout=2s",
			"godstart.delivery.request-timeout=5s",
			"godstart.delivery.retry.initial-interval=300ms",
			"godstart.delivery.retry.multiplier=1.5",
			"godstart.delivery.retry.max-interval=1s",
			"godstart.delivery.retry.give-up-after=10m",
			"godstart.delivery.retry.routing-attempts=3",
			// MedCom reliable messaging at test speed: an acknowledgement is overdue after 3 s, looked for every 200 ms
			"godstart.delivery.acknowledgement.window=3s",
			"godstart.delivery.acknowledgement.check-interval=200ms",
			// The subscribers of the scenarios are real HTTP servers on loopback.
			"godstart.subscriptions.allow-loopback-http=true",
			// SMART Backend Services: a test system's keys are served by a real HTTP server on loopback, and rotated
			// between two token requests a moment apart
			"godstart.security.backend-services.allow-loopback-http=true",
			"godstart.security.backend-services.jwks-refresh-min-interval=0s",
			// Scenarios reorganise Aalborg (a new family department each); tokens must see that at once.
			"godstart.security.organisation-cache-ttl=0s",
			// HL7 v2 over TLS beside the plain listener (which the demo profile allows): the test CA's certificates
			// (src/test/resources/mllp-tls, made by its make-certificates.sh); Aalborg's PAS may send as its ward only.
			"spring.ssl.bundle.pem.mllp-test.keystore.certificate=classpath:mllp-tls/hub.crt",
			"spring.ssl.bundle.pem.mllp-test.keystore.private-key=classpath:mllp-tls/hub.key",
			"spring.ssl.bundle.pem.mllp-test.truststore.certificate=classpath:mllp-tls/ca.crt",
			"godstart.mllp.tls.bundle=mllp-test",
			"godstart.mllp.senders[0].subject=CN=pas.aalborg.test, O=Aalborg University Hospital, C=DK",
			"godstart.mllp.senders[0].issuer=CN=GodStart Test CA, O=GodStart Hub tests",
			"godstart.mllp.senders[0].organisations[0]=524611000016009",
			// a connection's first message is due within 5 s, so the hostile-connection scenarios end soon
			"godstart.mllp.receive-timeout=5s"
		})
public abstract class HubIntegrationTest {

	public static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";

	@LocalServerPort
	protected int port;

	@Autowired
	protected FhirContext fhirContext;

	@Autowired
	private JwtEncoder hubJwtEncoder;

	@Autowired
	private ca.uhn.fhir.jpa.api.dao.DaoRegistry daos;

	/** Tokens for this run's organisations, signed by the hub's issuer key. */
	protected HubTokens tokens;
	/**
	 * The test hospital's EHR: every scope, but bound like any caller to its own organisation (a test hospital of
	 * this run) for patient data. For scenarios about the FHIR server itself rather than about who sees what.
	 */
	protected IGenericClient fhir;
	/** The hub's operators: the directory, every notification's delivery state, re-drive. */
	protected IGenericClient operator;
	protected String hospitalSor;
	protected String hospitalToken;
	protected String operatorToken;
	protected final HttpClient http = HttpClient.newHttpClient();

	private static volatile String testHospitalSor;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabase.get();
		registry.add("spring.datasource.url", () -> database.jdbcUrl);
		registry.add("spring.datasource.username", () -> database.username);
		registry.add("spring.datasource.password", () -> database.password);
		// a free port for the suite's HL7 v2 (MLLP) listener, chosen once (the supplier is asked more than once)
		registry.add("godstart.mllp.port", () -> MLLP_PORT);
		registry.add("godstart.mllp.tls.port", () -> MLLP_TLS_PORT);
		// the residential treatment registry of the suite: a real HTTP peer; scenarios fetch from it when they need to
		registry.add("godstart.registry.base-url", REGISTRY::baseUrl);
		registry.add("godstart.registry.poll-interval", () -> "1h");
	}

	private static final int MLLP_PORT = freePort();
	private static final int MLLP_TLS_PORT = freePort();

	/** The residential treatment registry the suite's hub fetches places from. */
	protected static final RegistryPeer REGISTRY = new RegistryPeer(FhirContext.forR4Cached());

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Autowired
	private org.springframework.core.env.Environment environment;

	/** The port of this context's HL7 v2 (MLLP) listener. */
	protected int mllpPort() {
		return environment.getRequiredProperty("godstart.mllp.port", Integer.class);
	}

	/** The port of this context's HL7 v2 listener over TLS (client certificates required). */
	protected int mllpTlsPort() {
		return environment.getRequiredProperty("godstart.mllp.tls.port", Integer.class);
	}

	@BeforeEach
	void fhirClients() {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		tokens = new HubTokens(hubJwtEncoder);
		operatorToken = tokens.token("test-operator", null, HubTokens.OPERATOR);
		operator = clientWithToken(operatorToken);
		hospitalSor = testHospital();
		hospitalToken = tokens.token("test-hospital", GodStartIg.SOR_SYSTEM + "|" + hospitalSor, List.of("system/*.cruds"));
		fhir = clientWithToken(hospitalToken);
	}

	/** A FHIR client that sends {@code token} as its bearer token. */
	protected IGenericClient clientWithToken(String token) {
		IGenericClient client = fhirContext.newRestfulGenericClient(baseUrl());
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}

	/** A FHIR client acting for {@code organisation} ({@code system|value}) with these scopes. */
	protected IGenericClient clientFor(String organisation, List<String> scopes) {
		return clientWithToken(tokens.token("test-client", organisation, scopes));
	}

	/** The test hospital of this run: one Organization, made once per JVM by the operator. */
	private String testHospital() {
		if (testHospitalSor == null) {
			synchronized (HubIntegrationTest.class) {
				if (testHospitalSor == null) {
					String sor = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
					org.hl7.fhir.r4.model.Organization hospital = new org.hl7.fhir.r4.model.Organization();
					hospital.getMeta().addProfile(GodStartIg.Profiles.ORGANIZATION);
					hospital.setActive(true).setName("Test Hospital, obstetrics (run " + sor + ")");
					hospital.addType(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
							GodStartIg.CANONICAL + "/CodeSystem/organization-type", "hospital-department", null)));
					hospital.addIdentifier().setSystem(GodStartIg.SOR_SYSTEM).setValue(sor);
					operator.create().resource(hospital).execute();
					testHospitalSor = sor;
				}
			}
		}
		return testHospitalSor;
	}

	/**
	 * How many resources of {@code type} the hub holds that match {@code search} (e.g. {@code identifier=...}),
	 * whoever may see them: for checking that nothing was stored, which no caller's filtered view could prove.
	 */
	protected int storedCount(String type, String search) {
		ca.uhn.fhir.jpa.api.dao.IFhirResourceDao<?> dao = daos.getResourceDao(type);
		ca.uhn.fhir.jpa.searchparam.SearchParameterMap map = new ca.uhn.fhir.jpa.searchparam.SearchParameterMap();
		map.setLoadSynchronous(true);
		String[] parts = search.split("=", 2);
		map.add(parts[0], new ca.uhn.fhir.rest.param.TokenParam(parts[1].substring(0, parts[1].indexOf('|')),
				parts[1].substring(parts[1].indexOf('|') + 1)));
		return dao.searchForResourceIds(map, new ca.uhn.fhir.rest.api.server.SystemRequestDetails()).size();
	}

	/** A fresh North Jutland network whose units' endpoints are at {@code receiver}, kept by the operators. */
	protected MaternityNetwork newNetwork(FhirReceiver receiver) {
		return new MaternityNetwork(operator, (organisation, scopes) -> tokens.token("test-client", organisation, scopes),
				this::clientWithToken, fhirContext, receiver).build();
	}

	/** The value of an Authorization header carrying {@code token}. */
	protected static String bearer(String token) {
		return "Bearer " + token;
	}

	protected String baseUrl() {
		return "http://localhost:" + port + "/fhir";
	}

	protected HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A request to the hub as the test hospital (override with {@code setHeader("Authorization", ...)}). */
	protected HttpRequest.Builder request(String path) {
		return anonymousRequest(path).setHeader("Authorization", bearer(hospitalToken));
	}

	/** A request to the hub without a token. */
	protected HttpRequest.Builder anonymousRequest(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
	}

	/** The hub's notifications about a woman that concern {@code about} (e.g. {@code ServiceRequest/123}). */
	protected List<Communication> notificationsAbout(Patient woman, String about) {
		return operator.search().forResource(Communication.class)
				.where(Communication.SUBJECT.hasId("Patient/" + woman.getIdElement().getIdPart()))
				.count(100)
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(entry -> (Communication) entry.getResource())
				.filter(notification -> notification.getAbout().stream().anyMatch(r -> about.equals(r.getReference())))
				.toList();
	}

	/** The same, addressed to {@code recipient} only (a referral without her consent also leaves Aalborg's copy parked). */
	protected List<Communication> notificationsAbout(Patient woman, String about, org.hl7.fhir.r4.model.Organization recipient) {
		String to = "Organization/" + recipient.getIdElement().getIdPart();
		return notificationsAbout(woman, about).stream()
				.filter(notification -> to.equals(notification.getRecipientFirstRep().getReference()))
				.toList();
	}

	/** A fresh, well-formed CPR number (DDMMYY + 4 digits), unique enough that runs on a shared database never collide. */
	public static String newCpr() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return String.format(
				"%02d%02d%02d%04d",
				random.nextInt(1, 29), random.nextInt(1, 13), random.nextInt(80, 100), random.nextInt(0, 10_000));
	}
}
