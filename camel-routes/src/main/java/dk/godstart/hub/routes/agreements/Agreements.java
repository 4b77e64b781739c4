package dk.godstart.hub.routes.agreements;

import dk.godstart.hub.routes.routing.HubDirectory;
import java.time.Clock;
import java.util.List;

/** The agreements in force now, read from the directory each time (an agreement's end takes effect at once). */
public class Agreements {

	private final HubDirectory directory;
	private final Clock clock;

	public Agreements(HubDirectory directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
	}

	public List<Agreement> inForce() {
		return directory.bindingAgreements().stream()
				.map(Agreement::of)
				.filter(agreement -> agreement.inForce(clock.instant()))
				.toList();
	}
}
