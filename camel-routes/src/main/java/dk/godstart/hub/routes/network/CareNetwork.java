package dk.godstart.hub.routes.network;

import dk.godstart.hub.profiles.GodStartIg;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * What a woman's network (a {@code NetworkCareTeam}) means, in one place: whose network it is, who coordinates it, and
 * which organisations are members when. Routing (who is told of a change), access (who sees the team, the plan, its
 * tasks and meetings) and the write rules all read a team through this class. A member is an organisation: the
 * participant's {@code member} when it is one, else its {@code onBehalfOf}; a person with neither counts for no
 * organisation. A member belongs from its period's start to its end; once it has left it is neither told nor shown
 * anything, and a team that is not active has no members at all.
 */
public final class CareNetwork {

	/** One member: its organisation ({@code Organization/<id>}), its roles (network-role codes) and its period. */
	public record Member(String organisation, Set<String> roles, Date joined, Date left) {

		public boolean memberAt(Instant at) {
			Date now = Date.from(at);
			return (joined == null || !joined.after(now)) && (left == null || left.after(now));
		}

		public boolean coordinates() {
			return roles.contains(GodStartIg.Codes.NetworkRole.COORDINATOR);
		}
	}

	private final CareTeam team;
	private final List<Member> members;

	private CareNetwork(CareTeam team, List<Member> members) {
		this.team = team;
		this.members = members;
	}

	public static CareNetwork of(CareTeam team) {
		List<Member> members = new ArrayList<>();
		for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
			organisationOf(participant).ifPresent(organisation -> members.add(new Member(organisation,
					roles(participant), start(participant.getPeriod()), end(participant.getPeriod()))));
		}
		return new CareNetwork(team, List.copyOf(members));
	}

	public String id() {
		return team.getIdElement().getIdPart();
	}

	/** {@code CareTeam/<id>}. */
	public String key() {
		return "CareTeam/" + id();
	}

	public CareTeam team() {
		return team;
	}

	/** Whose network it is: the woman, or her child ({@code Patient/<id>}). */
	public Reference subject() {
		return team.getSubject();
	}

	/** The organisation that keeps the team ({@code managingOrganization}, {@code Organization/<id>}), if named. */
	public Optional<String> keeper() {
		return team.getManagingOrganization().stream()
				.map(CareNetwork::organisationKey)
				.flatMap(Optional::stream)
				.findFirst();
	}

	public List<Member> members() {
		return members;
	}

	/** Whether the team is active now: its status, and its own period. */
	public boolean activeAt(Instant at) {
		if (team.getStatus() != CareTeam.CareTeamStatus.ACTIVE) {
			return false;
		}
		Date now = Date.from(at);
		Date start = start(team.getPeriod());
		Date end = end(team.getPeriod());
		return (start == null || !start.after(now)) && (end == null || end.after(now));
	}

	/** The organisations that are members now, in the team's order; none while the team is not active. */
	public Set<String> membersAt(Instant at) {
		if (!activeAt(at)) {
			return Set.of();
		}
		Set<String> current = new LinkedHashSet<>();
		members.stream().filter(member -> member.memberAt(at)).forEach(member -> current.add(member.organisation()));
		return Collections.unmodifiableSet(current);
	}

	/** Whether any of {@code organisations} ({@code Organization/<id>}) is a member now. */
	public boolean hasMemberAt(Set<String> organisations, Instant at) {
		return membersAt(at).stream().anyMatch(organisations::contains);
	}

	private static Optional<String> organisationOf(CareTeam.CareTeamParticipantComponent participant) {
		Optional<String> member = organisationKey(participant.getMember());
		return member.isPresent() ? member : organisationKey(participant.getOnBehalfOf());
	}

	static Optional<String> organisationKey(Reference reference) {
		if (reference == null || !reference.getReferenceElement().hasIdPart()
				|| !"Organization".equals(reference.getReferenceElement().getResourceType())) {
			return Optional.empty();
		}
		return Optional.of("Organization/" + reference.getReferenceElement().getIdPart());
	}

	private static Set<String> roles(CareTeam.CareTeamParticipantComponent participant) {
		Set<String> roles = new LinkedHashSet<>();
		for (CodeableConcept role : participant.getRole()) {
			role.getCoding().stream()
					.filter(coding -> GodStartIg.CodeSystems.NETWORK_ROLE.equals(coding.getSystem()) && coding.hasCode())
					.forEach(coding -> roles.add(coding.getCode()));
		}
		return Collections.unmodifiableSet(roles);
	}

	private static Date start(Period period) {
		return period == null ? null : period.getStart();
	}

	/** A period ending on a date lasts the whole of that day. */
	private static Date end(Period period) {
		if (period == null || period.getEnd() == null) {
			return null;
		}
		return period.getEndElement().getPrecision().ordinal() <= ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()
				? Date.from(period.getEnd().toInstant().plusSeconds(86_400))
				: period.getEnd();
	}
}
