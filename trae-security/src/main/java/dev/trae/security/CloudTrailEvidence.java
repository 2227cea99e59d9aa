package dev.trae.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * Evidence from CloudTrail (management events of the last 90 days): who used a KMS key or read a
 * secret, for an audit or an incident. A thin, paged wrapper over {@code LookupEvents} with typed
 * results; CloudTrail allows one lookup attribute per query and about two calls per second, which the
 * config's resilience policy (rate limiter, retry on throttling) handles.
 *
 * <pre>{@code
 * try (CloudTrailEvidence trail = CloudTrailEvidence.create(config)) {
 *     List<CloudTrailEvidence.Event> uses = trail.byResource(keyArn, Instant.now().minus(Duration.ofDays(7)), Instant.now(), 500);
 * }
 * }</pre>
 */
public final class CloudTrailEvidence implements AutoCloseable {
    /** One CloudTrail event, with its raw JSON record. */
    public record Event(String eventId, String eventName, String eventSource, Instant eventTime, String username,
                        List<String> resources, String rawJson) {
        /** The {@code requestID} field of the raw record, if present. */
        public Optional<String> requestId() {
            int i = rawJson == null ? -1 : rawJson.indexOf("\"requestID\":\"");
            if (i < 0) {
                return Optional.empty();
            }
            int start = i + 13;
            int end = rawJson.indexOf('"', start);
            return end > start ? Optional.of(rawJson.substring(start, end)) : Optional.empty();
        }
    }

    private final ServiceClient<CloudTrailClient> client;

    private CloudTrailEvidence(TraeConfig config) {
        this.client = AwsClients.of(config).service(Services.CLOUDTRAIL, CloudTrailClient::builder);
    }

    public static CloudTrailEvidence create(TraeConfig config) {
        return new CloudTrailEvidence(Objects.requireNonNull(config, "config"));
    }

    /** Events that touched a resource (a key ARN, a secret ARN or name). */
    public List<Event> byResource(String resourceName, Instant from, Instant to, int max) {
        return lookup(LookupAttributeKey.RESOURCE_NAME, resourceName, from, to, max);
    }

    /** Events from one service, e.g. {@code kms.amazonaws.com}. */
    public List<Event> byEventSource(String eventSource, Instant from, Instant to, int max) {
        return lookup(LookupAttributeKey.EVENT_SOURCE, eventSource, from, to, max);
    }

    /** Events of one API name, e.g. {@code Decrypt} or {@code GetSecretValue}. */
    public List<Event> byEventName(String eventName, Instant from, Instant to, int max) {
        return lookup(LookupAttributeKey.EVENT_NAME, eventName, from, to, max);
    }

    /** Events by one IAM user or role session name. */
    public List<Event> byUsername(String username, Instant from, Instant to, int max) {
        return lookup(LookupAttributeKey.USERNAME, username, from, to, max);
    }

    private List<Event> lookup(LookupAttributeKey key, String value, Instant from, Instant to, int max) {
        if (value == null || value.isBlank() || value.length() > 2000) {
            throw new TraeValidationException("value", "lookup value must be 1-2000 characters");
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new TraeValidationException("from", "must not be after 'to'");
        }
        if (max < 1 || max > 100_000) {
            throw new TraeValidationException("max", "must be between 1 and 100000");
        }
        List<Event> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            int page = Math.min(50, max - out.size());
            LookupEventsResponse r = client.call("LookupEvents",
                    c -> c.lookupEvents(q -> q.lookupAttributes(LookupAttribute.builder().attributeKey(key).attributeValue(value).build())
                            .startTime(from).endTime(to).maxResults(page).nextToken(t)));
            r.events().forEach(e -> out.add(new Event(e.eventId(), e.eventName(), e.eventSource(), e.eventTime(), e.username(),
                    e.resources().stream().map(x -> x.resourceName()).toList(), e.cloudTrailEvent())));
            token = r.nextToken();
        } while (token != null && out.size() < max);
        return out.size() > max ? out.subList(0, max) : out;
    }

    @Override
    public void close() {
        client.close();
    }
}
