package dk.godstart.hub.server.adt;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code godstart.postnatal.*}: the first-time mothers' postnatal rule. A mother discharged less than 24 hours after
 * the birth is owed a home visit, due {@code visitWithin} after her discharge. Documented in application.yaml.
 */
@ConfigurationProperties("godstart.postnatal")
public record PostnatalProperties(@DefaultValue("48h") Duration visitWithin) {}
