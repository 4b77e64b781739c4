package dk.godstart.hub.server.delivery;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dk.godstart.hub.routes.adt.AdtFeed;
import dk.godstart.hub.routes.delivery.DeliveryFigures;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubOperationProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UrlType;

/**
 * What an operator watches, as FHIR operations on the server (operators only, {@code hub/operations}; audited as every
 * request): {@code $receivers} (each receiver's endpoint: receiving or since when not, what waits for it, how fast it
 * takes what it gets), {@code $delivery-figures} (per hour: delivered, parked, latency p95, backlog) and
 * {@code $hl7v2-feed} (the hospitals' ADT messages per facility and hour, and the refused ones with their ERR text)
 * and {@code $overdue} (the deliveries not made by their agreement's deadline).
 * The operators' console draws its pages from them; any operator tool may call them. No patient data in any of them
 * ({@code $overdue} names notifications, which an operator may read, by id only).
 */
public class OperatorFiguresProvider implements HubOperationProvider {

	/** The longest look back the per-hour figures take. */
	static final int MAX_HOURS = 24 * 14;

	private final DeliveryFigures deliveries;
	private final AdtFeed feed;
	private final Clock clock;

	public OperatorFiguresProvider(DeliveryFigures deliveries, AdtFeed feed, Clock clock) {
		this.deliveries = deliveries;
		this.feed = feed;
		this.clock = clock;
	}

	/**
	 * {@code GET /fhir/$receivers}: one {@code receiver} per endpoint address that has had deliveries, latencies (from
	 * the write that caused a notification to the receiver's 2xx) over the last {@code hours} (default 1).
	 */
	@Operation(name = "$receivers", idempotent = true)
	public Parameters receivers(@OperationParam(name = "hours") IntegerType hours) {
		Parameters answer = new Parameters();
		for (DeliveryFigures.Receiver receiver : deliveries.receivers(since(hours, 1))) {
			Parameters.ParametersParameterComponent row = answer.addParameter().setName("receiver");
			receiver.recipients().forEach(recipient -> part(row, "recipient", new Reference(recipient)));
			part(row, "address", new UrlType(receiver.address()));
			part(row, "paused", new BooleanType(receiver.paused()));
			part(row, "queued", new IntegerType(receiver.queued()));
			part(row, "retrying", new IntegerType(receiver.retrying()));
			part(row, "parked", new IntegerType(receiver.parked()));
			part(row, "lastDelivered", instant(receiver.lastDelivered()));
			part(row, "failingSince", instant(receiver.failingSince()));
			part(row, "lastHttpStatus", receiver.lastStatus() == null ? null : new IntegerType(receiver.lastStatus()));
			part(row, "lastError", receiver.lastError() == null ? null : new StringType(receiver.lastError()));
			part(row, "delivered", new IntegerType(receiver.deliveredRecently()));
			part(row, "latencyP50", millis(receiver.latencyP50Millis()));
			part(row, "latencyP95", millis(receiver.latencyP95Millis()));
		}
		return answer;
	}

	/** {@code GET /fhir/$delivery-figures?hours=24}: one {@code hour} per hour, oldest first. */
	@Operation(name = "$delivery-figures", idempotent = true)
	public Parameters deliveryFigures(@OperationParam(name = "hours") IntegerType hours) {
		Parameters answer = new Parameters();
		for (DeliveryFigures.Hour hour : deliveries.perHour(since(hours, 24))) {
			Parameters.ParametersParameterComponent row = answer.addParameter().setName("hour");
			part(row, "start", instant(hour.hour()));
			part(row, "delivered", new IntegerType(hour.delivered()));
			part(row, "parked", new IntegerType(hour.parked()));
			part(row, "latencyP95", millis(hour.latencyP95Millis()));
			part(row, "backlog", new IntegerType(hour.backlogAtEnd()));
		}
		return answer;
	}

	/**
	 * {@code GET /fhir/$hl7v2-feed?hours=24}: {@code hour} per facility, hour and event with the messages stored, and the
	 * latest {@code refused} messages (at most 200) with the ERR text they were answered with.
	 */
	@Operation(name = "$hl7v2-feed", idempotent = true)
	public Parameters hl7v2Feed(@OperationParam(name = "hours") IntegerType hours) {
		Instant since = since(hours, 24);
		Parameters answer = new Parameters();
		for (AdtFeed.Hour hour : feed.perHour(since)) {
			Parameters.ParametersParameterComponent row = answer.addParameter().setName("hour");
			part(row, "start", instant(hour.hour()));
			part(row, "sendingFacility", new StringType(hour.sendingFacility()));
			part(row, "event", new CodeType(hour.event()));
			part(row, "messages", new IntegerType(hour.messages()));
		}
		for (AdtFeed.Refusal refusal : feed.refusals(since, 200)) {
			Parameters.ParametersParameterComponent row = answer.addParameter().setName("refused");
			part(row, "receivedAt", instant(refusal.receivedAt()));
			part(row, "sendingFacility", refusal.sendingFacility() == null ? null : new StringType(refusal.sendingFacility()));
			part(row, "controlId", refusal.controlId() == null ? null : new StringType(refusal.controlId()));
			part(row, "event", refusal.event() == null ? null : new CodeType(refusal.event()));
			part(row, "acknowledgement", new CodeType(refusal.acknowledgement()));
			part(row, "errorCode", refusal.errorCode() == null ? null : new CodeType(refusal.errorCode()));
			part(row, "reason", new StringType(refusal.reason()));
		}
		return answer;
	}

	/** The most overdue deliveries one call lists. */
	static final int MAX_OVERDUE = 200;

	/**
	 * {@code GET /fhir/$overdue?recipient=Organization/<id>&_count=20&_offset=0}: one {@code overdue} per delivery (to
	 * {@code recipient}, if given) not made although its
	 * agreement's deadline has passed, longest overdue first: the notification, its recipient and endpoint, whether it
	 * is being retried or parked (and why), when it was due, the tries and the last error. Each needs a person.
	 */
	@Operation(name = "$overdue", idempotent = true)
	public Parameters overdue(@OperationParam(name = "recipient") StringType recipient,
			@OperationParam(name = "_count") IntegerType count, @OperationParam(name = "_offset") IntegerType offset) {
		int rows = count == null || count.getValue() == null ? 20 : count.getValue();
		int skip = offset == null || offset.getValue() == null ? 0 : offset.getValue();
		if (rows < 1 || rows > MAX_OVERDUE || skip < 0) {
			throw new InvalidRequestException("_count must be between 1 and " + MAX_OVERDUE + " and _offset not negative");
		}
		String to = recipient == null || recipient.isEmpty() ? null : recipient.getValue();
		if (to != null && !to.matches("Organization/[A-Za-z0-9\\-.]{1,64}")) {
			throw new InvalidRequestException("recipient must be Organization/<id>, not " + to);
		}
		Parameters answer = new Parameters();
		for (DeliveryFigures.Overdue late : deliveries.overdue(to, rows, skip)) {
			Parameters.ParametersParameterComponent row = answer.addParameter().setName("overdue");
			part(row, "notification", new Reference("Communication/" + late.notification()));
			part(row, "recipient", new Reference(late.recipient()));
			part(row, "address", late.address() == null ? null : new UrlType(late.address()));
			part(row, "state", new CodeType(late.state()));
			part(row, "parkReason", late.parkReason() == null ? null : new CodeType(late.parkReason()));
			part(row, "due", instant(late.dueAt()));
			part(row, "tries", new IntegerType(late.attempts()));
			part(row, "lastError", late.lastError() == null ? null : new StringType(late.lastError()));
		}
		return answer;
	}

	private Instant since(IntegerType hours, int otherwise) {
		int value = hours == null || hours.getValue() == null ? otherwise : hours.getValue();
		if (value < 1 || value > MAX_HOURS) {
			throw new InvalidRequestException("hours must be between 1 and " + MAX_HOURS + ", not " + value);
		}
		return clock.instant().minus(Duration.ofHours(value));
	}

	private static void part(Parameters.ParametersParameterComponent parameter, String name, Type value) {
		if (value != null) {
			parameter.addPart().setName(name).setValue(value);
		}
	}

	private static InstantType instant(Instant instant) {
		return instant == null ? null : new InstantType(Date.from(instant));
	}

	private static DecimalType millis(Double value) {
		return value == null ? null : new DecimalType(Math.round(value * 10) / 10.0);
	}
}
