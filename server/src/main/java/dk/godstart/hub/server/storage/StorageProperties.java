package dk.godstart.hub.server.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The free-space guard of the store's disk ({@link FreeSpaceGuard}).
 *
 * @param path the directory whose file system holds the store's data; empty for the embedded data directory on the
 *     embedded default and nothing watched with an external database (an operator may name its mounted volume)
 * @param minFreeSpace below this much usable space writes are refused (507, {@code AE}); reads, the audit records
 *     of reads, and the routes' own bookkeeping use what is left. 0 turns the guard off
 * @param checkInterval how long one reading of the free space is trusted before it is read again
 */
@ConfigurationProperties("godstart.storage")
public record StorageProperties(
		@DefaultValue("") String path,
		@DefaultValue("512MB") DataSize minFreeSpace,
		@DefaultValue("1s") Duration checkInterval) {}
