package dk.godstart.hub.routes.adt;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.preparser.PreParser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the hospitals' HL7 v2 feed brought, as an operator looks at it: the messages stored per sending facility and
 * hour ({@code hub_adt_message}), and the messages refused with the text of their ERR segment ({@code hub_adt_refusal},
 * written when the intake answers {@code AR} or {@code AE} for something in the message itself). A refusal because the
 * store is away or full is not recorded (there is nowhere to record it); its count is in {@code godstart.adt.messages}.
 */
public class AdtFeed {

	/** Refusals are not recorded anywhere. */
	public static final AdtFeed NONE = new AdtFeed(null);

	private static final Logger log = LoggerFactory.getLogger(AdtFeed.class);

	private final JdbcTemplate jdbc;

	public AdtFeed(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Stored messages of one facility and event in one hour. */
	public record Hour(String sendingFacility, Instant hour, String event, long messages) {}

	/** One refused message: what the sender's MSH said of it (when it could be read) and the hub's reason. */
	public record Refusal(Instant receivedAt, String sendingFacility, String controlId, String event,
			String acknowledgement, String errorCode, String reason) {}

	/** Records a refusal of {@code raw}; a failure to record it is logged and does not change the answer. */
	public void refused(String raw, AdtRejection rejection) {
		if (jdbc == null) {
			return;
		}
		String[] fields = {null, null, null};
		try {
			fields = PreParser.getFields(raw == null ? "" : raw, "MSH-4", "MSH-10", "MSH-9-2");
		} catch (HL7Exception | RuntimeException unreadable) {
			// not even the header: recorded without the sender's ids
		}
		try {
			jdbc.update("INSERT INTO hub_adt_refusal (sending_facility, control_id, event, acknowledgement, error_code, reason)"
					+ " VALUES (?, ?, ?, ?, ?, ?)", cut(fields[0], 64), cut(fields[1], 200), cut(fields[2], 8),
					rejection.acknowledgment().name(), rejection.errorCode() == null ? null : cut(rejection.errorCode().getCode() + "", 8),
					cut(rejection.getMessage(), 2000));
		} catch (RuntimeException e) {
			log.warn("Could not record the refusal of an ADT message ({}): {}", rejection.getMessage(), e.toString());
		}
	}

	/** Stored messages per facility, hour and event since {@code since}, oldest hour first. */
	public List<Hour> perHour(Instant since) {
		return jdbc.query("""
				SELECT sending_facility, date_trunc('hour', received_at) AS hour, event, count(*) AS n
				FROM hub_adt_message WHERE received_at >= ?
				GROUP BY sending_facility, date_trunc('hour', received_at), event
				ORDER BY hour, sending_facility, event""",
				(row, n) -> new Hour(row.getString("sending_facility"), row.getTimestamp("hour").toInstant(),
						row.getString("event"), row.getLong("n")), Timestamp.from(since));
	}

	/** The latest refusals since {@code since}, newest first, at most {@code limit}. */
	public List<Refusal> refusals(Instant since, int limit) {
		return jdbc.query("""
				SELECT received_at, sending_facility, control_id, event, acknowledgement, error_code, reason
				FROM hub_adt_refusal WHERE received_at >= ? ORDER BY received_at DESC, id DESC LIMIT ?""",
				(row, n) -> new Refusal(row.getTimestamp("received_at").toInstant(), row.getString("sending_facility"),
						row.getString("control_id"), row.getString("event"), row.getString("acknowledgement"),
						row.getString("error_code"), row.getString("reason")), Timestamp.from(since), limit);
	}

	private static String cut(String value, int length) {
		return value == null || value.length() <= length ? value : value.substring(0, length);
	}
}
