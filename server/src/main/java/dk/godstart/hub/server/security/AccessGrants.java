package dk.godstart.hub.server.security;

import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code hub_access_grant}: which organisations may see a resource they do not take part in themselves, and under
 * which agreement ({@code ""} = by their own part in the care). Written in the transaction of the write that makes
 * the grant; read once per resource a caller asks for.
 */
public class AccessGrants {

	public static final String OWN_CARE = "";

	public record Grant(String organizationId, String target, String agreementId) {}

	private final JdbcTemplate jdbc;

	public AccessGrants(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Records the grants; those already there are left as they are. Joins the caller's transaction. */
	public void grant(Collection<Grant> grants) {
		if (grants.isEmpty()) {
			return;
		}
		jdbc.batchUpdate(
				"INSERT INTO hub_access_grant (target, organization_id, agreement_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
				grants.stream().distinct().map(g -> new Object[] {g.target(), g.organizationId(), g.agreementId()}).toList());
	}

	/** Takes back what {@code organizationId} was granted of {@code target} under {@code agreementId}. Joins the caller's transaction. */
	public void revoke(String organizationId, String target, String agreementId) {
		jdbc.update("DELETE FROM hub_access_grant WHERE target = ? AND organization_id = ? AND agreement_id = ?",
				target, organizationId, agreementId);
	}

	/** The agreements under which any of {@code organizationIds} was granted {@code target} ({@link #OWN_CARE} among them). */
	public List<String> agreementsGranting(Collection<String> organizationIds, String target) {
		if (organizationIds.isEmpty()) {
			return List.of();
		}
		return jdbc.queryForList(
				"SELECT DISTINCT agreement_id FROM hub_access_grant WHERE target = ? AND organization_id = ANY (?)",
				String.class, target, organizationIds.toArray(String[]::new));
	}
}
