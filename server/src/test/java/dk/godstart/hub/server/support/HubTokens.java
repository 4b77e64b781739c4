package dk.godstart.hub.server.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * Tokens for the organisations a scenario builds, signed with the hub's own issuer key, as the token endpoint signs
 * them. Scenarios make new organisations (new SOR codes) per run, which no configured client could name; the token
 * endpoint itself is exercised with the configured demo clients in the security tests.
 */
public final class HubTokens {

	/** What a hospital, a family ambulatory or a general practice's EHR may do. */
	public static final List<String> CARE_PROVIDER = List.of(
			"system/Patient.cruds", "system/ServiceRequest.cruds", "system/Task.cruds", "system/EpisodeOfCare.cruds",
			"system/Observation.cruds", "system/Encounter.cruds", "system/Consent.cruds", "system/RelatedPerson.crus", "system/CareTeam.cruds", "system/CarePlan.cruds",
			"system/Appointment.cruds", "system/DocumentReference.cruds", "system/Communication.crs", "system/Bundle.crs",
			"system/Subscription.cruds", "system/Organization.rs", "system/Endpoint.rs", "system/Contract.rs");

	/** What a municipal case system may do. */
	public static final List<String> MUNICIPALITY = List.of(
			"system/Communication.rs", "system/Patient.rs", "system/ServiceRequest.rs", "system/Task.rs",
			"system/EpisodeOfCare.rs", "system/Observation.rs", "system/Subscription.cruds", "system/Organization.rs",
			"system/Task.cru?_profile=http://godstart.dk/fhir/StructureDefinition/network-task", "system/CareTeam.crus",
			"system/CarePlan.crus", "system/Appointment.crus", "system/DocumentReference.crus", "system/Consent.crs", "system/RelatedPerson.crus",
			"system/Bundle.crs");

	/** The people running the hub: the directory, every notification's delivery, re-drive. */
	public static final List<String> OPERATOR = List.of(
			"hub/operations", "system/Communication.rs", "system/Organization.crus", "system/Endpoint.crus",
			"system/Contract.crus", "system/HealthcareService.crus", "system/Location.crus", "system/Practitioner.crus",
			"system/PractitionerRole.crus");

	private final JwtEncoder encoder;

	public HubTokens(JwtEncoder encoder) {
		this.encoder = encoder;
	}

	public String token(String clientId, String organisation, List<String> scopes) {
		return token(clientId, organisation, scopes, Instant.now(), Duration.ofHours(1));
	}

	public String token(String clientId, String organisation, List<String> scopes, Instant issuedAt, Duration lifetime) {
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
				.subject(clientId)
				.claim("client_id", clientId)
				.claim("scope", String.join(" ", scopes))
				.issuedAt(issuedAt)
				.expiresAt(issuedAt.plus(lifetime));
		if (organisation != null) {
			claims.claim("organization", organisation);
		}
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build()))
				.getTokenValue();
	}
}
