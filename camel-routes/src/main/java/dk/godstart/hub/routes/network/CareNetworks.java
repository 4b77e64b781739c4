package dk.godstart.hub.routes.network;

import dk.godstart.hub.routes.routing.HubDirectory;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/** Finds the network ({@link CareNetwork}) a stored resource of its picture belongs to, reading the plan and the team. */
public class CareNetworks {

	private final HubDirectory directory;

	public CareNetworks(HubDirectory directory) {
		this.directory = directory;
	}

	/** The team itself, the plan's team, or the team of the plan a task, meeting or minutes belong to. */
	public Optional<CareNetwork> networkOf(IBaseResource resource) {
		if (resource instanceof CareTeam team) {
			return Optional.of(CareNetwork.of(team));
		}
		Optional<Reference> hangsOn = NetworkResources.plan(resource);
		if (hangsOn.isEmpty()) {
			return Optional.empty();
		}
		if (resource instanceof CarePlan) {
			return team(hangsOn.get());
		}
		return directory.read(new IdType(hangsOn.get().getReference()).toUnqualifiedVersionless(), CarePlan.class)
				.flatMap(NetworkResources::plan)
				.flatMap(this::team);
	}

	private Optional<CareNetwork> team(Reference team) {
		return directory.read(new IdType(team.getReference()).toUnqualifiedVersionless(), CareTeam.class).map(CareNetwork::of);
	}
}
