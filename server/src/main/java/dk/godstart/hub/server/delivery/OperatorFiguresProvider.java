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
 * {@code $hl7v2-feed} (the hospitals' ADT messages per facility and hour, and the refused ones with their ERR text).
 * The operators' console draws its pages from them; any operator tool may call them. No patient data in any of them.
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
