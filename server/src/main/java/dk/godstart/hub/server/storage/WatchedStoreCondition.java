package dk.godstart.hub.server.storage;

import dk.godstart.hub.server.database.NoExternalDatabaseCondition;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * True when the hub knows the directory of its store's data: the embedded default (no {@code spring.datasource.url})
 * or a {@code godstart.storage.path} set by the operator.
 */
class WatchedStoreCondition implements Condition {

	private static final Condition EMBEDDED_DEFAULT = new NoExternalDatabaseCondition();

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StringUtils.hasText(context.getEnvironment().getProperty("godstart.storage.path"))
				|| EMBEDDED_DEFAULT.matches(context, metadata);
	}
}
