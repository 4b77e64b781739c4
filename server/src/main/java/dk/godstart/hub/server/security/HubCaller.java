package dk.godstart.hub.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.List;
import java.util.Optional;

/**
 * Who is calling, as the bearer token says: the client, the organisation it acts for (an identifier: SOR code,
 * municipality code, region code), what its scopes allow, and the person using it when the token is a person's. Attached to HAPI's {@link RequestDetails} when a REST
 * request arrives, because HAPI may finish a search on another thread where Spring's security context is not set.
 * Requests without a caller are the hub's own work (routing, delivery, message intake) and are not restricted here.
 */
public record HubCaller(String clientId, String organisationSystem, String organisationValue, Scopes scopes, Person person) {

	/** The person using the client, when the token is a person's (e.g. an operator signed in to the console). */
	public record Person(String id, String name) {}

	/** A system caller: a client with no person behind it. */
	public HubCaller(String clientId, String organisationSystem, String organisationValue, Scopes scopes) {
		this(clientId, organisationSystem, organisationValue, scopes, null);
	}

	private static final String KEY = HubCaller.class.getName();

	/** A REST request that came without a token (only the CapabilityStatement is served to it). */
	public static final HubCaller ANONYMOUS = new HubCaller("anonymous", null, null, Scopes.of(List.of()));

	public boolean actsForOrganisation() {
		return organisationSystem != null && organisationValue != null;
	}

	/** The organisation claim as written in tokens and audit records: {@code system|value}. */
	public String organisation() {
		return actsForOrganisation() ? organisationSystem + "|" + organisationValue : null;
	}

	public boolean isOperator() {
		return scopes.has(Scopes.OPERATIONS);
	}

	public void attachTo(RequestDetails request) {
		request.getUserData().put(KEY, this);
	}

	/** The caller of a REST request; empty for the hub's own work, which comes without a servlet request. */
	public static Optional<HubCaller> of(RequestDetails request) {
		if (request == null) {
			return Optional.empty();
		}
		HubCaller caller = (HubCaller) request.getUserData().get(KEY);
		if (caller == null && request instanceof ServletRequestDetails) {
			return Optional.of(ANONYMOUS);
		}
		return Optional.ofNullable(caller);
	}
}
