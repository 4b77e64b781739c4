package dk.godstart.hub.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.OperationOutcomeUtil;
import dk.godstart.hub.routes.delivery.SendResult;
import dk.godstart.hub.routes.subscriptions.HubTopic;
import dk.godstart.hub.routes.subscriptions.RestHookSender;
import dk.godstart.hub.routes.subscriptions.SubscriptionNotifications;
import dk.godstart.hub.server.conformance.HubOwnWrites;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;

/**
 * What a subscriber's Subscription must be before it is stored, and the check of its endpoint. A subscription the hub
 * cannot serve is refused (422, every problem listed): a channel other than rest-hook or websocket, criteria that are
 * not a search on a resource type or cannot be matched as writes happen (chains, {@code _has}, ...), a topic the hub
 * does not offer or a filter the topic does not allow, a payload other than FHIR JSON, a rest-hook endpoint that is
 * not an http(s) URL, or a header that is not {@code Name: value}. Whose organisation the criteria may be about is
 * the access policy's concern (checked before this).
 * <p>
 * A rest-hook subscription that passes is checked by calling its endpoint the way notifications will
 * ({@link SubscriptionNotifications#probe}): it is stored {@code active} when the endpoint answered, and
 * {@code error} with the reason in {@code Subscription.error} when not; the subscriber fixes it and sets the status
 * to {@code requested} again. A websocket subscription is active at once. A subscriber may store it {@code off}.
 * The hub's own status changes are not checked again.
 */
@Interceptor
public class SubscriptionRules {

	private static final Set<String> PAYLOADS = Set.of("application/fhir+json", "application/json");
	private static final Set<String> PAYLOAD_CONTENTS = Set.of("empty", "id-only", "full-resource");
	private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "content-type", "expect",
			"host", "upgrade", "transfer-encoding");

	private final FhirContext fhirContext;
	private final InMemoryResourceMatcher matcher;
	private final SubscriptionNotifications notifications;
	private final RestHookSender checker;
	private final boolean allowLoopbackHttp;

	public SubscriptionRules(FhirContext fhirContext, InMemoryResourceMatcher matcher,
			SubscriptionNotifications notifications, RestHookSender checker, boolean allowLoopbackHttp) {
		this.allowLoopbackHttp = allowLoopbackHttp;
		this.fhirContext = fhirContext;
		this.matcher = matcher;
		this.notifications = notifications;
		this.checker = checker;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void creating(IBaseResource resource, RequestDetails request) {
		review(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		review(resource, request);
	}

	private void review(IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof Subscription subscription) || HubOwnWrites.isHubOwnWrite(request)) {
			return;
		}
		List<String> problems = problems(subscription);
		if (!problems.isEmpty()) {
			IBaseOperationOutcome outcome = OperationOutcomeUtil.newInstance(fhirContext);
			for (String problem : problems) {
				OperationOutcomeUtil.addIssue(fhirContext, outcome, "error", problem, "Subscription", "not-supported");
			}
			throw new UnprocessableEntityException("The hub cannot serve this subscription: " + String.join(" ", problems),
					outcome);
		}
		if (subscription.getStatus() == Subscription.SubscriptionStatus.OFF) {
			return;
		}
		subscription.setError(null);
		if (subscription.getChannel().getType() == Subscription.SubscriptionChannelType.WEBSOCKET) {
			subscription.setStatus(Subscription.SubscriptionStatus.ACTIVE);
			return;
		}
		SendResult result = checker.check(notifications.probe(subscription));
		if (result.kind() == SendResult.Kind.DELIVERED) {
			subscription.setStatus(Subscription.SubscriptionStatus.ACTIVE);
		} else {
			subscription.setStatus(Subscription.SubscriptionStatus.ERROR);
			subscription.setError("The endpoint did not accept the hub's check: " + result.problem()
					+ ". Nothing is sent until it does: fix it and set the status to requested.");
		}
	}

	List<String> problems(Subscription subscription) {
		List<String> problems = new ArrayList<>();
		Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
		Subscription.SubscriptionChannelType type = channel.getType();
		if (type != Subscription.SubscriptionChannelType.RESTHOOK && type != Subscription.SubscriptionChannelType.WEBSOCKET) {
			problems.add("Subscription.channel.type must be rest-hook or websocket, not " + (type == null ? "missing" : type.toCode()) + ".");
		}
		problems.addAll(criteriaProblems(subscription));
		if (subscription.getChannel().hasExtension(SubscriptionNotifications.HEARTBEAT_PERIOD)) {
			Integer heartbeat = SubscriptionCriteria.heartbeatSeconds(subscription);
			if (heartbeat == null || heartbeat < 1) {
				problems.add("The heartbeat period (backport-heartbeat-period) must be a whole number of seconds, 1 or more.");
			} else if (!SubscriptionNotifications.isTopicBased(subscription)
					|| subscription.getChannel().getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
				problems.add("Heartbeats are sent to topic-based rest-hook subscriptions only.");
			}
		}
		if (subscription.hasEnd() && subscription.getStatus() != Subscription.SubscriptionStatus.OFF
				&& !subscription.getEnd().after(new java.util.Date())) {
			problems.add("Subscription.end (" + subscription.getEndElement().getValueAsString() + ") has passed: the "
					+ "subscription would never be served. Give a later end, or none.");
		}
		if (channel.hasPayload() && !PAYLOADS.contains(channel.getPayload().toLowerCase(Locale.ROOT))) {
			problems.add("Subscription.channel.payload must be application/fhir+json or absent (notify without content), not "
					+ channel.getPayload() + ".");
		}
		if (SubscriptionNotifications.isTopicBased(subscription)
				&& !PAYLOAD_CONTENTS.contains(SubscriptionNotifications.payloadContent(subscription))) {
			problems.add("The payload content must be empty, id-only or full-resource.");
		}
		if (type == Subscription.SubscriptionChannelType.RESTHOOK) {
			problems.addAll(endpointProblems(channel));
		}
		return problems;
	}

	private List<String> criteriaProblems(Subscription subscription) {
		String criteria = subscription.getCriteria();
		if (criteria == null || criteria.isBlank()) {
			return List.of("Subscription.criteria is required, e.g. Communication?recipient=Organization/<your id>.");
		}
		SubscriptionCriteria what = SubscriptionCriteria.of(subscription);
		List<String> problems = new ArrayList<>();
		if (what.topic().isPresent()) {
			HubTopic topic = what.topic().get();
			if (what.parameters().isEmpty()) {
				problems.add("A subscription to " + topic.canonical() + " needs a filter (backport-filter-criteria), e.g. "
						+ topic.filters().get(0) + "=Organization/<your id>.");
			}
			for (String parameter : what.parameters().split("&")) {
				String name = parameter.split("[=:]", 2)[0];
				if (!name.isEmpty() && !topic.filters().contains(name)) {
					problems.add("The topic " + topic.canonical() + " can be filtered by " + String.join(" or ",
							topic.filters()) + ", not " + name + ".");
				}
			}
		} else if (criteria.startsWith("http://") || criteria.startsWith("https://")) {
			return List.of("The hub offers no topic " + criteria + "; its topics are " + Arrays.stream(HubTopic.values())
					.map(HubTopic::canonical).toList() + ".");
		} else if (!criteria.contains("?") || !fhirContext.getResourceTypes().contains(what.resourceType())) {
			return List.of("Subscription.criteria must be a search on a resource type, e.g. "
					+ "Communication?recipient=Organization/<your id>, not " + criteria + ".");
		}
		if (problems.isEmpty()) {
			InMemoryMatchResult evaluable;
			try {
				evaluable = matcher.canBeEvaluatedInMemory(what.search());
			} catch (RuntimeException e) {
				return List.of("The criteria " + what.search() + " cannot be read: " + e.getMessage());
			}
			if (!evaluable.supported()) {
				problems.add("The criteria " + what.search() + " cannot be matched as resources are written ("
						+ evaluable.getUnsupportedReason() + "); use plain search parameters without chains.");
			}
		}
		return problems;
	}

	/**
	 * The hub calls whatever a subscriber names, with the subscriber's headers: only {@code https://} then, so
	 * notifications about women are encrypted on the way, and so a subscriber cannot point the hub at plain-HTTP
	 * services beside it. Plain http to a loopback address only where {@code allow-loopback-http} is set (a
	 * developer's machine, the test suite, the benchmarks).
	 */
	private List<String> endpointProblems(Subscription.SubscriptionChannelComponent channel) {
		List<String> problems = new ArrayList<>();
		String endpoint = channel.getEndpoint();
		try {
			URI uri = endpoint == null ? null : URI.create(endpoint);
			if (uri == null || uri.getHost() == null
					|| !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
				problems.add("A rest-hook needs Subscription.channel.endpoint, an absolute https URL.");
			} else if ("http".equals(uri.getScheme()) && !(allowLoopbackHttp && isLoopback(uri.getHost()))) {
				problems.add("Subscription.channel.endpoint must be https://, not " + endpoint + ".");
			} else if (uri.getUserInfo() != null) {
				problems.add("Subscription.channel.endpoint must not carry credentials; send them in a channel.header.");
			}
		} catch (IllegalArgumentException e) {
			problems.add("Subscription.channel.endpoint is not a URL: " + endpoint + ".");
		}
		for (var header : channel.getHeader()) {
			String value = header.getValue();
			int colon = value == null ? -1 : value.indexOf(':');
			if (colon <= 0 || !value.substring(0, colon).trim().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
				problems.add("Each Subscription.channel.header must read 'Name: value', not '" + value + "'.");
			} else if (RESTRICTED_HEADERS.contains(value.substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
				problems.add("The header " + value.substring(0, colon).trim() + " is set by the hub itself.");
			}
		}
		return problems;
	}

	private static boolean isLoopback(String host) {
		String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		return "localhost".equalsIgnoreCase(bare) || bare.startsWith("127.") || "::1".equals(bare);
	}
}
