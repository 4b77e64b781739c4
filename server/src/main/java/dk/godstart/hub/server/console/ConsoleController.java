package dk.godstart.hub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.godstart.hub.routes.delivery.ParkReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's pages. Each one asks the hub's API as the signed-in operator ({@link HubApi}); a sign-in whose token
 * does not carry {@code hub/operations} sees a refusal page (403), not data.
 */
@Controller
@RequestMapping("/console")
public class ConsoleController {

	/** Not a Communication status: the notifications whose delivery is past its agreement's deadline ({@code $overdue}). */
	static final String OVERDUE = "overdue";

	/** The notification states an operator filters by: the Communication status the hub keeps, and overdue. */
	static final Map<String, String> STATES = new LinkedHashMap<>();

	static {
		STATES.put("on-hold", "Parked (parkeret)");
		STATES.put("in-progress", "Retrying (forsøges igen)");
		STATES.put("preparation", "Waiting (venter)");
		STATES.put("completed", "Delivered (leveret)");
		STATES.put(OVERDUE, "Overdue: not delivered by the agreement's deadline (over fristen)");
	}

	/** Why a notification is parked or resent (the guide's park-reason codes), as the filter offers them. */
	static final Map<String, String> REASONS = new LinkedHashMap<>();

	static {
		for (ParkReason reason : ParkReason.values()) {
			REASONS.put(reason.code(), reason.display());
		}
	}

	private static boolean isReasonOrEmpty(String reason) {
		return reason.isEmpty() || REASONS.containsKey(reason);
	}

	/** The headline figures of the overview: the hub's gauges, read from its metrics. */
	static final Map<String, String> HEADLINES = new LinkedHashMap<>();

	static {
		HEADLINES.put("godstart_delivery_pending", "Deliveries queued or being retried");
		HEADLINES.put("godstart_delivery_unacknowledged", "Delivered, awaiting the receiver's acknowledgement");
		HEADLINES.put("godstart_delivery_overdue", "Overdue against their agreement's deadline");
		HEADLINES.put("godstart_outbox_backlog", "Events not yet routed");
		HEADLINES.put("godstart_outbox_failed", "Events whose routing gave up");
		HEADLINES.put("godstart_subscription_pending", "Subscription notifications queued");
	}

	private final ConsoleOperator operators;
	private final ConsoleProperties properties;
	private final Optional<EmbeddedConsoleSignIn> embedded;

	public ConsoleController(ConsoleOperator operators, ConsoleProperties properties,
			Optional<EmbeddedConsoleSignIn> embedded) {
		this.operators = operators;
		this.properties = properties;
		this.embedded = embedded;
	}

	/** The sign-in page of the hub's own issuer; with an external issuer, straight to it. */
	@GetMapping("/signin")
	public String signIn() {
		return embedded.isPresent() ? "console/signin"
				: "redirect:" + ConsoleSecurityConfig.AUTHORIZATION_BASE + "/" + properties.registrationId();
	}

	@GetMapping
	public String overview(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, Model model) {
		IGenericClient hub = operators.api(client, model);
		String token = client.getAccessToken().getTokenValue();
		// three calls to the API, asked at once
		var asked = operators.hub().meanwhile(() -> operators.hub().figures(token));
		var charts = operators.hub().meanwhile(() -> charts(hub));
		model.addAttribute("agreementsDue", AgreementsController.agreements(hub, properties, false).size());
		Map<String, Double> figures = HubApi.joined(asked);
		Map<String, Long> now = new LinkedHashMap<>();
		HEADLINES.forEach((metric, label) -> now.put(label, Math.round(figures.getOrDefault(metric, 0.0))));
		Map<String, Long> parked = new LinkedHashMap<>();
		figures.forEach((metric, value) -> {
			if (metric.startsWith("godstart_delivery_parked_total{") && value > 0) {
				parked.put(metric.replaceAll(".*reason=\"([^\"]*)\".*", "$1"), Math.round(value));
			}
		});
		model.addAttribute("now", now);
		model.addAttribute("parked", parked);
		model.addAttribute("states", STATES);
		model.addAttribute("charts", HubApi.joined(charts));
		model.addAttribute("horizonDays", properties.agreementHorizon().toDays());
		return "console/overview";
	}

	/** The last day's figures per hour ({@code $delivery-figures}) as the overview's charts. */
	private static List<Chart> charts(IGenericClient hub) {
		Parameters figures = hub.operation().onServer().named("$delivery-figures").withNoParameters(Parameters.class)
				.useHttpGet().execute();
		List<java.time.Instant> hours = new ArrayList<>();
		Map<String, List<Double>> series = new LinkedHashMap<>();
		for (String name : List.of("delivered", "parked", "latencyP95", "backlog")) {
			series.put(name, new ArrayList<>());
		}
		for (Parameters.ParametersParameterComponent hour : figures.getParameter()) {
			Map<String, Double> values = new LinkedHashMap<>();
			java.time.Instant start = null;
			for (Parameters.ParametersParameterComponent part : hour.getPart()) {
				if ("start".equals(part.getName())) {
					start = ((org.hl7.fhir.r4.model.InstantType) part.getValue()).getValue().toInstant();
				} else {
					values.put(part.getName(), Double.valueOf(part.getValue().primitiveValue()));
				}
			}
			hours.add(start);
			series.forEach((name, list) -> list.add(values.get(name)));
		}
		return List.of(Chart.of("Delivered per hour (leveret)", "notifications", hours, series.get("delivered")),
				Chart.of("Parked per hour (parkeret)", "notifications", hours, series.get("parked")),
				Chart.of("Latency p95, write to receiver", "ms", hours, series.get("latencyP95")),
				Chart.of("Backlog at the hour's end (kø)", "notifications", hours, series.get("backlog")));
	}

	@GetMapping("/notifications")
	public String notifications(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client,
			@RequestParam(defaultValue = "on-hold") String state, @RequestParam(defaultValue = "") String recipient,
			@RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "0") int page, Model model) {
		IGenericClient hub = operators.api(client, model);
		listed(hub, state, recipient, reason, page, model);
		return "console/notifications";
	}

	/** Re-drive the parked notifications of one page: the confirmation, naming each. */
	@GetMapping("/notifications/redeliver")
	public String confirmRedeliverPage(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client,
			@RequestParam(defaultValue = "") String recipient, @RequestParam(defaultValue = "") String reason,
			@RequestParam(defaultValue = "0") int page, Model model) {
		IGenericClient hub = operators.api(client, model);
		listed(hub, "on-hold", recipient, reason, page, model);
		return "console/redeliver-page";
	}

	/**
	 * The API's {@code $redeliver} for each of the notifications (at most a page), as the operator; what each came to is
	 * summed up on the list.
	 */
	@PostMapping("/notifications/redeliver")
	public String redeliverPage(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client,
			@RequestParam(name = "id", defaultValue = "") List<String> ids, @RequestParam(defaultValue = "") String recipient,
			@RequestParam(defaultValue = "") String reason, Model model, RedirectAttributes redirect) {
		IGenericClient hub = operators.api(client, model);
		if (ids.isEmpty() || ids.size() > properties.pageSize() || !ConsoleOperator.isIdOrEmpty(recipient)
				|| !isReasonOrEmpty(reason)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Between 1 and " + properties.pageSize()
					+ " notifications at a time");
		}
		int queued = 0;
		List<String> notQueued = new ArrayList<>();
		for (String id : ids) {
			try {
				OperationOutcome outcome = redeliver(hub, id);
				// the API says per recipient: information when queued, a warning when still parked and why
				if (outcome.getIssue().stream().anyMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.WARNING)) {
					notQueued.add(id + ": " + ConsoleOperator.diagnostics(outcome, ""));
				} else {
					queued++;
				}
			} catch (BaseServerResponseException refused) {
				notQueued.add(id + ": " + ConsoleOperator.refusal(refused));
			}
		}
		redirect.addFlashAttribute("message", queued + " of " + ids.size() + " sent to the delivery queue again.");
		if (!notQueued.isEmpty()) {
			redirect.addFlashAttribute("problem", notQueued.size() + " not queued: " + String.join(" · ", notQueued));
		}
		return "redirect:/console/notifications?state=on-hold" + (recipient.isEmpty() ? "" : "&recipient=" + recipient)
				+ (reason.isEmpty() ? "" : "&reason=" + reason);
	}

	/** The API's {@code $redeliver} of one notification, as the operator: per recipient, queued or why still parked. */
	private static OperationOutcome redeliver(IGenericClient hub, String id) {
		return hub.operation().onInstance("Communication/" + ConsoleOperator.checkedId(id)).named("$redeliver")
				.withNoParameters(Parameters.class).returnResourceType(OperationOutcome.class).execute();
	}

	/**
	 * One page of notifications in {@code state} (for {@code recipient}, and parked or resent for {@code reason}, if
	 * given), newest first, on the model.
	 */
	private void listed(IGenericClient hub, String state, String recipient, String reason, int page, Model model) {
		if (!STATES.containsKey(state) || page < 0 || page > 10_000 || !ConsoleOperator.isIdOrEmpty(recipient)
				|| !isReasonOrEmpty(reason)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown state, page, recipient or reason");
		}
		List<Communication> rows;
		if (OVERDUE.equals(state)) {
			rows = overdue(hub, recipient, page, model);
		} else {
			String query = "Communication?status=" + state + (recipient.isEmpty() ? "" : "&recipient=Organization/" + recipient)
					+ (reason.isEmpty() ? "" : "&status-reason=" + ParkReason.SYSTEM + "|" + reason)
					+ "&_sort=-_lastUpdated&_count=" + properties.pageSize() + "&_offset=" + page * properties.pageSize();
			rows = communications(hub.search().byUrl(query).returnBundle(Bundle.class).execute());
		}
		model.addAttribute("rows", rows);
		model.addAttribute("names", ConsoleOperator.names(hub, rows.stream().map(row -> row.getRecipientFirstRep().getReference()).toList()));
		model.addAttribute("state", state);
		model.addAttribute("states", STATES);
		model.addAttribute("recipient", recipient);
		model.addAttribute("reason", reason);
		model.addAttribute("reasons", REASONS);
		model.addAttribute("page", page);
		model.addAttribute("hasNext", rows.size() == properties.pageSize());
	}

	/**
	 * One page of the overdue deliveries ({@code $overdue}, longest overdue first; to {@code recipient}, if given) as their notifications, with when
	 * each was due ({@code due}) and how its delivery stands ({@code standing}) by notification id, on the model.
	 */
	private List<Communication> overdue(IGenericClient hub, String recipient, int page, Model model) {
		Parameters ask = new Parameters();
		if (!recipient.isEmpty()) {
			ask.addParameter().setName("recipient").setValue(new org.hl7.fhir.r4.model.StringType("Organization/" + recipient));
		}
		ask.addParameter().setName("_count").setValue(new org.hl7.fhir.r4.model.IntegerType(properties.pageSize()));
		ask.addParameter().setName("_offset").setValue(new org.hl7.fhir.r4.model.IntegerType(page * properties.pageSize()));
		Parameters answer = hub.operation().onServer().named("$overdue").withParameters(ask).useHttpGet().execute();
		Map<String, String> due = new LinkedHashMap<>();
		Map<String, String> standing = new LinkedHashMap<>();
		for (Parameters.ParametersParameterComponent row : answer.getParameter()) {
			Map<String, String> parts = ConsoleOperator.parts(row);
			String id = parts.get("notification").substring("Communication/".length());
			due.putIfAbsent(id, parts.get("due"));
			standing.putIfAbsent(id, "parked".equals(parts.get("state")) ? "parked: " + parts.get("parkReason")
					: "retrying, " + parts.get("tries") + " tries");
		}
		model.addAttribute("due", due);
		model.addAttribute("standing", standing);
		if (due.isEmpty()) {
			return List.of();
		}
		Map<String, Communication> byId = new LinkedHashMap<>();
		communications(hub.search().byUrl("Communication?_id=" + String.join(",", due.keySet()) + "&_count=" + due.size())
				.returnBundle(Bundle.class).execute()).forEach(c -> byId.put(c.getIdElement().getIdPart(), c));
		return due.keySet().stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
	}

	private static List<Communication> communications(Bundle found) {
		return found.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(Communication.class::isInstance).map(Communication.class::cast).toList();
	}

	@GetMapping("/notifications/{id}")
	public String notification(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			Model model) {
		IGenericClient hub = operators.api(client, model);
		notification(hub, id, model);
		model.addAttribute("deliveries", deliveries(hub, id));
		return "console/notification";
	}

	@GetMapping("/notifications/{id}/redeliver")
	public String confirmRedeliver(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			Model model) {
		notification(operators.api(client, model), id, model);
		return "console/redeliver";
	}

	/** The notification, read as the operator, with the names of its recipient and sender. */
	private static void notification(IGenericClient hub, String id, Model model) {
		Communication notification = hub.read().resource(Communication.class).withId(ConsoleOperator.checkedId(id)).execute();
		model.addAttribute("notification", notification);
		model.addAttribute("names", ConsoleOperator.names(hub, List.of(notification.getRecipientFirstRep().getReference(),
				String.valueOf(notification.getSender().getReference()))));
	}

	/** The API's own {@code $redeliver}, as the operator: its answer (or refusal) is shown on the notification. */
	@PostMapping("/notifications/{id}/redeliver")
	public String redeliver(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			Model model, RedirectAttributes redirect) {
		IGenericClient hub = operators.api(client, model);
		try {
			OperationOutcome outcome = redeliver(hub, id);
			redirect.addFlashAttribute("message", ConsoleOperator.diagnostics(outcome, "Sent to the delivery queue again."));
		} catch (BaseServerResponseException refused) {
			redirect.addFlashAttribute("problem", ConsoleOperator.refusal(refused));
		}
		return "redirect:/console/notifications/" + id;
	}

	private List<Map<String, Object>> deliveries(IGenericClient hub, String id) {
		Parameters status;
		try {
			status = hub.operation().onInstance("Communication/" + id).named("$delivery-status")
					.withNoParameters(Parameters.class).useHttpGet().execute();
		} catch (BaseServerResponseException none) {
			return List.of(); // no delivery (parked before one was made: no agreement, no legal basis, no endpoint)
		}
		List<Map<String, Object>> deliveries = new ArrayList<>();
		for (Parameters.ParametersParameterComponent delivery : status.getParameter()) {
			Map<String, Object> parts = new LinkedHashMap<>();
			for (Parameters.ParametersParameterComponent part : delivery.getPart()) {
				if (part.hasResource()) {
					parts.put(part.getName(), part.getResource() instanceof OperationOutcome outcome
							? ConsoleOperator.diagnostics(outcome, "(no diagnostics)") : describe(part.getResource()));
				} else if (part.getValue() != null) {
					parts.put(part.getName(), ConsoleOperator.text(part.getValue()));
				}
			}
			deliveries.add(parts);
		}
		return deliveries;
	}

	private static String describe(Resource resource) {
		if (resource instanceof Bundle bundle && bundle.getEntryFirstRep().getResource() instanceof org.hl7.fhir.r4.model.MessageHeader header
				&& header.hasResponse()) {
			return "acknowledgement " + header.getResponse().getCode().toCode() + " of message " + header.getResponse().getIdentifier();
		}
		return resource.fhirType();
	}
}
