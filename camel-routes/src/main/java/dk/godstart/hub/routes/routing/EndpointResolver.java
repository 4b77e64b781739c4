package dk.godstart.hub.routes.routing;

import dk.godstart.hub.routes.events.MessageEvent;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

/**
 * Where a recipient takes an event: its first active FHIR-messaging or rest-hook endpoint that accepts the event. An
 * endpoint an operator paused ({@code suspended}) still takes it: the delivery waits in the queue until it is resumed.
 */
public class EndpointResolver {

	private static final Set<String> DELIVERY_CONNECTION_TYPES = Set.of("hl7-fhir-msg", "rest-hook");

	private final HubDirectory directory;

	public EndpointResolver(HubDirectory directory) {
		this.directory = directory;
	}

	public Optional<Endpoint> endpointFor(Organization recipient, MessageEvent event) {
		for (Reference reference : recipient.getEndpoint()) {
			Optional<Endpoint> endpoint = directory.read(Organisations.idOf(reference), Endpoint.class)
					.filter(e -> e.getStatus() == Endpoint.EndpointStatus.ACTIVE
							|| e.getStatus() == Endpoint.EndpointStatus.SUSPENDED)
					.filter(e -> DELIVERY_CONNECTION_TYPES.contains(e.getConnectionType().getCode()))
					.filter(e -> e.getPayloadType().isEmpty()
							|| e.getPayloadType().stream().anyMatch(t -> t.hasCoding(MessageEvent.SYSTEM, event.code())));
			if (endpoint.isPresent()) {
				return endpoint;
			}
		}
		return Optional.empty();
	}
}
