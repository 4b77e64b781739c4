package dk.godstart.hub.server.console;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operators' console ({@code godstart.console.*}).
 *
 * @param registrationId the OpenID Connect client registration the console signs in with: with an external issuer,
 *     {@code spring.security.oauth2.client.registration.<registrationId>} (the region's identity provider); with the
 *     hub's own issuer, the hub registers it itself
 * @param scopes what the console asks for at sign-in; an operator's token must carry {@code hub/operations}
 * @param pageSize rows per page
 * @param agreementHorizon how far ahead the agreements page looks for ends and reviews
 * @param refresh how often the live parts of a page (the receivers' table, the overview's figures) bring themselves
 *     up to date in the browser
 * @param demoUsers people who can sign in at the hub's own issuer (the demo profile only): each with a password,
 *     the scopes their tokens carry and the organisation they act for
 */
@ConfigurationProperties("godstart.console")
public record ConsoleProperties(
		@DefaultValue("hub") String registrationId,
		@DefaultValue({"openid", "hub/operations", "system/Communication.rs", "system/Contract.rs",
				"system/Organization.rs", "system/Endpoint.rs"}) List<String> scopes,
		@DefaultValue("20") int pageSize,
		@DefaultValue("90d") Duration agreementHorizon,
		@DefaultValue("15s") Duration refresh,
		@DefaultValue List<DemoUser> demoUsers) {

	/** A person who signs in at the hub's own issuer (demo profile). */
	public record DemoUser(String username, String password, String name, @DefaultValue("") String organisation,
			@DefaultValue List<String> scopes) {}
}
