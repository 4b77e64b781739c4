package dk.godstart.hub.server.conformance;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;

/**
 * Writes the hub makes of resources it builds itself (its notifications and their delivery status). Profile
 * enforcement is for what arrives from outside; these resources are built by code whose output the integration suite
 * validates against the guide, and checking them again on every status change would cost the delivery path two
 * validator runs per message. Anything arriving over REST never carries this mark.
 */
public final class HubOwnWrites {

	private static final String MARK = HubOwnWrites.class.getName();

	private HubOwnWrites() {}

	public static SystemRequestDetails request() {
		SystemRequestDetails request = new SystemRequestDetails();
		request.getUserData().put(MARK, Boolean.TRUE);
		return request;
	}

	public static boolean isHubOwnWrite(RequestDetails request) {
		return request instanceof SystemRequestDetails && Boolean.TRUE.equals(request.getUserData().get(MARK));
	}
}
