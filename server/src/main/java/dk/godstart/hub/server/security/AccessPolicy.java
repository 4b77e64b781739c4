package dk.godstart.hub.server.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.FhirTerser;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.routes.agreements.Agreement;
import dk.godstart.hub.server.subscription.SubscriptionCriteria;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Contract;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Who may see and write what. A caller's scopes say which types and interactions it may use at all (and, with
 * {@code ?_profile=}, which profiles). Patient data is further bound to the caller's organisation: it sees what its
 * organisation takes part in (as requester, performer, owner, sender, recipient, ...) and what those resources point
 * to ({@link AccessGrants}); what a notification let it see, it sees only while the notification's agreement is in
 * force. A caller writes patient data only with its own organisation as owner, and may point only at what it can see;
 * a caller whose organisation the directory does not know writes none ({@link OrganisationInDirectory}).
 */
public class AccessPolicy {

	private static final String AGREEMENTS_USED = AccessPolicy.class.getName() + ".agreements";
	private static final String AGREEMENT_STATE = AccessPolicy.class.getName() + ".inForce";

	private final FhirContext fhirContext;
	private final CallerOrganisations organisations;
	private final AccessGrants grants;
	private final IFhirResourceDao<Contract> agreements;
	private final ResourceReader reader;
	private final Clock clock;
	private final NetworkVisibility networks;

	/** Reads a stored resource for an access decision, as the hub (not as the caller). */
	public interface ResourceReader {
		IBaseResource read(IdType id);
	}

	public AccessPolicy(FhirContext fhirContext, CallerOrganisations organisations, AccessGrants grants,
			IFhirResourceDao<Contract> agreements, ResourceReader reader, Clock clock) {
		this(fhirContext, organisations, grants, agreements, reader, clock, NetworkVisibility.NONE);
	}

	public AccessPolicy(FhirContext fhirContext, CallerOrganisations organisations, AccessGrants grants,
			IFhirResourceDao<Contract> agreements, ResourceReader reader, Clock clock, NetworkVisibility networks) {
		this.networks = networks;
		this.fhirContext = fhirContext;
		this.organisations = organisations;
		this.grants = grants;
		this.agreements = agreements;
		this.reader = reader;
		this.clock = clock;
	}

	// --- reading -------------------------------------------------------------------------------------------------

	public boolean canSee(HubCaller caller, RequestDetails request, IBaseResource resource) {
		String type = resource.fhirType();
		List<String> profiles = profiles(resource);
		if (!caller.scopes().permits(type, 'r', profiles) && !caller.scopes().permits(type, 's', profiles)) {
			return false;
		}
		if (resource instanceof Subscription subscription) {
			return caller.isOperator() || aboutCallersOwnOrganisation(caller, request, subscription);
		}
		if (ResourceKinds.AUDIT.equals(type)) {
			return mayReadTheAuditTrail(caller);
		}
		if (!ResourceKinds.isPatientData(type)) {
			return true;
		}
		if (caller.isOperator() && "Communication".equals(type)) {
			return true;
		}
		Set<String> callerOrgs = organisations.of(caller, request);
		if (callerOrgs.isEmpty()) {
			return false;
		}
		// the woman's network: its owner, and its members while they are members on a legal basis; no grant outlives that
		java.util.Optional<java.util.Optional<NetworkVisibility.Shown>> network = networks.decide(callerOrgs, resource);
		if (network.isPresent()) {
			network.get().ifPresent(shown -> used(request, shown.agreementId()));
			return network.get().isPresent();
		}
		if (!Collections.disjoint(participants(resource, !withheldFromItsRecipients(resource)), callerOrgs)) {
			if (resource instanceof Communication notification && isOnlyRecipient(notification, callerOrgs)) {
				List<String> basedOn = agreementsOf(notification);
				return basedOn.isEmpty() || anyInForce(basedOn, request);
			}
			return true;
		}
		List<String> granting = grants.agreementsGranting(callerOrgs, key(resource));
		if (granting.contains(AccessGrants.OWN_CARE) || anyInForce(granting, request)) {
			return true;
		}
		if (resource instanceof org.hl7.fhir.r4.model.Patient) {
			// a member of her network, shown it on a legal basis, sees whose network it is
			java.util.Optional<NetworkVisibility.Shown> shown = networks.showsWoman(callerOrgs, key(resource));
			shown.ifPresent(member -> used(request, member.agreementId()));
			return shown.isPresent();
		}
		return false;
	}

	@SuppressWarnings("unchecked")
	private static void used(RequestDetails request, String agreementId) {
		if (!AccessGrants.OWN_CARE.equals(agreementId)) {
			((Set<String>) request.getUserData().computeIfAbsent(AGREEMENTS_USED, k -> new LinkedHashSet<String>())).add(agreementId);
		}
	}

	/**
	 * The audit trail names every woman, every query (CPR numbers in them) and every organisation that touched her
	 * data: it is for auditors, whose token names {@code AuditEvent} itself. A care provider's {@code system/*.rs}
	 * does not reach it.
	 */
	public static boolean mayReadTheAuditTrail(HubCaller caller) {
		return caller.scopes().namesExplicitly(ResourceKinds.AUDIT, 'r') || caller.scopes().namesExplicitly(ResourceKinds.AUDIT, 's');
	}

	/** Whether the caller may see the stored resource {@code reference} points to ({@code Type/id}). */
	public boolean canSee(HubCaller caller, RequestDetails request, String reference) {
		IdType id = new IdType(reference);
		if (ResourceKinds.isPatientData(id.getResourceType()) && !"Communication".equals(id.getResourceType())
				&& !dk.godstart.hub.routes.network.NetworkResources.mayBeNetworkResource(id.getResourceType())
				&& (caller.scopes().permitsUnrestricted(id.getResourceType(), 'r')
						|| caller.scopes().permitsUnrestricted(id.getResourceType(), 's'))) {
			// the common case answered from the grants alone, without loading the resource
			Set<String> callerOrgs = organisations.of(caller, request);
			List<String> granting = grants.agreementsGranting(callerOrgs, id.getResourceType() + "/" + id.getIdPart());
			if (granting.contains(AccessGrants.OWN_CARE) || anyInForce(granting, request)) {
				return true;
			}
		}
		IBaseResource target;
		try {
			target = reader.read(new IdType(reference));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return false;
		}
		return canSee(caller, request, target);
	}

	// --- writing -------------------------------------------------------------------------------------------------

	/**
	 * Refuses (403) a write the caller's scopes or organisation do not allow. {@code interaction} is c, u or d;
	 * {@code previous} is the stored version an update or delete replaces, if any.
	 */
	public void checkWrite(HubCaller caller, RequestDetails request, IBaseResource resource, IBaseResource previous, char interaction) {
		String type = resource.fhirType();
		if (ResourceKinds.AUDIT.equals(type)) {
			throw new ForbiddenOperationException("The audit trail is written by the hub alone.");
		}
		if (!caller.scopes().permits(type, interaction, profiles(resource))) {
			throw new ForbiddenOperationException("The token's scopes do not allow " + verb(interaction) + " of " + type
					+ (caller.scopes().mentions(type) ? " with the profiles this one claims" : "") + ".");
		}
		if (resource instanceof Subscription subscription) {
			if (caller.isOperator() && previous instanceof Subscription stored && onlyItsStatusChanges(stored, subscription)) {
				return; // an operator sets a subscriber's subscription back to requested (or off), nothing else of it
			}
			if (!aboutCallersOwnOrganisation(caller, request, subscription)
					|| (previous instanceof Subscription stored && !aboutCallersOwnOrganisation(caller, request, stored))) {
				throw new ForbiddenOperationException("A subscription's criteria must be about the caller's own organisation ("
						+ (caller.actsForOrganisation() ? caller.organisation() : "none in the token")
						+ "), e.g. Communication?recipient=Organization/<its id>; these name "
						+ (organisationsNamed(SubscriptionCriteria.of(subscription).search()).isEmpty() ? "none"
								: String.join(", ", organisationsNamed(SubscriptionCriteria.of(subscription).search()))) + ".");
			}
			return;
		}
		if (!ResourceKinds.isPatientData(type) || caller.scopes().has(Scopes.IMPORT)) {
			return;
		}
		Set<String> callerOrgs = organisations.of(caller, request);
		OrganisationInDirectory.require(caller, callerOrgs);
		if (previous != null && !canSee(caller, request, previous)) {
			// answered as a read of it is: as if it did not exist, so a write by id is no way to learn that it does
			throw new ResourceNotFoundException(new IdType(type, resource.getIdElement().getIdPart()));
		}
		if (dk.godstart.hub.routes.network.NetworkResources.isNetworkResource(resource)) {
			checkNetworkWrite(caller, resource, previous, callerOrgs);
			return;
		}
		if (recordsCustody(resource) || recordsCustody(previous)) {
			checkCustodyRecorder(caller, callerOrgs);
		}
		ResourceKinds.Participation participation = ResourceKinds.PARTICIPATION.get(type);
		if (participation == null || participation.owners().isEmpty()) {
			return;
		}
		Set<String> owners = organisationIds(resource, participation.owners());
		if (Collections.disjoint(owners, callerOrgs)) {
			throw new ForbiddenOperationException("A " + type + " is written only with the caller's own organisation ("
					+ (caller.actsForOrganisation() ? caller.organisation() : "none in the token") + ") as "
					+ String.join(" or ", participation.owners()) + ".");
		}
	}

	/**
	 * The woman's network: each resource has one owner, its one writer (the team's keeper, the plan's author, the task's
	 * owner, the meeting's organiser, the minutes' author); a task may also be written by the member that asked for it.
	 * The owner must be the caller's organisation before the write as after it, so no member takes over another's part.
	 */
	private void checkNetworkWrite(HubCaller caller, IBaseResource resource, IBaseResource previous, Set<String> callerOrgs) {
		for (IBaseResource version : previous == null ? List.of(resource) : List.of(previous, resource)) {
			Set<String> writers = new LinkedHashSet<>();
			dk.godstart.hub.routes.network.NetworkResources.owner(version).ifPresent(owner -> writers.add(new IdType(owner).getIdPart()));
			if (version instanceof org.hl7.fhir.r4.model.Task task) {
				writers.addAll(organisationIds(task, List.of("requester")));
			}
			if (Collections.disjoint(writers, callerOrgs)) {
				throw new ForbiddenOperationException("In the woman's network a " + resource.fhirType()
						+ " is written only by its owner" + (version instanceof org.hl7.fhir.r4.model.Task ? " (or the member that asked for it)" : "")
						+ ", and the caller's organisation ("
						+ (caller.actsForOrganisation() ? caller.organisation() : "none in the token") + ") is not "
						+ (version == previous && previous != resource ? "the stored one's" : "the one it names") + ".");
			}
		}
	}

	/**
	 * Who records that someone holds a child's custody (a {@code custody-holder} RelatedPerson), whose consent then
	 * stands for the child's ({@code CustodyRule}): the hospital where she is born and the family ambulatory that
	 * follows her, and the municipality's family department, which knows custody from the CPR register; not every
	 * organisation that may see the child, or one of them could make itself the giver of her consent.
	 */
	static final Set<String> CUSTODY_RECORDERS = Set.of(GodStartIg.Codes.OrganizationType.HOSPITAL,
			GodStartIg.Codes.OrganizationType.HOSPITAL_DEPARTMENT, GodStartIg.Codes.OrganizationType.FAMILY_AMBULATORY,
			GodStartIg.Codes.OrganizationType.MUNICIPAL_FAMILY_DEPARTMENT);

	private static boolean recordsCustody(IBaseResource resource) {
		return resource instanceof org.hl7.fhir.r4.model.RelatedPerson person && person.getRelationship().stream()
				.anyMatch(relationship -> relationship.hasCoding(GodStartIg.CodeSystems.RELATED_PERSON_ROLE,
						GodStartIg.Codes.RelatedPersonRole.CUSTODY_HOLDER));
	}

	private void checkCustodyRecorder(HubCaller caller, Set<String> callerOrgs) {
		boolean may = callerOrgs.stream().map(id -> reader.read(new IdType("Organization", id)))
				.filter(org.hl7.fhir.r4.model.Organization.class::isInstance)
				.map(org.hl7.fhir.r4.model.Organization.class::cast)
				.flatMap(organisation -> organisation.getType().stream())
				.flatMap(type -> type.getCoding().stream())
				.anyMatch(coding -> GodStartIg.CodeSystems.ORGANIZATION_TYPE.equals(coding.getSystem())
						&& CUSTODY_RECORDERS.contains(coding.getCode()));
		if (!may) {
			throw new ForbiddenOperationException("A child's holder of custody is recorded only by the hospital, the family"
					+ " ambulatory or the municipality's family department, and the caller's organisation ("
					+ (caller.actsForOrganisation() ? caller.organisation() : "none in the token") + ") is none of them.");
		}
	}

	/**
	 * Whether a subscription's criteria are about the caller's organisation only: they name at least one
	 * organisation ({@code Organization/<id>}) and every one they name is the caller's.
	 */
	/**
	 * Whether {@code changed} differs from {@code stored} in its status (to requested or off) and error text only: what
	 * an operator may change of a subscriber's subscription, never what it matches or where it sends.
	 */
	static boolean onlyItsStatusChanges(Subscription stored, Subscription changed) {
		if (changed.getStatus() != Subscription.SubscriptionStatus.REQUESTED
				&& changed.getStatus() != Subscription.SubscriptionStatus.OFF) {
			return false;
		}
		Subscription before = stored.copy();
		Subscription after = changed.copy();
		for (Subscription version : List.of(before, after)) {
			version.setStatus(null);
			version.setError(null);
			version.setMeta(null);
			version.setText(null);
			version.setIdElement(null);
		}
		return before.equalsDeep(after);
	}

	public boolean aboutCallersOwnOrganisation(HubCaller caller, RequestDetails request, Subscription subscription) {
		Set<String> named = organisationsNamed(SubscriptionCriteria.of(subscription).search());
		return !named.isEmpty() && organisations.of(caller, request).containsAll(named);
	}

	private static final java.util.regex.Pattern ORGANISATION_IN_CRITERIA =
			java.util.regex.Pattern.compile("Organization/([A-Za-z0-9\\-.]{1,64})");

	public static Set<String> organisationsNamed(String criteria) {
		Set<String> ids = new LinkedHashSet<>();
		if (criteria != null) {
			java.util.regex.Matcher matcher = ORGANISATION_IN_CRITERIA.matcher(
					java.net.URLDecoder.decode(criteria, java.nio.charset.StandardCharsets.UTF_8));
			while (matcher.find()) {
				ids.add(matcher.group(1));
			}
		}
		return ids;
	}

	// --- what resources say about participation ------------------------------------------------------------------

	/**
	 * The Organization ids a resource names as taking part in it (owners and, if asked, the others); a PractitionerRole
	 * stands for its organisation.
	 */
	public Set<String> participants(IBaseResource resource, boolean includeOthers) {
		ResourceKinds.Participation participation = ResourceKinds.PARTICIPATION.get(resource.fhirType());
		if (participation == null) {
			return Set.of();
		}
		Set<String> ids = new LinkedHashSet<>(organisationIds(resource, participation.owners()));
		if (includeOthers) {
			ids.addAll(organisationIds(resource, participation.others()));
		}
		return ids;
	}

	/**
	 * Whether a resource is a notification the hub held back for want of an agreement or a legal basis
	 * ({@code on-hold}, {@code no-agreement}/{@code no-legal-basis}): it was never sent, so its recipient has no part
	 * in it. The recipient neither sees it nor gains, through it, what it is about (the referral, her consents);
	 * only its sender does. Else the hub's refusal to tell a municipality would be undone by the municipality reading
	 * the parked notification, or the referral it names, through the API.
	 */
	public boolean withheldFromItsRecipients(IBaseResource resource) {
		return resource instanceof Communication notification
				&& notification.getStatus() == Communication.CommunicationStatus.ONHOLD
				&& notification.getStatusReason().getCoding().stream().anyMatch(reason ->
						dk.godstart.hub.routes.delivery.ParkReason.SYSTEM.equals(reason.getSystem())
								&& (dk.godstart.hub.routes.delivery.ParkReason.NO_LEGAL_BASIS.code().equals(reason.getCode())
										|| dk.godstart.hub.routes.delivery.ParkReason.NO_AGREEMENT.code().equals(reason.getCode())));
	}

	/** The patient data a resource points to, as {@code Type/id} (its subject, focus, basedOn, about, ...). */
	public Set<String> referencedPatientData(IBaseResource resource) {
		FhirTerser terser = fhirContext.newTerser();
		Set<String> targets = new LinkedHashSet<>();
		for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
			String value = reference.getReferenceElement().toUnqualifiedVersionless().getValue();
			if (value == null || value.startsWith("#") || !reference.getReferenceElement().hasResourceType()
					|| !reference.getReferenceElement().hasIdPart()) {
				continue;
			}
			if (ResourceKinds.isPatientData(reference.getReferenceElement().getResourceType())
					&& !value.equals(key(resource))) {
				targets.add(value);
			}
		}
		return targets;
	}

	/** The agreements (Contract ids) a notification was sent under. */
	public List<String> agreementsOf(IBaseResource resource) {
		if (!(resource instanceof Communication notification)) {
			return List.of();
		}
		return notification.getBasedOn().stream()
				.map(Reference::getReferenceElement)
				.filter(id -> "Contract".equals(id.getResourceType()) && id.hasIdPart())
				.map(id -> id.getIdPart())
				.toList();
	}

	/** The agreements that let the caller see something during this request (for its audit record). */
	@SuppressWarnings("unchecked")
	public static Set<String> agreementsUsed(RequestDetails request) {
		Object used = request.getUserData().get(AGREEMENTS_USED);
		return used == null ? Set.of() : (Set<String>) used;
	}

	/** Whether a type holds patient data or the audit trail about it (both audited when touched). */
	public static boolean isPatientDataOrAudit(String type) {
		return ResourceKinds.isPatientData(type) || ResourceKinds.AUDIT.equals(type);
	}

	static String key(IBaseResource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}

	static List<String> profiles(IBaseResource resource) {
		return resource.getMeta().getProfile().stream().map(IPrimitiveType::getValue).toList();
	}

	// --- internals -------------------------------------------------------------------------------------------------

	private boolean isOnlyRecipient(Communication notification, Set<String> callerOrgs) {
		Set<String> senders = organisationIds(notification, List.of("sender"));
		return Collections.disjoint(senders, callerOrgs);
	}

	private Set<String> organisationIds(IBaseResource resource, List<String> paths) {
		FhirTerser terser = fhirContext.newTerser();
		Set<String> ids = new LinkedHashSet<>();
		for (String path : paths) {
			for (IBase value : terser.getValues(resource, resource.fhirType() + "." + path)) {
				if (!(value instanceof Reference reference) || !reference.getReferenceElement().hasIdPart()) {
					continue;
				}
				String type = reference.getReferenceElement().getResourceType();
				if ("Organization".equals(type)) {
					ids.add(reference.getReferenceElement().getIdPart());
				} else if ("PractitionerRole".equals(type)) {
					organisationOfRole(reference.getReferenceElement().getIdPart()).ifPresent(ids::add);
				}
			}
		}
		return ids;
	}

	/** A GP or midwife acts for the organisation of their role (the guide's referrals name a PractitionerRole). */
	private java.util.Optional<String> organisationOfRole(String roleId) {
		try {
			IBaseResource role = reader.read(new IdType("PractitionerRole", roleId));
			if (role instanceof org.hl7.fhir.r4.model.PractitionerRole practitionerRole
					&& "Organization".equals(practitionerRole.getOrganization().getReferenceElement().getResourceType())) {
				return java.util.Optional.of(practitionerRole.getOrganization().getReferenceElement().getIdPart());
			}
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			// an unknown role acts for nobody
		}
		return java.util.Optional.empty();
	}

	@SuppressWarnings("unchecked")
	private boolean anyInForce(List<String> agreementIds, RequestDetails request) {
		Map<String, Boolean> known = (Map<String, Boolean>) request.getUserData().computeIfAbsent(AGREEMENT_STATE, k -> new HashMap<>());
		for (String id : agreementIds) {
			if (AccessGrants.OWN_CARE.equals(id)) {
				continue;
			}
			boolean inForce = known.computeIfAbsent(id, this::inForce);
			if (inForce) {
				used(request, id);
				return true;
			}
		}
		return false;
	}

	private boolean inForce(String agreementId) {
		try {
			Contract agreement = agreements.read(new IdType("Contract", agreementId), new SystemRequestDetails());
			return Agreement.of(agreement).inForce(clock.instant());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return false;
		}
	}

	private static String verb(char interaction) {
		return switch (interaction) {
			case 'c' -> "creation";
			case 'u' -> "update";
			case 'd' -> "deletion";
			case 'r' -> "reading";
			default -> "searching";
		};
	}

}
