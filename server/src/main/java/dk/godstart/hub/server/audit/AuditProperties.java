package dk.godstart.hub.server.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.audit.*}: how audit records become AuditEvent resources.
 *
 * @param publishInterval how often each node looks for records to publish
 * @param batchSize records published per transaction
 */
@ConfigurationProperties("godstart.audit")
public record AuditProperties(@DefaultValue("500ms") Duration publishInterval, @DefaultValue("200") int batchSize) {}
