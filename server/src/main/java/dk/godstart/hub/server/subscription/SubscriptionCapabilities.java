package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dk.godstart.hub.routes.subscriptions.HubTopic;
import dk.godstart.hub.server.fhir.FhirRestfulServerConfig.HubServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.UrlType;

/**
 * Tells clients in the CapabilityStatement where the websocket is (the R4 {@code capabilitystatement-websocket}
 * extension) and which subscription topics the hub offers (the backport's {@code capabilitystatement-subscriptiontopic-canonical}).
 */
@Interceptor
public class SubscriptionCapabilities implements HubServerInterceptor {

	static final String WEBSOCKET = "http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket";
	static final String TOPIC = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical";

	private final String websocketPath;

	public SubscriptionCapabilities(String websocketPath) {
		this.websocketPath = websocketPath;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void describe(IBaseConformance capabilities, RequestDetails request) {
		if (!(capabilities instanceof CapabilityStatement statement)) {
			return;
		}
		String base = request.getFhirServerBase();
		String origin = base.replaceFirst("^http", "ws").replaceFirst("(//[^/]+).*$", "$1");
		for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
			rest.addExtension(WEBSOCKET, new UrlType(origin + websocketPath));
			rest.getResource().stream().filter(resource -> "Subscription".equals(resource.getType())).forEach(resource -> {
				for (HubTopic topic : HubTopic.values()) {
					resource.addExtension(TOPIC, new CanonicalType(topic.canonical()));
				}
			});
		}
	}
}
