package dk.godstart.hub.server.residential;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.registry.RegistryCopies;
import dk.godstart.hub.routes.registry.RegistryProperties;
import dk.godstart.hub.server.delivery.InboundCapacity;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;

/**
 * A {@code residential-capacity-changed} message (a unit closed, places changed) updates the hub's copy at once,
 * without waiting for the next fetch. Only a registry may send one: its sender must be an organisation of type
 * {@code registry} in the hub's directory (the sender is already checked to be the caller's own organisation).
 */
public class RegistryCapacityMessages implements InboundCapacity {

	private final RegistryCopies copies;
	private final RegistryProperties properties;
	private final DaoRegistry daos;
	private final Clock clock;

	public RegistryCapacityMessages(RegistryCopies copies, RegistryProperties properties, DaoRegistry daos, Clock clock) {
		this.copies = copies;
		this.properties = properties;
		this.daos = daos;
		this.clock = clock;
	}

	@Override
	public int apply(Bundle message) {
		MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
		if (!fromARegistry(message, header)) {
			throw new ForbiddenOperationException("Only the residential treatment registry reports places "
					+ "(residential-capacity-changed); the sender is not an organisation of type registry in the hub.");
		}
		List<HealthcareService> places = message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(HealthcareService.class::isInstance).map(HealthcareService.class::cast).toList();
		List<Organization> units = message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(Organization.class::isInstance).map(Organization.class::cast).toList();
		String base = properties.configured() ? properties.baseUrl().replaceAll("/$", "") : header.getSource().getEndpoint();
		return copies.update(places, units, base, clock.instant());
	}

	private boolean fromARegistry(Bundle message, MessageHeader header) {
		String sender = header.getSender().getReference();
		return message.getEntry().stream()
				.filter(entry -> entry.getResource() instanceof Organization
						&& (sender.equals(entry.getFullUrl()) || sender.endsWith(entry.getResource().getIdElement().getIdPart())))
				.map(entry -> (Organization) entry.getResource())
				.flatMap(organization -> organization.getIdentifier().stream())
				.filter(identifier -> GodStartIg.SOR_SYSTEM.equals(identifier.getSystem()))
				.flatMap(sor -> daos.getResourceDao(Organization.class).searchForResources(SearchParameterMap.newSynchronous()
						.add(Organization.SP_IDENTIFIER, new TokenParam(sor.getSystem(), sor.getValue())),
						new SystemRequestDetails()).stream())
				.map(Organization.class::cast)
				.anyMatch(known -> known.getType().stream().anyMatch(type -> type.hasCoding(
						GodStartIg.Codes.OrganizationType.SYSTEM, GodStartIg.Codes.OrganizationType.REGISTRY)));
	}
}
