package dk.godstart.hub.server.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The scopes of a token, read the SMART App Launch v2 way for system clients: {@code system/<Type>.<cruds>}, with
 * {@code *} for every type and an optional {@code ?_profile=<canonical>} that narrows the grant to resources claiming
 * that profile (how the residential treatment registry is kept to its own resources). SMART v1's {@code .read},
 * {@code .write} and {@code .*} are understood too. {@value #OPERATIONS} is the hub's own scope for the people who
 * run it: every notification's delivery state, re-drive of parked messages, the directory of organisations and
 * agreements, and the actuator.
 */
public final class Scopes {

	public static final String OPERATIONS = "hub/operations";
	/**
	 * For loading records kept elsewhere (a migration, a test environment's seed): patient data may be written for
	 * any organisation. Reading stays bound to the caller's organisation. No demo client has it.
	 */
	public static final String IMPORT = "hub/import";

	private static final Pattern RESOURCE_SCOPE =
			Pattern.compile("system/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*|[cruds]+)(?:\\?_profile=(\\S+))?");

	private record Grant(String type, String interactions, String profile) {}

	private final Set<String> raw;
	private final List<Grant> grants;

	private Scopes(Set<String> raw, List<Grant> grants) {
		this.raw = raw;
		this.grants = grants;
	}

	public static Scopes of(Collection<String> scopes) {
		List<Grant> grants = new ArrayList<>();
		for (String scope : scopes) {
			Matcher matcher = RESOURCE_SCOPE.matcher(scope);
			if (matcher.matches()) {
				String interactions = switch (matcher.group(2)) {
					case "read" -> "rs";
					case "write" -> "cud";
					case "*" -> "cruds";
					default -> matcher.group(2);
				};
				grants.add(new Grant(matcher.group(1), interactions, matcher.group(3)));
			}
		}
		return new Scopes(Set.copyOf(scopes), List.copyOf(grants));
	}

	/** Whether some scope lets the caller do {@code interaction} (one of c, r, u, d, s) on resources of {@code type}. */
	public boolean permits(String type, char interaction) {
		return grants.stream().anyMatch(grant -> covers(grant, type, interaction));
	}

	/**
	 * Whether the caller may do {@code interaction} on this particular resource: some scope for its type and
	 * interaction is either unrestricted or names a profile the resource claims.
	 */
	public boolean permits(String type, char interaction, Collection<String> claimedProfiles) {
		return grants.stream().anyMatch(grant -> covers(grant, type, interaction)
				&& (grant.profile() == null || claimedProfiles.contains(grant.profile())));
	}

	/** Whether some scope lets the caller do {@code interaction} on every resource of {@code type}, whatever its profile. */
	public boolean permitsUnrestricted(String type, char interaction) {
		return grants.stream().anyMatch(grant -> covers(grant, type, interaction) && grant.profile() == null);
	}

	/** Whether a scope naming {@code type} itself (not {@code *}) lets the caller do {@code interaction} on it. */
	public boolean namesExplicitly(String type, char interaction) {
		return grants.stream().anyMatch(grant -> grant.type().equals(type) && grant.interactions().indexOf(interaction) >= 0);
	}

	public boolean has(String scope) {
		return raw.contains(scope);
	}

	/** Whether any scope grants anything on resources of {@code type}. */
	public boolean mentions(String type) {
		return grants.stream().anyMatch(grant -> grant.type().equals("*") || grant.type().equals(type));
	}

	@Override
	public String toString() {
		return raw.stream().sorted().collect(Collectors.joining(" "));
	}

	private static boolean covers(Grant grant, String type, char interaction) {
		return (grant.type().equals("*") || grant.type().equals(type)) && grant.interactions().indexOf(interaction) >= 0;
	}
}
