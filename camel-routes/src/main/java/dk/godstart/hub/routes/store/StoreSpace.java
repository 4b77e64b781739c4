package dk.godstart.hub.routes.store;

import java.util.Optional;

/**
 * Asked by every entry point that stores what a sender gives it (the FHIR API, the ADT feed) before it stores: may it
 * write now? The host application answers it from the free space of the store's disk, so that writes are refused
 * (507, {@code AE}) while there is still room for PostgreSQL's own write-ahead log, instead of PostgreSQL stopping
 * when its disk is full. A refusal is {@link StoreFailure#FULL}, answered as PostgreSQL's own "disk full" is.
 */
@FunctionalInterface
public interface StoreSpace {

	/** Takes every write: no disk is watched (camel-routes' default, and an external database without a path). */
	StoreSpace NONE = entryPoint -> Optional.empty();

	/**
	 * Empty while the store takes writes; otherwise why it does not. Each refusal is counted under
	 * {@code entryPoint} ({@code fhir}, {@code mllp}), so ask only for a write that is about to be made.
	 */
	Optional<StoreFailure> refusal(String entryPoint);

	/** A write refused by a {@link StoreSpace} before it reached the store; {@link StoreFailure#of} reads it. */
	final class Refused extends RuntimeException {

		private final StoreFailure failure;

		public Refused(StoreFailure failure) {
			super(failure.description(), null, false, false);
			this.failure = failure;
		}

		public StoreFailure failure() {
			return failure;
		}
	}
}
