package dk.godstart.hub.routes.cluster;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's cluster service on the hub's own PostgreSQL, so that {@code master:<namespace>:...} routes (the retention
 * sweep, the registry pull) run on one node at a time with nothing else to operate. Each namespace is a session-level
 * advisory lock held on one connection of this node: the node holding it leads that namespace; the others try again
 * every {@code checkInterval}. Leadership ends when the node stops or its connection breaks (the database frees the
 * lock as the session ends), and another node takes over at its next try. Camel's cluster SPI has ZooKeeper, Consul,
 * Kubernetes, JGroups and file-lock services; none on a relational database, which is all a hub deployment has.
 */
public class PostgresClusterService extends AbstractCamelClusterService<PostgresClusterService.LockView> {

	private static final Logger log = LoggerFactory.getLogger(PostgresClusterService.class);

	private final DataSource dataSource;
	private final Duration checkInterval;
	private Connection connection;
	private long session;

	public PostgresClusterService(String nodeId, DataSource dataSource, Duration checkInterval) {
		super(nodeId);
		this.dataSource = dataSource;
		this.checkInterval = checkInterval;
	}

	@Override
	protected LockView createView(String namespace) {
		return new LockView(namespace);
	}

	/** The advisory-lock key of a namespace: stable across nodes and restarts. */
	static long lockKey(String namespace) {
		CRC32 crc = new CRC32();
		crc.update(("godstart-cluster:" + namespace).getBytes(StandardCharsets.UTF_8));
		return crc.getValue();
	}

	/** Takes the lock; the session that holds it (to check later that it still does), or -1 when not taken. */
	private synchronized long tryLock(long key) {
		try {
			if (connection == null || !connection.isValid(2)) {
				closeQuietly();
				connection = dataSource.getConnection();
				connection.setAutoCommit(true);
				session++;
			}
			try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
				statement.setLong(1, key);
				try (ResultSet result = statement.executeQuery()) {
					return result.next() && result.getBoolean(1) ? session : -1;
				}
			}
		} catch (SQLException e) {
			log.debug("Could not reach the database for cluster lock {}: {}", key, e.getMessage());
			closeQuietly();
			return -1;
		}
	}

	/**
	 * True while the session that took a lock is alive, and so still holds it; a session opened since (after the
	 * first broke) holds none of the old locks.
	 */
	private synchronized boolean holds(long lockSession) {
		try {
			return connection != null && session == lockSession && connection.isValid(2);
		} catch (SQLException e) {
			return false;
		}
	}

	private synchronized void unlock(long key) {
		if (connection == null) {
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
			statement.setLong(1, key);
			statement.execute();
		} catch (SQLException e) {
			closeQuietly();
		}
	}

	private synchronized void closeQuietly() {
		if (connection != null) {
			try {
				connection.close();
			} catch (SQLException ignored) {
				// the session is gone either way, and with it the locks
			}
			connection = null;
		}
	}

	@Override
	protected void doStop() throws Exception {
		super.doStop();
		closeQuietly();
	}

	/** One namespace: leader while this node holds its lock. */
	final class LockView extends AbstractCamelClusterView {

		private final long key;
		private final Member local = new Member();
		private volatile boolean leader;
		private long lockSession = -1;
		private ScheduledExecutorService executor;
		private ScheduledFuture<?> task;

		LockView(String namespace) {
			super(PostgresClusterService.this, namespace);
			this.key = lockKey(namespace);
		}

		@Override
		protected void doStart() {
			executor = getCamelContext().getExecutorServiceManager()
					.newSingleThreadScheduledExecutor(this, "cluster-" + getNamespace());
			task = executor.scheduleWithFixedDelay(this::check, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
		}

		@Override
		protected void doStop() {
			if (task != null) {
				task.cancel(true);
			}
			if (executor != null) {
				getCamelContext().getExecutorServiceManager().shutdownNow(executor);
			}
			if (leader) {
				leader = false;
				unlock(key);
				fireLeadershipChangedEvent((CamelClusterMember) null);
			}
		}

		private void check() {
			if (leader) {
				if (!holds(lockSession)) {
					leader = false;
					log.warn("Lost the lead of {}: the database session holding its lock ended", getNamespace());
					fireLeadershipChangedEvent((CamelClusterMember) null);
				}
			} else if ((lockSession = tryLock(key)) >= 0) {
				leader = true;
				log.info("This node now leads {}", getNamespace());
				fireLeadershipChangedEvent(local);
			}
		}

		@Override
		public Optional<CamelClusterMember> getLeader() {
			return leader ? Optional.of(local) : Optional.empty();
		}

		@Override
		public CamelClusterMember getLocalMember() {
			return local;
		}

		@Override
		public List<CamelClusterMember> getMembers() {
			return List.of(local);
		}

		private final class Member implements CamelClusterMember {
			@Override
			public boolean isLeader() {
				return leader;
			}

			@Override
			public boolean isLocal() {
				return true;
			}

			@Override
			public String getId() {
				return PostgresClusterService.this.getId();
			}
		}
	}
}
