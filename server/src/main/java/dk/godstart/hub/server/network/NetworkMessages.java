package dk.godstart.hub.server.network;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import dk.godstart.hub.routes.network.NetworkResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A message about the woman's network ({@code care-team-changed}, {@code care-plan-changed}, {@code care-task-changed},
 * {@code network-meeting-changed}) posted to {@code $process-message} changes the shared picture, as the same change
 * through the REST API would: its focus (the team, plan, task, meeting or minutes) is written in one transaction, in
 * the caller's name, so the same rules apply as to a REST write (scopes, the one owner of each resource, the network
 * profiles, pointing only at what the caller may see, the audit record), and the members are told of the change as
 * of any other ({@code NetworkRecipients}), not the receivers the header names.
 *
 * <p>A focus resource with an id is the hub's resource of that id (an update; a {@code meta.versionId} makes it
 * conditional on that version, so a member writing over a change it has not seen is refused, 409 as HAPI answers a
 * stale {@code If-Match}); one without an id is
 * new. References to the message's own entries become references to the hub's resources: the woman (by her CPR
 * number, as the message provider made her known), organisations (by their SOR code or other identifier in the
 * hub's directory), and other entries carrying an id.
 */
public class NetworkMessages {

	private final DaoRegistry daos;
	private final IFhirResourceDao<Organization> organizations;
	private final FhirContext fhirContext;

	public NetworkMessages(DaoRegistry daos, FhirContext fhirContext) {
		this.daos = daos;
		this.organizations = daos.getResourceDao(Organization.class);
		this.fhirContext = fhirContext;
	}

	/**
	 * Writes the message's focus in the caller's name, one resource at a time through HAPI's DAOs (so every storage
	 * hook applies), joining the caller's transaction. Returns what was written
	 * ({@code Type/id/_history/version}).
	 *
	 * @param women the message's Patient entries as the hub knows them: entry fullUrl to {@code Patient/<id>}
	 * @throws UnprocessableEntityException when the focus holds nothing of a network, or names an organisation the
	 *     directory does not hold
	 */
	public List<String> apply(Bundle message, Map<String, String> women, RequestDetails request) {
		MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
		Map<String, String> local = new LinkedHashMap<>(women);
		List<Bundle.BundleEntryComponent> focus = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : message.getEntry()) {
			Resource resource = entry.getResource();
			if (resource == null || resource instanceof MessageHeader || local.containsKey(entry.getFullUrl())) {
				continue;
			}
			boolean inFocus = header.getFocus().stream().anyMatch(ref -> names(ref, entry));
			if (inFocus) {
				if (!NetworkResources.mayBeNetworkResource(resource.fhirType())) {
					throw unprocessable("a " + header.getEventCoding().getCode() + " message changes the woman's network:"
							+ " its focus is the team, plan, tasks, meetings or minutes it changes, not a " + resource.fhirType());
				}
				focus.add(entry);
				if (isNew(entry)) {
					local.put(entry.getFullUrl(), entry.getFullUrl() != null && entry.getFullUrl().startsWith("urn:uuid:")
							? entry.getFullUrl() : "urn:uuid:" + UUID.randomUUID());
					continue;
				}
			}
			if (resource instanceof Organization organisation) {
				directoryId(organisation).ifPresent(id -> local.put(entry.getFullUrl(), "Organization/" + id));
			} else if (!isNew(entry)) {
				local.put(entry.getFullUrl(), resource.fhirType() + "/" + resource.getIdElement().getIdPart());
			}
		}
		if (focus.isEmpty()) {
			throw unprocessable("a " + header.getEventCoding().getCode() + " message changes the woman's network: its"
					+ " focus must name the team, plan, task, meeting or minutes among its entries");
		}
		// a team before its plan, a plan before its tasks, meetings and minutes: each new one is known before it is named
		focus.sort(java.util.Comparator.comparingInt(entry -> switch (entry.getResource().fhirType()) {
			case "CareTeam" -> 0;
			case "CarePlan" -> 1;
			default -> 2;
		}));
		List<String> written = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : focus) {
			Resource resource = entry.getResource().copy();
			rewrite(resource, local, message);
			if (!NetworkResources.isNetworkResource(placeholdersAsIds(resource, focus, local))) {
				throw unprocessable(resource.fhirType() + " " + entry.getFullUrl() + " is no part of a network: a team,"
						+ " a plan of a team, or a task, meeting or minutes of a plan");
			}
			@SuppressWarnings("unchecked")
			IFhirResourceDao<Resource> dao = (IFhirResourceDao<Resource>) daos.getResourceDao(resource.fhirType());
			DaoMethodOutcome outcome;
			if (!isNew(entry)) {
				// the version it was read at, if it names one: HAPI refuses (409) a write over a newer one
				resource.setId(new IdType(resource.fhirType(), resource.getIdElement().getIdPart(),
						resource.getMeta().hasVersionId() ? resource.getMeta().getVersionId() : null));
				outcome = dao.update(resource, request);
			} else {
				resource.setId((String) null);
				outcome = dao.create(resource, request);
				local.put(entry.getFullUrl(), resource.fhirType() + "/" + outcome.getId().getIdPart());
			}
			written.add(outcome.getId().toUnqualified().getValue());
		}
		return written;
	}

	/** The resource's references to the message's entries, as references to the hub's resources. */
	private void rewrite(Resource resource, Map<String, String> local, Bundle message) {
		for (Reference reference : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
			String target = reference.getReference();
			if (target == null) {
				continue;
			}
			if (local.containsKey(target)) {
				reference.setReference(local.get(target));
				continue;
			}
			for (Bundle.BundleEntryComponent entry : message.getEntry()) {
				if (entry.getResource() instanceof Organization organisation && names(reference, entry)
						&& !local.containsKey(entry.getFullUrl())) {
					throw unprocessable(resource.fhirType() + " names the organisation " + target + ", which the hub's"
							+ " directory does not hold (by " + identifiers(organisation) + ")");
				}
			}
		}
	}

	/** A copy in which references to other new entries of the message read as {@code Type/<placeholder>}. */
	private Resource placeholdersAsIds(Resource resource, List<Bundle.BundleEntryComponent> focus, Map<String, String> local) {
		Resource copy = resource.copy();
		for (Reference reference : fhirContext.newTerser().getAllPopulatedChildElementsOfType(copy, Reference.class)) {
			for (Bundle.BundleEntryComponent entry : focus) {
				if (isNew(entry) && local.get(entry.getFullUrl()).equals(reference.getReference())) {
					reference.setReference(entry.getResource().fhirType() + "/new");
				}
			}
		}
		return copy;
	}

	private Optional<String> directoryId(Organization organisation) {
		for (Identifier identifier : organisation.getIdentifier()) {
			if (!identifier.hasSystem() || !identifier.hasValue()) {
				continue;
			}
			List<IIdType> found = organizations.searchForResourceIds(SearchParameterMap.newSynchronous()
					.add(Organization.SP_IDENTIFIER, new TokenParam(identifier.getSystem(), identifier.getValue())),
					new SystemRequestDetails());
			if (!found.isEmpty()) {
				return Optional.of(found.get(0).getIdPart());
			}
		}
		return Optional.empty();
	}

	/**
	 * A new resource: no id of the hub's, its entry's fullUrl a {@code urn:uuid} or {@code urn:oid} (which parsers
	 * take as its id) or none.
	 */
	private static boolean isNew(Bundle.BundleEntryComponent entry) {
		String id = entry.getResource().getIdElement().getIdPart();
		return id == null || id.startsWith("urn:") || entry.getFullUrl() != null && entry.getFullUrl().startsWith("urn:");
	}

	/** Whether a reference names an entry: by its fullUrl, or by {@code Type/id} of its resource. */
	private static boolean names(Reference reference, Bundle.BundleEntryComponent entry) {
		String target = reference.getReference();
		if (target == null) {
			return false;
		}
		Resource resource = entry.getResource();
		return target.equals(entry.getFullUrl()) || resource.getIdElement().hasIdPart()
				&& (target.equals(resource.fhirType() + "/" + resource.getIdElement().getIdPart())
						|| entry.getFullUrl() != null && entry.getFullUrl().endsWith("/" + target));
	}

	private static String identifiers(Organization organisation) {
		return organisation.getIdentifier().stream().map(id -> id.getSystem() + "|" + id.getValue())
				.reduce((a, b) -> a + ", " + b).orElse("no identifier");
	}

	private UnprocessableEntityException unprocessable(String problem) {
		org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
		outcome.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
				.setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.PROCESSING)
				.setDiagnostics("Nothing was stored: " + problem + ".");
		return new UnprocessableEntityException(fhirContext, outcome);
	}
}
