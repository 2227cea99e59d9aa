package dev.trae.testkit.aws.cloudtrail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;

/**
 * Trae Local fake of CloudTrail {@code LookupEvents} (AWS JSON 1.1): events added with
 * {@link #addEvent}, filtered by one lookup attribute and the time window, newest first, paged with
 * {@code NextToken}. Thread-safe.
 */
public final class CloudTrailFake implements FakeService {
    private record Ev(String id, String name, String source, Instant time, String user, String resource, String requestId) {
    }

    private final List<Ev> events = new ArrayList<>();

    // LookupEvents request checks: member types and the LookupAttributeKey / EventCategory enums from the SDK model;
    // MaxResults 1..50 and the operation's own error codes (InvalidMaxResultsException, InvalidLookupAttributesException,
    // InvalidEventCategoryException) from https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
    private static final dev.trae.testkit.wire.RequestCheck LOOKUP = dev.trae.testkit.wire.SdkModelCheck.ifPresent(
            "software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest",
            c -> c.range("MaxResults", 1, 50).errorCode("MaxResults", "InvalidMaxResultsException")
                    .errorCode("LookupAttributes", "InvalidLookupAttributesException").errorCode("EventCategory", "InvalidEventCategoryException"));

    @Override
    public void install(FakeAwsServer server) {
        server.json("LookupEvents", this::lookup);
        server.validate("LookupEvents", LOOKUP);
    }

    /** Records an event; returns its id. */
    public synchronized String addEvent(String eventName, String eventSource, Instant time, String username, String resourceName) {
        String id = UUID.randomUUID().toString();
        events.add(new Ev(id, eventName, eventSource, time, username, resourceName, UUID.randomUUID().toString()));
        return id;
    }

    private synchronized FakeResponse lookup(FakeRequest req) {
        JsonNode in = req.json();
        JsonNode attrs = in.path("LookupAttributes");
        if (attrs.size() > 1) {
            return FakeResponse.error(400, "InvalidLookupAttributesException", "You can specify only one lookup attribute.");
        }
        String key = attrs.size() == 1 ? attrs.get(0).path("AttributeKey").asText() : null;
        String value = attrs.size() == 1 ? attrs.get(0).path("AttributeValue").asText() : null;
        double start = in.path("StartTime").asDouble(0);
        double end = in.path("EndTime").asDouble(Double.MAX_VALUE);
        int max = Math.min(50, in.path("MaxResults").asInt(50));
        int from = in.hasNonNull("NextToken") ? Integer.parseInt(in.get("NextToken").asText()) : 0;
        List<Ev> match = new ArrayList<>();
        for (Ev e : events) {
            double t = e.time().toEpochMilli() / 1000.0;
            if (t < start || t > end) {
                continue;
            }
            boolean ok = key == null
                    || ("ResourceName".equals(key) && value.equals(e.resource()))
                    || ("EventSource".equals(key) && value.equals(e.source()))
                    || ("EventName".equals(key) && value.equals(e.name()))
                    || ("Username".equals(key) && value.equals(e.user()));
            if (ok) {
                match.add(e);
            }
        }
        match.sort((a, b) -> b.time().compareTo(a.time()));
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("Events");
        int to = Math.min(match.size(), from + max);
        for (int i = from; i < to; i++) {
            Ev e = match.get(i);
            ObjectNode raw = Json.object().put("eventVersion", "1.08").put("eventID", e.id()).put("eventName", e.name())
                    .put("eventSource", e.source()).put("requestID", e.requestId());
            ObjectNode o = arr.addObject();
            o.put("EventId", e.id()).put("EventName", e.name()).put("EventSource", e.source())
                    .put("EventTime", e.time().toEpochMilli() / 1000.0).put("Username", e.user())
                    .put("CloudTrailEvent", raw.toString());
            o.putArray("Resources").addObject().put("ResourceType", "AWS::KMS::Key").put("ResourceName", e.resource());
        }
        if (to < match.size()) {
            out.put("NextToken", Integer.toString(to));
        }
        return FakeResponse.json(out);
    }
}
