package dk.godstart.hub.routes.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** What a {@link RecipientRule} found: the sender, the woman, what it is about, and each recipient with its use, in order. */
public final class Recipients {

	private final Organization sender;
	private final Patient subject;
	private final List<Resource> about;
	private final Map<String, Organization> organisations = new LinkedHashMap<>();
	private final Map<String, DestinationUse> uses = new LinkedHashMap<>();

	public Recipients(Organization sender, Patient subject, List<Resource> about) {
		this.sender = sender;
		this.subject = subject;
		this.about = about;
	}

	/** Adds a recipient; named twice, it is primary if either use is. */
	public Recipients add(Organization organisation, DestinationUse use) {
		String key = Organisations.key(organisation);
		organisations.putIfAbsent(key, organisation);
		uses.merge(key, use, (a, b) -> a == DestinationUse.PRIMARY ? a : b);
		return this;
	}

	public Recipients addAll(List<Organization> organisations, DestinationUse use) {
		organisations.forEach(organisation -> add(organisation, use));
		return this;
	}

	public Organization sender() {
		return sender;
	}

	public Patient subject() {
		return subject;
	}

	public List<Resource> about() {
		return about;
	}

	/** The recipients, the sender itself left out, each once, in the order they were named. */
	public Map<Organization, DestinationUse> named() {
		Map<Organization, DestinationUse> named = new LinkedHashMap<>();
		uses.forEach((key, use) -> {
			if (!key.equals(Organisations.key(sender))) {
				named.put(organisations.get(key), use);
			}
		});
		return named;
	}
}
