package dk.godstart.hub.server.security;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Set;

/**
 * A caller whose token names an organisation writes patient data only when the hub's directory knows that
 * organisation (an active Organization carries the token's identifier, {@link CallerOrganisations}). What a caller
 * may read is found through its organisation, so a write made for an organisation the directory does not know could
 * never be read back by its author: it is refused (403) before anything is stored, with the way out in the answer.
 */
final class OrganisationInDirectory {

	private OrganisationInDirectory() {}

	/**
	 * @param callerOrganisations the Organization ids the caller's token covers, as {@link CallerOrganisations} found them
	 */
	static void require(HubCaller caller, Set<String> callerOrganisations) {
		if (caller.actsForOrganisation() && callerOrganisations.isEmpty()) {
			throw new ForbiddenOperationException(message(caller.organisation()));
		}
	}

	static String message(String organisation) {
		return "The token's organisation " + organisation + " is not in the hub's directory (no active Organization "
				+ "carries that identifier), so the caller could never read back what it writes; nothing was stored. "
				+ "An operator adds it with PUT /fhir/Organization?identifier=" + organisation
				+ " (an Organization with that identifier, a name and a type; a token with hub/operations and "
				+ "system/Organization.cu, e.g. demo-admin on the embedded default); the hub sees it within "
				+ "godstart.security.organisation-cache-ttl and the write can then be sent again.";
	}
}
