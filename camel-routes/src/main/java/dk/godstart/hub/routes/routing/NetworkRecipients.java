package dk.godstart.hub.routes.routing;

import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.network.CareNetwork;
import dk.godstart.hub.routes.network.CareNetworks;
import dk.godstart.hub.routes.network.NetworkResources;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

/**
 * The woman's network: a change to the team, the plan, a task, a meeting or its minutes is told, by its owner (a task
 * still asked for: by the member that asked, {@link NetworkResources#teller}), to
 * every other organisation that is a member of the team at the moment of routing ({@link CareNetwork}). A member that
 * has left is not told; no one outside the team is a candidate, and no partner is added from the agreements.
 */
public class NetworkRecipients implements RecipientRule {

	private final CareNetworks networks;
	private final Organisations organisations;
	private final Clock clock;

	public NetworkRecipients(CareNetworks networks, Organisations organisations, Clock clock) {
		this.networks = networks;
		this.organisations = organisations;
		this.clock = clock;
	}

	@Override
	public Set<MessageEvent> events() {
		return NetworkResources.EVENTS;
	}

	@Override
	public boolean namesPartners() {
		return false;
	}

	@Override
	public Recipients recipients(MessageEvent event, Resource focus) {
		String what = focus.fhirType() + "/" + focus.getIdElement().getIdPart();
		CareNetwork network = networks.networkOf(focus)
				.orElseThrow(() -> new RoutingException(what + " belongs to no care team the hub has"));
		String tellerKey = NetworkResources.teller(focus)
				.orElseThrow(() -> new RoutingException(what + " names no organisation as its owner"));
		Organization teller = organisations.read(tellerKey);
		Recipients recipients = new Recipients(teller, organisations.patient(network.subject()), List.of(focus));
		for (String member : network.membersAt(clock.instant())) {
			unit(member).ifPresent(unit -> recipients.add(unit, DestinationUse.CC));
		}
		return recipients;
	}

	private java.util.Optional<Organization> unit(String member) {
		return organisations.of(new org.hl7.fhir.r4.model.Reference(new IdType(member)));
	}
}
