package dk.godstart.hub.routes.queue;

/** A row of a leased queue as its worker holds it: its id and how many times it has been claimed, this one included. */
public interface QueuedWork {

	long id();

	int attempts();
}
