package dk.godstart.hub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The hospitals' HL7 v2 feed ({@code $hl7v2-feed}): messages stored per sending facility and hour, and the messages
 * refused with the text the hub answered them with (ERR), so that a silent hospital or one sending what the hub cannot
 * take is seen.
 */
@Controller
@RequestMapping("/console")
public class Hl7v2FeedController {

	private final ConsoleOperator operators;

	public Hl7v2FeedController(ConsoleOperator operators) {
		this.operators = operators;
	}

	@GetMapping("/hl7v2")
	public String feed(@RegisteredOAuth2AuthorizedClient OAuth2AuthorizedClient client,
			@RequestParam(defaultValue = "24") int hours, Model model) {
		IGenericClient hub = operators.api(client, model);
		if (hours < 1 || hours > 24 * 14) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "hours must be between 1 and 336");
		}
		Parameters in = new Parameters();
		in.addParameter().setName("hours").setValue(new IntegerType(hours));
		Parameters answer = hub.operation().onServer().named("$hl7v2-feed").withParameters(in).useHttpGet().execute();
		List<Map<String, String>> perHour = new ArrayList<>();
		List<Map<String, String>> refused = new ArrayList<>();
		Map<String, Long> perFacility = new TreeMap<>();
		for (Parameters.ParametersParameterComponent row : answer.getParameter()) {
			Map<String, String> parts = ConsoleOperator.parts(row);
			if ("hour".equals(row.getName())) {
				perHour.add(0, parts); // newest first
				perFacility.merge(parts.get("sendingFacility"), Long.parseLong(parts.get("messages")), Long::sum);
			} else {
				refused.add(parts);
			}
		}
		model.addAttribute("hours", hours);
		model.addAttribute("perHour", perHour);
		model.addAttribute("perFacility", perFacility);
		model.addAttribute("refused", refused);
		return "console/hl7v2";
	}
}
