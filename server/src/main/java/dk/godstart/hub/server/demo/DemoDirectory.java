package dk.godstart.hub.server.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dk.godstart.hub.profiles.GodStartIg;
import dk.godstart.hub.server.security.SecurityProperties;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.util.StringUtils;

/**
 * The directory the embedded default starts with: the guide's example network (every Organization among the
 * examples of the package in the jar: regions, the family ambulatories, Ditte's GP practice, the municipalities and
 * their units, the residential treatment registry) and the demo clients' organisations it lacks
 * ({@code godstart.demo.organisations}). Without it a fresh hub knows no organisation, so a demo client's writes
 * would be refused (or, before that rule, stored where their author could never find them).
 *
 * <p>The guide's network rather than only the demo clients' organisations: the guide's examples, the README's
 * later commands and a municipality's subscription name these organisations by their ids
 * ({@code Organization/aalborg-family-department}), and a municipality's token covers its family department only
 * when the department is in the directory below it.
 *
 * <p>Idempotent, as the system: each organisation is stored under its own id ({@code PUT Organization/<id>}) only
 * when the hub has none with that id and none carrying its SOR code (a unit's identity in Danish health care), so a
 * restart, or a second node starting at the same moment, stores nothing twice. What is already there is left as an
 * operator made it (deactivated, deleted, changed). Endpoints are not seeded (the examples' addresses are not real
 * receivers): the organisations' {@code endpoint} references are left out, and a referral to them is parked
 * {@code no-endpoint} until an operator adds one.
 */
public class DemoDirectory {

	private static final Logger log = LoggerFactory.getLogger(DemoDirectory.class);

	/**
	 * What one seeding did.
	 *
	 * @param created the ids stored now
	 * @param present the ids (of the guide and the configuration) the directory already held, under that id or SOR code
	 * @param clientsWithoutOrganisation demo clients whose token names an organisation the directory still lacks
	 */
	public record Outcome(List<String> created, List<String> present, List<String> clientsWithoutOrganisation) {}

	private final FhirContext fhirContext;
	private final IFhirResourceDao<Organization> organizations;
	private final DemoProperties properties;
	private final List<SecurityProperties.DemoClient> clients;

	public DemoDirectory(FhirContext fhirContext, IFhirResourceDao<Organization> organizations, DemoProperties properties,
			List<SecurityProperties.DemoClient> clients) {
		this.fhirContext = fhirContext;
		this.organizations = organizations;
		this.properties = properties;
		this.clients = clients;
	}

	public Outcome seed() {
		long started = System.nanoTime();
		Map<String, Organization> wanted = wanted();
		Map<String, String> stored = new LinkedHashMap<>();
		List<String> created = new ArrayList<>();
		List<String> present = new ArrayList<>();
		List<Organization> pending = new ArrayList<>(wanted.values());
		// parents first: a child's partOf must point at a stored organisation (and at the one already there, if its
		// SOR code was found under another id)
		while (!pending.isEmpty()) {
			boolean progress = false;
			for (Iterator<Organization> it = pending.iterator(); it.hasNext(); ) {
				Organization organisation = it.next();
				String parent = parentId(organisation);
				if (parent != null && wanted.containsKey(parent) && !stored.containsKey(parent)) {
					continue;
				}
				it.remove();
				progress = true;
				place(organisation, stored, created, present);
			}
			if (!progress) {
				throw new IllegalStateException("The demo directory's partOf references form a cycle among "
						+ pending.stream().map(o -> o.getIdElement().getIdPart()).toList());
			}
		}
		List<String> missing = clientsWithoutOrganisation();
		log.info("Demo directory seeded in {} ms: {} organisations stored, {} already there{}",
				(System.nanoTime() - started) / 1_000_000, created.size(), present.size(),
				created.isEmpty() ? "" : " " + created);
		if (!missing.isEmpty()) {
			log.warn("Demo clients {} act for organisations the directory does not hold (as active Organizations): "
					+ "their writes of patient data are refused until an operator adds them (PUT "
					+ "/fhir/Organization?identifier=<system|value>), or list them under godstart.demo.organisations",
					missing);
		}
		return new Outcome(List.copyOf(created), List.copyOf(present), missing);
	}

	/** The organisations to seed, by id: the guide's example network, then the configured ones. */
	Map<String, Organization> wanted() {
		Map<String, Organization> wanted = new LinkedHashMap<>();
		GodStartIg.loadPackage().examples().forEach((file, json) -> {
			if (file.startsWith("Organization-")) {
				Organization organisation = fhirContext.newJsonParser().parseResource(Organization.class, json);
				organisation.getEndpoint().clear();
				wanted.put(organisation.getIdElement().getIdPart(), organisation);
			}
		});
		for (DemoProperties.Organisation configured : properties.organisations()) {
			wanted.put(configured.id(), organisation(configured));
		}
		return wanted;
	}

	private void place(Organization organisation, Map<String, String> stored, List<String> created, List<String> present) {
		String id = organisation.getIdElement().getIdPart();
		Optional<String> existing = existing(organisation);
		if (existing.isPresent()) {
			stored.put(id, existing.get());
			present.add(id);
			return;
		}
		Organization copy = organisation.copy();
		String parent = parentId(copy);
		if (parent != null && stored.containsKey(parent)) {
			copy.setPartOf(new Reference("Organization/" + stored.get(parent)));
		}
		copy.setId(new IdType("Organization", id));
		try {
			boolean madeNow = Boolean.TRUE.equals(organizations.update(copy, new SystemRequestDetails()).getCreated());
			stored.put(id, id);
			// another node may have stored it between the look above and this write: then this write found it
			// there (and changed nothing, or wrote the same again) and did not create it
			(madeNow ? created : present).add(id);
		} catch (ResourceVersionConflictException | DataIntegrityViolationException raced) {
			// another node stored it at the same moment
			stored.put(id, existing(organisation).orElseThrow(() -> raced));
			present.add(id);
		}
	}

	/**
	 * The id under which the directory already holds {@code organisation}: its own id (even deleted: an operator's
	 * deletion stands), or that of an active organisation carrying its SOR code.
	 */
	private Optional<String> existing(Organization organisation) {
		String id = organisation.getIdElement().getIdPart();
		try {
			organizations.read(new IdType("Organization", id), new SystemRequestDetails());
			return Optional.of(id);
		} catch (ResourceGoneException deleted) {
			return Optional.of(id);
		} catch (ResourceNotFoundException absent) {
			// look for its SOR code below
		}
		for (Identifier identifier : organisation.getIdentifier()) {
			if (GodStartIg.SOR_SYSTEM.equals(identifier.getSystem())) {
				List<String> found = activeWith(identifier.getSystem(), identifier.getValue());
				if (!found.isEmpty()) {
					return Optional.of(found.get(0));
				}
			}
		}
		return Optional.empty();
	}

	/** The demo clients whose organisation claim no active Organization carries. */
	List<String> clientsWithoutOrganisation() {
		return clients.stream()
				.filter(client -> StringUtils.hasText(client.organisation()) && client.organisation().contains("|"))
				.filter(client -> {
					String claim = client.organisation();
					return activeWith(claim.substring(0, claim.indexOf('|')), claim.substring(claim.indexOf('|') + 1)).isEmpty();
				})
				.map(SecurityProperties.DemoClient::id)
				.collect(Collectors.toList());
	}

	private List<String> activeWith(String system, String value) {
		return organizations.searchForResourceIds(SearchParameterMap.newSynchronous()
						.add(Organization.SP_IDENTIFIER, new TokenParam(system, value))
						.add(Organization.SP_ACTIVE, new TokenParam("true")), new SystemRequestDetails())
				.stream().map(id -> id.getIdPart()).toList();
	}

	private Organization organisation(DemoProperties.Organisation configured) {
		Organization organisation = new Organization();
		organisation.setId(new IdType("Organization", configured.id()));
		organisation.getMeta().addProfile(GodStartIg.Profiles.ORGANIZATION);
		organisation.setActive(true).setName(configured.name());
		organisation.addType(new CodeableConcept(new Coding(GodStartIg.CodeSystems.ORGANIZATION_TYPE, configured.type(), null)));
		for (String identifier : configured.identifiers()) {
			int bar = identifier.indexOf('|');
			if (bar <= 0) {
				throw new IllegalStateException("godstart.demo.organisations: identifier '" + identifier + "' of "
						+ configured.id() + " is not system|value");
			}
			organisation.addIdentifier().setSystem(identifier.substring(0, bar)).setValue(identifier.substring(bar + 1));
		}
		if (StringUtils.hasText(configured.partOf())) {
			organisation.setPartOf(new Reference("Organization/" + configured.partOf()));
		}
		return organisation;
	}

	private static String parentId(Organization organisation) {
		return organisation.hasPartOf() && organisation.getPartOf().getReferenceElement().hasIdPart()
				? organisation.getPartOf().getReferenceElement().getIdPart() : null;
	}

	/** The ids this seeding stands for (the guide's and the configured ones). */
	public Set<String> ids() {
		return wanted().keySet();
	}
}
