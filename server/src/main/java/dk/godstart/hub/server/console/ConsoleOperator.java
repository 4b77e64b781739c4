package dk.godstart.hub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dk.godstart.hub.server.security.CallerInterceptor;
import dk.godstart.hub.server.security.HubCaller;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in person as every console page meets them: the hub's API as that person, once their token is seen to
 * allow hub operations, and the pages' answers to a refusal (403 for a sign-in without {@code hub/operations}; the
 * API's own status and OperationOutcome text for anything the API refused).
 */
public class ConsoleOperator {

	private final HubApi api;
	private final JwtDecoder tokens;
	private final CallerInterceptor callers;

	public ConsoleOperator(HubApi api, JwtDecoder tokens, CallerInterceptor callers) {
		this.api = api;
		this.tokens = tokens;
		this.callers = callers;
	}

	/** The hub's API as the signed-in person, once the person's token is seen to allow hub operations. */
	IGenericClient api(OAuth2AuthorizedClient client, Model model) {
		String token = client.getAccessToken().getTokenValue();
		HubCaller caller;
		Jwt jwt;
		try {
			jwt = tokens.decode(token);
			caller = callers.callerOf(jwt);
		} catch (JwtException e) {
			throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The sign-in's token is not valid any more");
		}
		String person = Optional.ofNullable(jwt.getClaimAsString("name")).orElse(client.getPrincipalName());
		model.addAttribute("person", person);
		if (!caller.isOperator()) {
			throw new NotAnOperator(person);
		}
		return api.as(token);
	}

	/** The hub's API at large (its metrics), as the person. */
	HubApi hub() {
		return api;
	}

	/**
	 * The parts of one parameter of an operation's answer ({@code $receivers}, {@code $hl7v2-feed},
	 * {@code $delivery-status}) as text by name: a reference as {@code Type/id}, a coding as {@code code (display)}, any
	 * other value as its primitive value. Parts that carry a resource are left to the caller.
	 */
	static java.util.Map<String, String> parts(org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent parameter) {
		java.util.Map<String, String> parts = new java.util.LinkedHashMap<>();
		for (org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent part : parameter.getPart()) {
			if (part.getValue() != null) {
				parts.put(part.getName(), text(part.getValue()));
			}
		}
		return parts;
	}

	/** One value of an operation's answer as text: see {@link #parts}. */
	static String text(org.hl7.fhir.r4.model.Type value) {
		if (value instanceof org.hl7.fhir.r4.model.Reference reference) {
			return reference.getReference();
		}
		if (value instanceof org.hl7.fhir.r4.model.Coding coding) {
			return coding.getCode() + (coding.hasDisplay() ? " (" + coding.getDisplay() + ")" : "");
		}
		return value.primitiveValue();
	}

	/** The names of the organisations {@code references} ({@code Organization/<id>}) name, in one search. */
	static java.util.Map<String, String> names(IGenericClient hub, java.util.List<String> references) {
		java.util.List<String> ids = references.stream().filter(r -> r != null && r.startsWith("Organization/") && ID.matcher(r.substring("Organization/".length())).matches())
				.map(r -> r.substring("Organization/".length())).distinct().toList();
		java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
		if (ids.isEmpty()) {
			return names;
		}
		org.hl7.fhir.r4.model.Bundle found = hub.search().byUrl("Organization?_id=" + String.join(",", ids) + "&_elements=name&_count=" + ids.size())
				.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute();
		for (org.hl7.fhir.r4.model.Bundle.BundleEntryComponent entry : found.getEntry()) {
			if (entry.getResource() instanceof org.hl7.fhir.r4.model.Organization organisation && organisation.hasName()) {
				names.put("Organization/" + organisation.getIdElement().getIdPart(), organisation.getName());
			}
		}
		return names;
	}

	/** The OperationOutcome's diagnostics, one sentence per issue, or {@code otherwise}. */
	static String diagnostics(IBaseOperationOutcome outcome, String otherwise) {
		if (outcome instanceof OperationOutcome r4 && r4.hasIssue()) {
			return String.join("; ", r4.getIssue().stream()
					.map(issue -> issue.hasDiagnostics() ? issue.getDiagnostics() : issue.getCode().toCode()).toList());
		}
		return otherwise;
	}

	/** What the API's refusal of an action says, for the page the operator returns to. */
	static String refusal(BaseServerResponseException refused) {
		return refused.getStatusCode() + ": " + diagnostics(refused.getOperationOutcome(), refused.getMessage());
	}

	/** What a FHIR id may be (R4: letters, digits, '-' and '.', at most 64). */
	private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	/** Whether {@code value} is empty (no filter) or an id. */
	static boolean isIdOrEmpty(String value) {
		return value.isEmpty() || ID.matcher(value).matches();
	}

	/** An id from an address, as the API's ids are; anything else is not found. */
	static String checkedId(String id) {
		if (id == null || !ID.matcher(id).matches()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return id;
	}

	/** A sign-in whose token does not carry hub/operations. */
	@ResponseStatus(HttpStatus.FORBIDDEN)
	static class NotAnOperator extends RuntimeException {
		final String person;

		NotAnOperator(String person) {
			super(person + " is signed in, but the sign-in does not allow hub operations (hub/operations)");
			this.person = person;
		}
	}

	/** How every console page answers a refusal. */
	@ControllerAdvice(basePackageClasses = ConsoleOperator.class)
	static class Refusals {

		@ExceptionHandler(NotAnOperator.class)
		@ResponseStatus(HttpStatus.FORBIDDEN)
		public String refused(NotAnOperator refused, Model model) {
			model.addAttribute("person", refused.person);
			return "console/refused";
		}

		@ExceptionHandler(BaseServerResponseException.class)
		public String apiRefused(BaseServerResponseException refused, Model model,
				jakarta.servlet.http.HttpServletResponse response) {
			response.setStatus(refused.getStatusCode());
			model.addAttribute("status", refused.getStatusCode());
			model.addAttribute("problem", diagnostics(refused.getOperationOutcome(), refused.getMessage()));
			return "console/problem";
		}
	}

	/** What every console page's template is given besides its own model. */
	@ControllerAdvice(basePackageClasses = ConsoleOperator.class)
	static class PageSettings {

		private final String refreshEvery;

		PageSettings(ConsoleProperties properties) {
			this.refreshEvery = "every " + properties.refresh().toMillis() + "ms";
		}

		/** The htmx trigger of a page's live parts. */
		@ModelAttribute("refreshEvery")
		String refreshEvery() {
			return refreshEvery;
		}
	}
}
