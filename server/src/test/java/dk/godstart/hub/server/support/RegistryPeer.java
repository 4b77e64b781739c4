package dk.godstart.hub.server.support;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The residential treatment registry's FHIR endpoint on a loopback port: answers its place search
 * ({@code GET /fhir/HealthcareService?...}) with the places and units it currently holds, and records every query.
 */
public final class RegistryPeer extends LoopbackHttpPeer {

	private final FhirContext fhirContext;
	private final List<Resource> holdings = new CopyOnWriteArrayList<>();
	private final List<String> queries = new CopyOnWriteArrayList<>();

	public RegistryPeer(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port() + "/fhir";
	}

	/** What the registry lists from now on: places (HealthcareService) and their units (Organization). */
	public void holds(List<? extends Resource> resources) {
		holdings.clear();
		holdings.addAll(resources);
	}

	public List<String> queries() {
		return List.copyOf(queries);
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			queries.add(exchange.getRequestURI().toString());
			if (!"GET".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/HealthcareService")) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			Bundle answer = new Bundle().setType(Bundle.BundleType.SEARCHSET);
			for (Resource resource : holdings) {
				answer.addEntry().setFullUrl(baseUrl() + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
						.setResource(resource).getSearch().setMode(resource.fhirType().equals("HealthcareService")
								? Bundle.SearchEntryMode.MATCH : Bundle.SearchEntryMode.INCLUDE);
			}
			byte[] body = fhirContext.newJsonParser().encodeResourceToString(answer).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}
}
