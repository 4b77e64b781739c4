package dk.godstart.hub.routes.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The hub's connection pool as {@link StoreOutage} sees it: every connection asked for tells the outage whether the
 * store gave one, and while the store is away a connection is refused at once (SQLSTATE 08001, which every entry
 * point answers as the store being unavailable) instead of after the pool's {@code connection-timeout}. The outage's
 * looker asks the pool itself, once per probe interval. So a FHIR request, an ADT message or a health check meets an
 * outage in milliseconds, once it is known, and the first look that gets a connection ends it for everyone.
 */
public class StoreWatchingDataSource extends DelegatingDataSource {

	private final StoreOutage outage;

	public StoreWatchingDataSource(DataSource pool, StoreOutage outage) {
		super(pool);
		this.outage = outage;
		outage.lookWith(() -> {
			try (Connection connection = pool.getConnection()) {
				// the pool hands out only connections it has validated
			}
		});
	}

	@Override
	public Connection getConnection() throws SQLException {
		refuseWhileAway();
		try {
			Connection connection = super.getConnection();
			outage.reached();
			return connection;
		} catch (SQLException e) {
			outage.failed("a connection", e);
			throw e;
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		refuseWhileAway();
		try {
			Connection connection = super.getConnection(username, password);
			outage.reached();
			return connection;
		} catch (SQLException e) {
			outage.failed("a connection", e);
			throw e;
		}
	}

	private void refuseWhileAway() throws SQLTransientConnectionException {
		if (!outage.mayLook()) {
			throw new SQLTransientConnectionException("The store is unavailable (this node found it so and is looking for it);"
					+ " not waiting for a connection", "08001");
		}
	}
}
