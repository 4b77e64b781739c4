package dk.godstart.hub.server.conformance;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The implementation guide inside the server.
 *
 * @param installGuide store the guide's conformance resources (StructureDefinitions, CodeSystems, ValueSets,
 *     SearchParameters) in the server at start-up, from the package in the jar
 * @param validateOnWrite reject creates and updates that break the guide with 422 and an OperationOutcome
 * @param requiredProfiles resource type to the profile every stored resource of that type must meet, whether or
 *     not it claims it; resources of other types are checked against the guide's profiles they claim
 * @param warmUp validate the guide's examples at start-up, so the first real request is as fast as later ones
 */
@ConfigurationProperties("godstart.conformance")
public record ConformanceProperties(
		@DefaultValue("true") boolean installGuide,
		@DefaultValue("true") boolean validateOnWrite,
		Map<String, String> requiredProfiles,
		@DefaultValue("true") boolean warmUp) {

	public ConformanceProperties {
		requiredProfiles = requiredProfiles == null ? Map.of() : Map.copyOf(requiredProfiles);
	}
}
