package dk.godstart.hub.profiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the command-line entry points (build step, validate CLI): HAPI's validator logs every step at DEBUG, and
 * without a configuration logback prints all of it. Inside the server, Spring Boot configures logging instead.
 */
public final class QuietLogging {

	private QuietLogging() {}

	public static void apply() {
		Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
		if (root instanceof ch.qos.logback.classic.Logger logback) {
			logback.setLevel(ch.qos.logback.classic.Level.WARN);
			// HAPI's own R4 definitions carry an element its parser does not know; nothing the user can act on
			((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ca.uhn.fhir.parser.LenientErrorHandler"))
					.setLevel(ch.qos.logback.classic.Level.ERROR);
		}
	}
}
