package dk.godstart.hub.server.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How HAPI's JPA layer stores resources.
 *
 * @param allowExternalReferences accept references to resources on other servers (absolute URLs)
 * @param expungeEnabled allow {@code $expunge}, which erases history for good
 * @param reuseCachedSearchResultsMillis how long an identical search may be answered from cached results; 0 to
 *     always search afresh (the hub's readers expect to see a write at once)
 */
@ConfigurationProperties("godstart.fhir.storage")
public record FhirStorageProperties(
		@DefaultValue("false") boolean allowExternalReferences,
		@DefaultValue("false") boolean expungeEnabled,
		@DefaultValue("0") long reuseCachedSearchResultsMillis) {}
