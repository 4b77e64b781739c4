package dk.godstart.hub.routes.subscriptions;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * What a subscriber is sent for an event, in the form its subscription asked for.
 * <ul>
 * <li>Classic R4 criteria: a rest-hook without payload gets a {@code POST} without body (go and search); with
 * payload the endpoint is a FHIR base and gets the resource by {@code PUT [endpoint]/[type]/[id]} (a delete by
 * {@code DELETE}); a websocket gets {@code ping <subscription id>}.</li>
 * <li>Topic-based (Subscriptions R5 Backport on R4): a notification {@code Bundle} of type history whose first entry
 * is the subscription status ({@code Parameters}) and, unless the payload content is {@code empty}, an entry for the
 * focus with its full URL and, for {@code full-resource}, the resource; POSTed to a rest-hook, sent as text to a
 * websocket.</li>
 * </ul>
 */
public class SubscriptionNotifications {

	public static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
	public static final String PAYLOAD_CONTENT = BACKPORT + "backport-payload-content";
	public static final String FILTER_CRITERIA = BACKPORT + "backport-filter-criteria";
	public static final String STATUS_PROFILE = BACKPORT + "backport-subscription-status-r4";
	public static final String BACKPORT_SUBSCRIPTION = BACKPORT + "backport-subscription";
	public static final String HEARTBEAT_PERIOD = BACKPORT + "backport-heartbeat-period";

	private final FhirContext fhirContext;
	private final String hubBaseUrl;
	private final Clock clock;

	public SubscriptionNotifications(FhirContext fhirContext, String hubBaseUrl, Clock clock) {
		this.fhirContext = fhirContext;
		this.hubBaseUrl = hubBaseUrl.endsWith("/") ? hubBaseUrl.substring(0, hubBaseUrl.length() - 1) : hubBaseUrl;
		this.clock = clock;
	}

	public static boolean isTopicBased(Subscription subscription) {
		return HubTopic.byCanonical(subscription.getCriteria()).isPresent();
	}

	/** {@code empty}, {@code id-only} or {@code full-resource} for a topic-based subscription (id-only when unsaid). */
	public static String payloadContent(Subscription subscription) {
		Extension content = subscription.getChannel().getPayloadElement().getExtensionByUrl(PAYLOAD_CONTENT);
		return content != null && content.getValue() != null ? content.getValue().primitiveValue() : "id-only";
	}

	/** The rest-hook request for an event. */
	public Notification restHook(Subscription subscription, SubscriptionEvent event, Optional<IBaseResource> focus) {
		String endpoint = subscription.getChannel().getEndpoint();
		List<String> headers = headers(subscription);
		if (isTopicBased(subscription)) {
			return new Notification("POST", endpoint, headers, mimeType(subscription),
					encode(notificationBundle(subscription, event, focus)));
		}
		if (!subscription.getChannel().hasPayload()) {
			return new Notification("POST", endpoint, headers, null, null);
		}
		String url = stripSlash(endpoint) + "/" + event.focusType() + "/" + event.focusId();
		if ("delete".equals(event.interaction()) || focus.isEmpty()) {
			return new Notification("DELETE", url, headers, null, null);
		}
		return new Notification("PUT", url, headers, mimeType(subscription), encode(focus.get()));
	}

	/** The text a websocket bound to the subscription gets for an event. */
	public String websocket(Subscription subscription, SubscriptionEvent event, Optional<IBaseResource> focus) {
		if (isTopicBased(subscription)) {
			return encode(notificationBundle(subscription, event, focus));
		}
		return "ping " + subscription.getIdElement().getIdPart();
	}

	/**
	 * The request that checks a new rest-hook subscription: the backport handshake for a topic-based one, an
	 * empty notification ({@code POST}, no body) for one without payload, and {@code GET [endpoint]/metadata} for a
	 * FHIR base that will receive resources.
	 */
	public Notification probe(Subscription subscription) {
		String endpoint = subscription.getChannel().getEndpoint();
		List<String> headers = headers(subscription);
		if (isTopicBased(subscription)) {
			return new Notification("POST", endpoint, headers, mimeType(subscription),
					encode(statusBundle(subscription, "handshake", 0)));
		}
		if (!subscription.getChannel().hasPayload()) {
			return new Notification("POST", endpoint, headers, null, null);
		}
		return new Notification("GET", stripSlash(endpoint) + "/metadata", headers, null, null);
	}

	/** A heartbeat for a topic-based rest-hook subscription: its status bundle of type {@code heartbeat}. */
	public Notification heartbeat(Subscription subscription, long eventsSinceStart) {
		return new Notification("POST", subscription.getChannel().getEndpoint(), headers(subscription),
				mimeType(subscription), encode(statusBundle(subscription, "heartbeat", eventsSinceStart)));
	}

	/** The backport status of a subscription ({@code $status}), as a {@code Parameters}. */
	public Parameters status(Subscription subscription, String type, long eventsSinceStart) {
		Parameters status = new Parameters();
		status.getMeta().addProfile(STATUS_PROFILE);
		status.addParameter().setName("subscription")
				.setValue(new Reference(hubBaseUrl + "/Subscription/" + subscription.getIdElement().getIdPart()));
		if (isTopicBased(subscription)) {
			status.addParameter().setName("topic").setValue(new CanonicalType(subscription.getCriteria()));
		}
		status.addParameter().setName("status").setValue(new CodeType(subscription.hasStatus()
				? subscription.getStatus().toCode() : "requested"));
		status.addParameter().setName("type").setValue(new CodeType(type));
		status.addParameter().setName("events-since-subscription-start").setValue(new StringType(String.valueOf(eventsSinceStart)));
		return status;
	}

	private Bundle notificationBundle(Subscription subscription, SubscriptionEvent event, Optional<IBaseResource> focus) {
		return eventsBundle(subscription, "event-notification", event.eventNumber(), List.of(event), ignored -> focus,
				payloadContent(subscription));
	}

	/**
	 * The backport's {@code $events} answer: the subscription's status of type {@code query-event} and the events
	 * asked for, their focus as {@code content} says ({@code empty}, {@code id-only} or {@code full-resource}).
	 */
	public Bundle events(Subscription subscription, long eventsSinceStart, List<SubscriptionEvent> events,
			java.util.function.Function<SubscriptionEvent, Optional<IBaseResource>> focus, String content) {
		return eventsBundle(subscription, "query-event", eventsSinceStart, events, focus, content);
	}

	private Bundle eventsBundle(Subscription subscription, String type, long eventsSinceStart,
			List<SubscriptionEvent> events, java.util.function.Function<SubscriptionEvent, Optional<IBaseResource>> focus,
			String content) {
		Bundle bundle = statusBundle(subscription, type, eventsSinceStart);
		Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
		for (SubscriptionEvent event : events) {
			Parameters.ParametersParameterComponent notificationEvent = status.addParameter().setName("notification-event");
			notificationEvent.addPart().setName("event-number").setValue(new StringType(String.valueOf(event.eventNumber())));
			notificationEvent.addPart().setName("timestamp").setValue(new InstantType(Date.from(event.createdAt())));
			if ("empty".equals(content)) {
				continue;
			}
			String fullUrl = hubBaseUrl + "/" + event.focus();
			notificationEvent.addPart().setName("focus").setValue(new Reference(fullUrl));
			Bundle.BundleEntryComponent focusEntry = bundle.addEntry().setFullUrl(fullUrl);
			if ("full-resource".equals(content) && !"delete".equals(event.interaction())) {
				focus.apply(event).ifPresent(resource -> focusEntry.setResource((Resource) resource));
			}
			switch (event.interaction()) {
				case "create" -> {
					focusEntry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(event.focusType());
					focusEntry.getResponse().setStatus("201");
				}
				case "delete" -> {
					focusEntry.getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(event.focus());
					focusEntry.getResponse().setStatus("204");
				}
				default -> {
					focusEntry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(event.focus());
					focusEntry.getResponse().setStatus("200");
				}
			}
		}
		return bundle;
	}

	private Bundle statusBundle(Subscription subscription, String type, long eventsSinceStart) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY);
		bundle.setTimestamp(Date.from(clock.instant()));
		Bundle.BundleEntryComponent statusEntry = bundle.addEntry().setResource(status(subscription, type, eventsSinceStart));
		statusEntry.getRequest().setMethod(Bundle.HTTPVerb.GET)
				.setUrl("Subscription/" + subscription.getIdElement().getIdPart() + "/$status");
		statusEntry.getResponse().setStatus("200");
		return bundle;
	}

	private static List<String> headers(Subscription subscription) {
		return subscription.getChannel().getHeader().stream().map(header -> header.getValue()).toList();
	}

	private static String mimeType(Subscription subscription) {
		String payload = subscription.getChannel().getPayload();
		return payload == null || payload.isBlank() ? "application/fhir+json" : payload;
	}

	private String encode(IBaseResource resource) {
		return fhirContext.newJsonParser().encodeResourceToString(resource);
	}

	private static String stripSlash(String endpoint) {
		return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
	}
}
