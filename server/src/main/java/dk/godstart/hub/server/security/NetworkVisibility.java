package dk.godstart.hub.server.security;

import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Who is shown the woman's network (its team, plan, tasks, meetings and minutes), for {@link AccessPolicy}: a port,
 * so that access control asks the one model of what a network and an agreement mean without reaching into routing.
 * Its implementation ({@code dk.godstart.hub.server.network.NetworkAccess}) decides on what is stored: the team's
 * members and their periods, the agreements in force and the legal bases they name.
 */
public interface NetworkVisibility {

	/** A decision that lets the caller see: the agreement it rests on (Contract id), or {@link AccessGrants#OWN_CARE} for the owner. */
	record Shown(String agreementId) {}

	/**
	 * For a resource of a network's picture: whether any of {@code organisationIds} may see it now (present and
	 * shown, present and empty = refused); empty when the resource is no part of a network (the general rules
	 * decide). The owner sees its own; a member of the team sees it while it is a member and an agreement's term for
	 * the event, from the owner to it, has a legal basis that holds.
	 */
	Optional<Optional<Shown>> decide(Set<String> organisationIds, IBaseResource resource);

	/** Whether any of {@code organisationIds} is, by the same rule, shown a network about the patient ({@code Patient/<id>}). */
	Optional<Shown> showsWoman(Set<String> organisationIds, String patient);

	/** For tests and configurations without networks: nothing is a network resource, no one is shown a woman. */
	NetworkVisibility NONE = new NetworkVisibility() {
		@Override
		public Optional<Optional<Shown>> decide(Set<String> organisationIds, IBaseResource resource) {
			return Optional.empty();
		}

		@Override
		public Optional<Shown> showsWoman(Set<String> organisationIds, String patient) {
			return Optional.empty();
		}
	};
}
