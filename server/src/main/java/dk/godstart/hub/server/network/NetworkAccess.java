package dk.godstart.hub.server.network;

import dk.godstart.hub.routes.agreements.Disclosures;
import dk.godstart.hub.routes.events.MessageEvent;
import dk.godstart.hub.routes.network.CareNetwork;
import dk.godstart.hub.routes.network.CareNetworks;
import dk.godstart.hub.routes.network.NetworkResources;
import dk.godstart.hub.routes.routing.HubDirectory;
import dk.godstart.hub.routes.routing.Organisations;
import dk.godstart.hub.server.security.AccessGrants;
import dk.godstart.hub.server.security.NetworkVisibility;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Shows the woman's network to its members, by the rules routing tells them by: the owner of a resource sees it; an
 * organisation that is a member of the team now ({@link CareNetwork#membersAt}) sees it when an agreement in force has
 * a term for the resource's event from its owner to the member whose legal basis holds ({@link Disclosures}), exactly
 * as a notification of its change would be sent to it. A member that left, or that her consent does not cover, sees
 * nothing of it, whatever it was told or wrote before.
 */
public class NetworkAccess implements NetworkVisibility {

	private final CareNetworks networks;
	private final Organisations organisations;
	private final Disclosures disclosures;
	private final HubDirectory directory;
	private final Clock clock;

	public NetworkAccess(HubDirectory directory, Clock clock) {
		this.directory = directory;
		this.networks = new CareNetworks(directory);
		this.organisations = new Organisations(directory);
		this.disclosures = new Disclosures(directory, organisations, clock);
		this.clock = clock;
	}

	@Override
	public Optional<Optional<Shown>> decide(Set<String> organisationIds, IBaseResource resource) {
		if (!NetworkResources.isNetworkResource(resource)) {
			return Optional.empty();
		}
		Optional<String> owner = NetworkResources.owner(resource);
		if (owner.isPresent() && organisationIds.contains(new IdType(owner.get()).getIdPart())) {
			return Optional.of(Optional.of(new Shown(AccessGrants.OWN_CARE)));
		}
		Optional<CareNetwork> network = networks.networkOf(resource);
		if (network.isEmpty() || owner.isEmpty()) {
			return Optional.of(Optional.empty());
		}
		MessageEvent event = NetworkResources.eventFor(resource).orElseThrow();
		return Optional.of(shownTo(organisationIds, network.get(), owner.get(), event, (Resource) resource));
	}

	@Override
	public Optional<Shown> showsWoman(Set<String> organisationIds, String patient) {
		for (CareTeam team : directory.careTeamsAbout(new IdType(patient))) {
			CareNetwork network = CareNetwork.of(team);
			Optional<String> keeper = network.keeper();
			if (keeper.isPresent()) {
				if (organisationIds.contains(new IdType(keeper.get()).getIdPart())) {
					return Optional.of(new Shown(AccessGrants.OWN_CARE));
				}
				Optional<Shown> shown = shownTo(organisationIds, network, keeper.get(), MessageEvent.CARE_TEAM_CHANGED, team);
				if (shown.isPresent()) {
					return shown;
				}
			}
		}
		return Optional.empty();
	}

	private Optional<Shown> shownTo(Set<String> organisationIds, CareNetwork network, String owner, MessageEvent event,
			Resource resource) {
		Set<String> callers = new LinkedHashSet<>();
		organisationIds.forEach(id -> callers.add("Organization/" + id));
		Set<String> members = new LinkedHashSet<>(network.membersAt(clock.instant()));
		members.retainAll(callers);
		if (members.isEmpty()) {
			return Optional.empty();
		}
		Optional<Organization> sender = organisations.of(new Reference(owner));
		Optional<Patient> subject = directory.read(new IdType(network.subject().getReference()).toUnqualifiedVersionless(), Patient.class);
		if (sender.isEmpty() || subject.isEmpty()) {
			return Optional.empty();
		}
		for (String member : members) {
			Optional<Organization> recipient = organisations.of(new Reference(member));
			if (recipient.isEmpty()) {
				continue;
			}
			Disclosures.Assessment assessment = disclosures.assess(event, sender.get(), recipient.get(), subject.get(),
					List.of(resource));
			if (assessment.lawful()) {
				return Optional.of(new Shown(assessment.agreement().id()));
			}
		}
		return Optional.empty();
	}
}
