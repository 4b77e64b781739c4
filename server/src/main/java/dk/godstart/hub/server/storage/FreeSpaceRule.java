package dk.godstart.hub.server.storage;

import java.util.OptionalLong;

/**
 * Whether the store takes writes, given the usable space of its disk: only while at least {@code minFreeBytes} are
 * free, so that PostgreSQL never meets a full disk (it stops, and restarts only once there is room for its
 * write-ahead log again). A reading that could not be made takes writes: the guard must not stop a hub whose disk it
 * cannot see, and PostgreSQL's own "disk full" is still answered 507. A threshold of 0 takes every write.
 */
public record FreeSpaceRule(long minFreeBytes) {

	public FreeSpaceRule {
		if (minFreeBytes < 0) {
			throw new IllegalArgumentException("godstart.storage.min-free-space must not be negative");
		}
	}

	public boolean takesWrites(OptionalLong usableBytes) {
		return minFreeBytes == 0 || usableBytes.isEmpty() || usableBytes.getAsLong() >= minFreeBytes;
	}
}
