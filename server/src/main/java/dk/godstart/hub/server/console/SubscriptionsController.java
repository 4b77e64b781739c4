package dk.godstart.hub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Subscription;
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
 * The subscribers' subscriptions: status, error, what is queued and set aside for each, when it last got something
 * (each from {@code Subscription/<id>/$status}); and setting one back to {@code requested} once its subscriber's
 * endpoint is fixed, which has the hub check the endpoint again and deliver what it kept.
 */
@Controller
@RequestMapping("/console")
public class SubscriptionsController {

	private final ConsoleOperator operators;
	private final ConsoleProperties properties;

	public SubscriptionsController(ConsoleOperator operators, ConsoleProperties properties) {
		this.operators = operators;
		this.properties = properties;
	}

	/** One subscription and its standing. */
	public record SubscriptionRow(Subscription subscription, Map<String, String> status) {}

	@GetMapping("/subscriptions")
	public String subscriptions(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client,
			@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "0") int page, Model model) {
		IGenericClient hub = operators.api(client, model);
		if (!status.matches("|requested|active|error|off") || page < 0 || page > 10_000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown status or page");
		}
		Bundle found = hub.search().byUrl("Subscription?" + (status.isEmpty() ? "" : "status=" + status + "&")
				+ "_sort=-_lastUpdated&_count=" + properties.pageSize() + "&_offset=" + page * properties.pageSize())
				.returnBundle(Bundle.class).execute();
		List<SubscriptionRow> rows = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : found.getEntry()) {
			if (entry.getResource() instanceof Subscription subscription) {
				rows.add(new SubscriptionRow(subscription, status(hub, subscription.getIdElement().getIdPart())));
			}
		}
		model.addAttribute("rows", rows);
		model.addAttribute("status", status);
		model.addAttribute("page", page);
		model.addAttribute("hasNext", rows.size() == properties.pageSize());
		return "console/subscriptions";
	}

	@GetMapping("/subscriptions/{id}/requested")
	public String confirmRequested(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			Model model) {
		IGenericClient hub = operators.api(client, model);
		model.addAttribute("subscription", hub.read().resource(Subscription.class).withId(ConsoleOperator.checkedId(id)).execute());
		return "console/subscription-requested";
	}

	@PostMapping("/subscriptions/{id}/requested")
	public String requested(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			Model model, RedirectAttributes redirect) {
		IGenericClient hub = operators.api(client, model);
		Subscription subscription = hub.read().resource(Subscription.class).withId(ConsoleOperator.checkedId(id)).execute();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		try {
			Subscription stored = (Subscription) hub.update().resource(subscription).execute().getResource();
			String now = stored == null ? "requested"
					: hub.read().resource(Subscription.class).withId(id).execute().getStatus().toCode();
			redirect.addFlashAttribute("message", "Subscription/" + id + " was set back to requested; the hub checked its "
					+ "endpoint and it is now " + now + ".");
		} catch (BaseServerResponseException refused) {
			redirect.addFlashAttribute("problem", ConsoleOperator.refusal(refused));
		}
		return "redirect:/console/subscriptions";
	}

	private static Map<String, String> status(IGenericClient hub, String id) {
		Map<String, String> figures = new LinkedHashMap<>();
		try {
			Bundle answer = hub.operation().onInstance("Subscription/" + id).named("$status")
					.withNoParameters(Parameters.class).returnResourceType(Bundle.class).useHttpGet().execute();
			Parameters status = answer.getEntryFirstRep().getResource() instanceof Parameters parameters ? parameters
					: new Parameters();
			for (Parameters.ParametersParameterComponent parameter : status.getParameter()) {
				if (parameter.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept concept) {
					figures.put(parameter.getName(), concept.getText());
				} else if (parameter.getValue() != null) {
					figures.put(parameter.getName(), parameter.getValue().primitiveValue());
				}
			}
		} catch (BaseServerResponseException unavailable) {
			figures.put("hub-last-delivery-error", "status not available: " + unavailable.getStatusCode());
		}
		return figures;
	}
}
