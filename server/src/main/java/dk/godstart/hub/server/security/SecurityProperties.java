package dk.godstart.hub.server.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code godstart.security.*}: who may call the hub and how. Tokens come from an external issuer when
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or {@code jwk-set-uri}) is set; otherwise the hub
 * issues them itself to the {@link #demoClients() demo clients}.
 *
 * @param organisationClaim the token claim naming the caller's organisation as {@code system|value}
 * @param tokenLifetime how long a token from the hub's own issuer is valid
 * @param demoClients the clients of the hub's own issuer (embedded default only; set in {@code application-demo.yaml},
 *     the {@code demo} profile)
 * @param maxRequestSize larger request bodies are refused with 413
 * @param corsAllowedOrigins browser origins allowed to call the hub; empty = CORS off
 * @param organisationCacheTtl how long the organisations a token's organisation claim covers are remembered
 * @param externalTokenEndpoint the external issuer's token endpoint, announced to clients (CapabilityStatement,
 *     {@code /fhir/.well-known/smart-configuration}); empty = the hub's own {@code /oauth2/token}
 */
@ConfigurationProperties("godstart.security")
public record SecurityProperties(
		@DefaultValue("organization") String organisationClaim,
		@DefaultValue("1h") Duration tokenLifetime,
		@DefaultValue List<DemoClient> demoClients,
		@DefaultValue("10MB") DataSize maxRequestSize,
		@DefaultValue List<String> corsAllowedOrigins,
		@DefaultValue("") String externalTokenEndpoint,
		@DefaultValue("10s") Duration organisationCacheTtl) {

	/**
	 * A client of the hub's own issuer.
	 *
	 * @param id client id (HTTP Basic user name at the token endpoint)
	 * @param secret client secret
	 * @param organisation the organisation it acts for, {@code system|value}; empty for clients that act for none
	 * @param scopes what it may do
	 * @param description who it stands for, shown in the start-up log
	 */
	public record DemoClient(String id, String secret, String organisation, List<String> scopes, String description) {}
}
