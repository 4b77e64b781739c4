package dk.godstart.hub.server.security;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;

/**
 * Messages posted to {@code $process-message}: a caller may send only in its own organisation's name (the
 * MessageHeader's sender, by its SOR code or other identifier, must be one of the caller's organisations), and may
 * read back what it sent.
 */
public class MessageSenders {

	private final CallerOrganisations organisations;
	private final IFhirResourceDao<Organization> organizationDao;
	private final AccessGrants grants;

	public MessageSenders(CallerOrganisations organisations, IFhirResourceDao<Organization> organizationDao, AccessGrants grants) {
		this.organisations = organisations;
		this.organizationDao = organizationDao;
		this.grants = grants;
	}

	/** Refuses (403) a message whose sender is not the caller's organisation. Nothing to check for the hub's own. */
	public void checkSender(RequestDetails request, Bundle message) {
		Optional<HubCaller> caller = HubCaller.of(request);
		if (caller.isEmpty()) {
			return;
		}
		Set<String> callerOrgs = organisations.of(caller.get(), request);
		MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
		Organization sender = senderEntry(message, header.getSender().getReference());
		if (sender != null) {
			for (Identifier identifier : sender.getIdentifier()) {
				if (!identifier.hasSystem() || !identifier.hasValue()) {
					continue;
				}
				List<String> known = organizationDao.searchForResourceIds(SearchParameterMap.newSynchronous()
								.add(Organization.SP_IDENTIFIER, new TokenParam(identifier.getSystem(), identifier.getValue())),
						new SystemRequestDetails()).stream().map(IIdType::getIdPart).toList();
				if (known.stream().anyMatch(callerOrgs::contains)) {
					return;
				}
			}
		}
		throw new ForbiddenOperationException("The message's sender is not the caller's organisation ("
				+ (caller.get().actsForOrganisation() ? caller.get().organisation() : "none in the token")
				+ "): a client sends messages only in its own name.");
	}

	/**
	 * Refuses (403) a caller that does not act for {@code organisation} ({@code Organization/<id>}): only the receiver of
	 * one of the hub's messages may acknowledge it. Nothing to check for the hub's own.
	 */
	public void checkActsFor(RequestDetails request, String organisation, String why) {
		Optional<HubCaller> caller = HubCaller.of(request);
		if (caller.isEmpty()) {
			return;
		}
		String id = organisation.substring(organisation.indexOf('/') + 1);
		if (!organisations.of(caller.get(), request).contains(id)) {
			throw new ForbiddenOperationException(why + " (" + organisation + "); the caller acts for "
					+ (caller.get().actsForOrganisation() ? caller.get().organisation() : "no organisation") + ".");
		}
	}

	/** Lets the sending organisation read the message as stored. Joins the storing transaction. */
	public void grantSender(RequestDetails request, IIdType stored) {
		HubCaller.of(request).ifPresent(caller -> grants.grant(organisations.of(caller, request).stream()
				.map(org -> new AccessGrants.Grant(org, stored.getResourceType() + "/" + stored.getIdPart(), AccessGrants.OWN_CARE))
				.toList()));
	}

	private static Organization senderEntry(Bundle message, String reference) {
		if (reference == null) {
			return null;
		}
		for (Bundle.BundleEntryComponent entry : message.getEntry()) {
			if (entry.getResource() instanceof Organization organization
					&& (reference.equals(entry.getFullUrl())
							|| entry.getFullUrl() != null && entry.getFullUrl().endsWith("/" + reference)
							|| reference.equals("Organization/" + organization.getIdElement().getIdPart()))) {
				return organization;
			}
		}
		return null;
	}
}
