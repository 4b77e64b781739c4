package dk.godstart.hub.routes;

/**
 * Where camel-routes keeps the migrations of the tables it writes (outbox, deliveries, subscriptions' queue, inbound
 * and ADT messages, pseudonym key, registry state) and the Flyway history they are recorded in. The server keeps its
 * own tables' migrations apart, in a history of its own, so that each module numbers its migrations without looking
 * at the other's; the server runs both, this module's first.
 */
public final class RoutesSchema {

	/** Migrations of this module's tables, and only of them. */
	public static final String LOCATION = "classpath:db/godstart";
	/**
	 * Their history. It is the one history both modules shared until the server moved its migrations (V6, V7, V15)
	 * out; it keeps its name so that existing databases go on from where they are.
	 */
	public static final String HISTORY_TABLE = "godstart_schema_history";

	private RoutesSchema() {}
}
