package dk.godstart.hub.routes.routing;

import java.util.List;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** Who is told about one event: the sender, the woman it is about, what it is about, and a decision per recipient. */
public record RoutingPlan(Organization sender, Patient subject, List<Resource> about, List<RoutingDecision> decisions) {}
