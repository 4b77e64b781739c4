package dk.godstart.hub.server.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** True while no external token issuer is configured: the hub then issues tokens itself, to its demo clients. */
public class NoExternalIssuerCondition implements Condition {

	static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
	static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return noExternalIssuer(context.getEnvironment());
	}

	/** Whether {@code properties} name no external issuer (neither its issuer URI nor its key set). */
	public static boolean noExternalIssuer(PropertyResolver properties) {
		return !StringUtils.hasText(properties.getProperty(ISSUER_URI))
				&& !StringUtils.hasText(properties.getProperty(JWK_SET_URI));
	}
}
