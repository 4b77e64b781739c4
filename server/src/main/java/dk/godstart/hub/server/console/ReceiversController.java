package dk.godstart.hub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The receivers and the directory: each endpoint's health (from {@code $receivers}) beside the Endpoint and the
 * organisations it serves; pausing and resuming an endpoint (its status {@code suspended}/{@code active}), correcting
 * its address, and adding an endpoint to an organisation, each confirmed first and written through the API as the
 * operator (so audited as any write).
 */
@Controller
@RequestMapping("/console")
public class ReceiversController {

	private static final int DIRECTORY_PAGE = 500;

	private final ConsoleOperator operators;

	public ReceiversController(ConsoleOperator operators) {
		this.operators = operators;
	}

	/** One endpoint as the receivers page shows it: the Endpoint, who it serves and how its deliveries stand. */
	public record ReceiverRow(Endpoint endpoint, List<String> organisations, Map<String, String> health, String standing) {}

	@GetMapping("/receivers")
	public String receivers(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, Model model) {
		IGenericClient hub = operators.api(client, model);
		Map<String, Map<String, String>> health = health(hub);
		Directory directory = directory(hub);
		List<ReceiverRow> rows = new ArrayList<>();
		for (Endpoint endpoint : directory.endpoints()) {
			Map<String, String> figures = health.getOrDefault(endpoint.getAddress(), Map.of());
			rows.add(new ReceiverRow(endpoint, directory.servedBy().getOrDefault(endpoint.getIdElement().getIdPart(), List.of()),
					figures, standing(endpoint, figures)));
		}
		rows.sort((a, b) -> Integer.compare(rank(a.standing()), rank(b.standing())));
		model.addAttribute("rows", rows);
		return "console/receivers";
	}

	@GetMapping("/directory")
	public String directory(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, Model model) {
		IGenericClient hub = operators.api(client, model);
		Directory directory = directory(hub);
		Map<String, Endpoint> endpoints = new LinkedHashMap<>();
		directory.endpoints().forEach(endpoint -> endpoints.put("Endpoint/" + endpoint.getIdElement().getIdPart(), endpoint));
		model.addAttribute("organisations", directory.organisations());
		model.addAttribute("endpoints", endpoints);
		return "console/directory";
	}

	/** Pause or resume: the confirmation. */
	@GetMapping("/endpoints/{id}/{action:pause|resume}")
	public String confirmPause(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			@PathVariable String action, Model model) {
		IGenericClient hub = operators.api(client, model);
		model.addAttribute("endpoint", endpoint(hub, id));
		model.addAttribute("action", action);
		return "console/endpoint-pause";
	}

	@PostMapping("/endpoints/{id}/{action:pause|resume}")
	public String pause(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			@PathVariable String action, Model model, RedirectAttributes redirect) {
		IGenericClient hub = operators.api(client, model);
		Endpoint endpoint = endpoint(hub, id);
		endpoint.setStatus("pause".equals(action) ? Endpoint.EndpointStatus.SUSPENDED : Endpoint.EndpointStatus.ACTIVE);
		write(hub, endpoint, redirect, "pause".equals(action)
				? endpoint.getName() + " is paused: its deliveries wait in the queue, in order, until it is resumed."
				: endpoint.getName() + " is resumed: its queued deliveries go out now, in order.");
		return "redirect:/console/receivers";
	}

	/** Correct the address: the form, and (with {@code address}) the confirmation of the change. */
	@GetMapping("/endpoints/{id}/address")
	public String editAddress(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			@RequestParam(required = false) String address, Model model) {
		IGenericClient hub = operators.api(client, model);
		Endpoint endpoint = endpoint(hub, id);
		model.addAttribute("endpoint", endpoint);
		checkAddress(address, model);
		return "console/endpoint-address";
	}

	@PostMapping("/endpoints/{id}/address")
	public String changeAddress(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			@RequestParam String address, Model model, RedirectAttributes redirect) {
		IGenericClient hub = operators.api(client, model);
		Endpoint endpoint = endpoint(hub, id);
		String problem = addressProblem(address);
		if (problem != null) {
			redirect.addFlashAttribute("problem", problem);
			return "redirect:/console/receivers";
		}
		String before = endpoint.getAddress();
		endpoint.setAddress(address.trim());
		write(hub, endpoint, redirect, endpoint.getName() + " now takes its messages at " + endpoint.getAddress()
				+ " (was " + before + "); deliveries queued for the old address follow it.");
		return "redirect:/console/receivers";
	}

	/** Add an endpoint to an organisation: the form, and (with {@code address}) the confirmation. */
	@GetMapping("/organisations/{id}/endpoint")
	public String newEndpoint(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			@RequestParam(required = false) String address, Model model) {
		IGenericClient hub = operators.api(client, model);
		model.addAttribute("organisation", hub.read().resource(Organization.class).withId(ConsoleOperator.checkedId(id)).execute());
		checkAddress(address, model);
		return "console/endpoint-new";
	}

	@PostMapping("/organisations/{id}/endpoint")
	public String addEndpoint(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client, @PathVariable String id,
			@RequestParam String address, Model model, RedirectAttributes redirect) {
		IGenericClient hub = operators.api(client, model);
		Organization organisation = hub.read().resource(Organization.class).withId(ConsoleOperator.checkedId(id)).execute();
		String problem = addressProblem(address);
		if (problem != null) {
			redirect.addFlashAttribute("problem", problem);
			return "redirect:/console/directory";
		}
		Endpoint endpoint = new Endpoint();
		endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
		endpoint.setName(organisation.getName() + " (FHIR messaging)");
		endpoint.getConnectionType().setSystem("http://terminology.hl7.org/CodeSystem/endpoint-connection-type")
				.setCode("hl7-fhir-msg");
		endpoint.addPayloadType().setText("Any of the hub's events");
		endpoint.setManagingOrganization(new Reference("Organization/" + organisation.getIdElement().getIdPart()));
		endpoint.setAddress(address.trim());
		try {
			String created = hub.create().resource(endpoint).execute().getId().toUnqualifiedVersionless().getValue();
			organisation.addEndpoint(new Reference(created));
			hub.update().resource(organisation).execute();
			redirect.addFlashAttribute("message", organisation.getName() + " takes its messages at " + endpoint.getAddress()
					+ " (" + created + ").");
		} catch (BaseServerResponseException refused) {
			redirect.addFlashAttribute("problem", ConsoleOperator.refusal(refused));
		}
		return "redirect:/console/directory";
	}

	/** The form's check of a new address: its problem, or that it is ready to be confirmed. */
	private static void checkAddress(String address, Model model) {
		if (address != null) {
			String problem = addressProblem(address);
			model.addAttribute("address", address);
			model.addAttribute("problem", problem);
			model.addAttribute("confirm", problem == null);
		}
	}

	/** Why {@code address} cannot be a receiver's address, or null: an absolute http(s) URL without credentials. */
	static String addressProblem(String address) {
		try {
			URI uri = new URI(address == null ? "" : address.trim());
			if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
				return "The address must be an http or https URL with a host, e.g. https://case.example.dk/fhir/$process-message.";
			}
			if (uri.getUserInfo() != null) {
				return "The address must not carry a user name or password.";
			}
			if (address.trim().length() > 1000) {
				return "The address is longer than 1000 characters.";
			}
			return null;
		} catch (java.net.URISyntaxException e) {
			return "Not a URL: " + e.getReason() + ".";
		}
	}

	private static void write(IGenericClient hub, Endpoint endpoint, RedirectAttributes redirect, String done) {
		try {
			hub.update().resource(endpoint).execute();
			redirect.addFlashAttribute("message", done);
		} catch (BaseServerResponseException refused) {
			redirect.addFlashAttribute("problem", ConsoleOperator.refusal(refused));
		}
	}

	private static Endpoint endpoint(IGenericClient hub, String id) {
		return hub.read().resource(Endpoint.class).withId(ConsoleOperator.checkedId(id)).execute();
	}

	/** The directory as the operator reads it: organisations, endpoints, and which organisations each endpoint serves. */
	record Directory(List<Organization> organisations, List<Endpoint> endpoints, Map<String, List<String>> servedBy) {}

	private static Directory directory(IGenericClient hub) {
		List<Organization> organisations = all(hub, "Organization?_count=" + DIRECTORY_PAGE + "&_sort=name", Organization.class);
		List<Endpoint> endpoints = all(hub, "Endpoint?_count=" + DIRECTORY_PAGE + "&_sort=name", Endpoint.class);
		Map<String, List<String>> servedBy = new LinkedHashMap<>();
		for (Organization organisation : organisations) {
			for (Reference endpoint : organisation.getEndpoint()) {
				servedBy.computeIfAbsent(endpoint.getReferenceElement().getIdPart(), k -> new ArrayList<>())
						.add(organisation.getName());
			}
		}
		return new Directory(organisations, endpoints, servedBy);
	}

	private static <T extends org.hl7.fhir.r4.model.Resource> List<T> all(IGenericClient hub, String query, Class<T> type) {
		List<T> found = new ArrayList<>();
		Bundle page = hub.search().byUrl(query).returnBundle(Bundle.class).execute();
		while (page != null) {
			page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast)
					.forEach(found::add);
			page = page.getLink(Bundle.LINK_NEXT) == null ? null : hub.loadPage().next(page).execute();
		}
		return found;
	}

	/** {@code $receivers} by address: each figure as text. */
	private static Map<String, Map<String, String>> health(IGenericClient hub) {
		Parameters answer = hub.operation().onServer().named("$receivers").withNoParameters(Parameters.class).useHttpGet()
				.execute();
		Map<String, Map<String, String>> byAddress = new LinkedHashMap<>();
		for (Parameters.ParametersParameterComponent receiver : answer.getParameter()) {
			Map<String, String> figures = ConsoleOperator.parts(receiver);
			byAddress.put(figures.get("address"), figures);
		}
		return byAddress;
	}

	/** Where an endpoint stands, worst first: failing, paused, receiving, idle. */
	static String standing(Endpoint endpoint, Map<String, String> figures) {
		if (endpoint.getStatus() == Endpoint.EndpointStatus.SUSPENDED || "true".equals(figures.get("paused"))) {
			return "paused";
		}
		if (endpoint.getStatus() != Endpoint.EndpointStatus.ACTIVE) {
			return "off";
		}
		if (figures.containsKey("failingSince")) {
			return "failing";
		}
		return figures.containsKey("lastDelivered") ? "receiving" : "idle";
	}

	private static int rank(String standing) {
		return switch (standing) {
			case "failing" -> 0;
			case "paused" -> 1;
			case "off" -> 2;
			case "receiving" -> 3;
			default -> 4;
		};
	}
}
