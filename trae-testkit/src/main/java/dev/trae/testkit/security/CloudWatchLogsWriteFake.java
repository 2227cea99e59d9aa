package dev.trae.testkit.security;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.trae.testkit.FakeAwsServer;
import dev.trae.testkit.FakeRequest;
import dev.trae.testkit.FakeResponse;
import dev.trae.testkit.FakeService;
import dev.trae.testkit.Json;
import dev.trae.testkit.training.CloudWatchLogsFake;

/**
 * Adds the write side of CloudWatch Logs ({@code CreateLogGroup}, {@code CreateLogStream},
 * {@code PutLogEvents}) to the read-only {@link CloudWatchLogsFake}, so audit events shipped to
 * CloudWatch Logs can be read back with {@link #lines(String, String)}. Thread-safe.
 */
public final class CloudWatchLogsWriteFake implements FakeService {
    private final CloudWatchLogsFake reads = new CloudWatchLogsFake();
    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    private final Set<String> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> batches = new ConcurrentHashMap<>();

    @Override
    public void install(FakeAwsServer server) {
        reads.install(server);
        server.json("CreateLogGroup", this::createGroup);
        server.json("CreateLogStream", this::createStream);
        server.json("PutLogEvents", this::putEvents);
    }

    /** The messages of one stream so far. */
    public java.util.List<String> lines(String group, String stream) {
        return reads.lines(group, stream);
    }

    private FakeResponse createGroup(FakeRequest req) {
        String g = req.json().path("logGroupName").asText("");
        if (!groups.add(g)) {
            return FakeResponse.error(400, "ResourceAlreadyExistsException", "The specified log group already exists");
        }
        return FakeResponse.json(Json.object());
    }

    private FakeResponse createStream(FakeRequest req) {
        String g = req.json().path("logGroupName").asText("");
        String s = req.json().path("logStreamName").asText("");
        if (!groups.contains(g)) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        if (!streams.add(g + "\u0000" + s)) {
            return FakeResponse.error(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
        }
        return FakeResponse.json(Json.object());
    }

    private FakeResponse putEvents(FakeRequest req) {
        String g = req.json().path("logGroupName").asText("");
        String s = req.json().path("logStreamName").asText("");
        if (!streams.contains(g + "\u0000" + s)) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }
        int n = req.json().path("logEvents").size();
        if (n == 0 || n > 10_000) {
            return FakeResponse.error(400, "InvalidParameterException", "logEvents must hold 1 to 10000 events");
        }
        req.json().path("logEvents").forEach(e -> reads.append(g, s, e.path("message").asText()));
        batches.merge(g + "\u0000" + s, 1, Integer::sum);
        return FakeResponse.json(Json.object().put("nextSequenceToken", "0"));
    }
}
