package dk.godstart.hub.routes.queue;

import java.time.Duration;

/**
 * A claim on queued rows: which node holds them ({@code owner}) and for how long. Every outcome a worker writes is
 * guarded by its owner, so a node whose lease ran out cannot overwrite what the node that took over decided.
 */
public record Lease(String owner, Duration duration) {}
