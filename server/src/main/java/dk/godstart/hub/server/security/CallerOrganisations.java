package dk.godstart.hub.server.security;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Organization;

/**
 * The Organization resources a caller acts for: the active organisations carrying the token's organisation identifier
 * (a unit's SOR code, a municipality's code, a region's code) and every active organisation below them
 * ({@code partOf}, a few levels down), so a token for a region covers its family ambulatory and a token for a
 * municipality covers its family department. Looked up once per request, and kept for
 * {@code godstart.security.organisation-cache-ttl} across requests (the directory changes seldom; a reorganisation
 * is seen by callers within that time).
 */
public class CallerOrganisations {

	private static final String KEY = CallerOrganisations.class.getName();
	private static final int MAX_DEPTH = 4;

	private record Known(Set<String> ids, long until) {}

	private final IFhirResourceDao<Organization> organizations;
	private final long ttlNanos;
	private final java.util.concurrent.ConcurrentHashMap<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

	public CallerOrganisations(IFhirResourceDao<Organization> organizations, java.time.Duration ttl) {
		this.organizations = organizations;
		this.ttlNanos = ttl.toNanos();
	}

	@SuppressWarnings("unchecked")
	public Set<String> of(HubCaller caller, RequestDetails request) {
		if (!caller.actsForOrganisation()) {
			return Set.of();
		}
		Object known = request.getUserData().get(KEY);
		if (known != null) {
			return (Set<String>) known;
		}
		Set<String> ids = cached(caller.organisation());
		request.getUserData().put(KEY, ids);
		return ids;
	}

	private Set<String> cached(String organisation) {
		long now = System.nanoTime();
		Known entry = known.get(organisation);
		if (entry != null && now - entry.until() < 0) {
			return entry.ids();
		}
		String system = organisation.substring(0, organisation.indexOf('|'));
		String value = organisation.substring(organisation.indexOf('|') + 1);
		Set<String> ids = resolve(system, value);
		if (ttlNanos > 0) {
			if (known.size() > 10_000) {
				known.clear();
			}
			known.put(organisation, new Known(ids, now + ttlNanos));
		}
		return ids;
	}

	private Set<String> resolve(String system, String value) {
		Set<String> ids = new LinkedHashSet<>(search(SearchParameterMap.newSynchronous()
				.add(Organization.SP_IDENTIFIER, new TokenParam(system, value))
				.add(Organization.SP_ACTIVE, new TokenParam("true"))));
		Set<String> level = ids;
		for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
			ReferenceOrListParam parents = new ReferenceOrListParam();
			level.forEach(id -> parents.addOr(new ReferenceParam("Organization/" + id)));
			Set<String> children = new LinkedHashSet<>(search(SearchParameterMap.newSynchronous()
					.add(Organization.SP_PARTOF, parents)
					.add(Organization.SP_ACTIVE, new TokenParam("true"))));
			children.removeAll(ids);
			ids.addAll(children);
			level = children;
		}
		return Set.copyOf(ids);
	}

	private List<String> search(SearchParameterMap map) {
		return organizations.searchForResourceIds(map, new SystemRequestDetails()).stream()
				.map(id -> id.getIdPart())
				.toList();
	}

}
