package dk.godstart.hub.routes.routing;

import dk.godstart.hub.profiles.GodStartIg.Codes.OrganizationType;
import dk.godstart.hub.routes.agreements.Agreement;
import dk.godstart.hub.routes.agreements.AgreementTerm;
import dk.godstart.hub.routes.agreements.Agreements;
import dk.godstart.hub.routes.events.MessageEvent;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;

/**
 * Who owns a first-time mother's postnatal home visit: the recipient an agreement in force names for
 * {@code postnatal-home-visit} from the birth site's side (the hospital's own home-visit service, say); a municipality
 * named there means her home municipality's health visitors. Empty when no agreement says.
 */
public class PostnatalVisitOwner {

	private final HubDirectory directory;
	private final Organisations organisations;
	private final Agreements agreements;

	public PostnatalVisitOwner(HubDirectory directory, Organisations organisations, Agreements agreements) {
		this.directory = directory;
		this.organisations = organisations;
		this.agreements = agreements;
	}

	public Optional<Organization> of(Organization birthSite, Patient mother) {
		Set<String> senderParties = organisations.selfAndAncestors(birthSite);
		for (Agreement agreement : agreements.inForce()) {
			for (AgreementTerm term : agreement.termsFrom(MessageEvent.POSTNATAL_HOME_VISIT, senderParties)) {
				for (String recipient : term.recipients()) {
					Optional<Organization> named = directory.read(new IdType(recipient), Organization.class);
					if (named.isPresent() && Organisations.hasMunicipalityCode(named.get())) {
						Optional<Organization> visitors = organisations.homeMunicipalUnits(mother, OrganizationType.HEALTH_VISITORS)
								.stream().findFirst();
						if (visitors.isPresent()) {
							return visitors;
						}
					} else if (named.isPresent()) {
						return named;
					}
				}
			}
		}
		return Optional.empty();
	}
}
