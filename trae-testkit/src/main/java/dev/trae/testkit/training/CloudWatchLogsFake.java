package dev.trae.testkit.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.FakeAwsServer;
import dev.trae.testkit.FakeRequest;
import dev.trae.testkit.FakeResponse;
import dev.trae.testkit.FakeService;
import dev.trae.testkit.Json;

/**
 * Trae Local fake of CloudWatch Logs reads (AWS JSON 1.1, target prefix {@code Logs_20140328}):
 * {@code DescribeLogStreams} and {@code GetLogEvents} with forward tokens. {@link SageMakerFake}
 * writes training logs here under {@code /aws/sagemaker/TrainingJobs}. Thread-safe.
 */
public final class CloudWatchLogsFake implements FakeService {
    private record Event(long timestamp, String message) {
    }

    private final Map<String, List<Event>> streams = new ConcurrentHashMap<>();

    @Override
    public void install(FakeAwsServer server) {
        server.json("DescribeLogStreams", this::describeStreams);
        server.json("GetLogEvents", this::getEvents);
    }

    /** Appends a line to a stream (created on first use). */
    public void append(String group, String stream, String message) {
        List<Event> list = streams.computeIfAbsent(group + "\u0000" + stream, k -> new ArrayList<>());
        synchronized (list) {
            list.add(new Event(System.currentTimeMillis(), message));
        }
    }

    /** The lines of one stream so far. */
    public List<String> lines(String group, String stream) {
        List<Event> list = streams.getOrDefault(group + "\u0000" + stream, List.of());
        synchronized (list) {
            return list.stream().map(Event::message).toList();
        }
    }

    private FakeResponse describeStreams(FakeRequest req) {
        String group = req.json().path("logGroupName").asText("");
        String prefix = req.json().path("logStreamNamePrefix").asText("");
        ArrayNode arr = Json.array();
        streams.keySet().stream().sorted().forEach(k -> {
            int i = k.indexOf('\u0000');
            if (k.substring(0, i).equals(group) && k.substring(i + 1).startsWith(prefix)) {
                arr.addObject().put("logStreamName", k.substring(i + 1))
                        .put("arn", "arn:aws:logs:us-east-1:" + Ec2Fake.ACCOUNT + ":log-group:" + group + ":log-stream:" + k.substring(i + 1));
            }
        });
        if (arr.isEmpty() && streams.keySet().stream().noneMatch(k -> k.startsWith(group + "\u0000"))) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        return FakeResponse.json(Json.object().set("logStreams", arr));
    }

    private FakeResponse getEvents(FakeRequest req) {
        String group = req.json().path("logGroupName").asText("");
        String stream = req.json().path("logStreamName").asText("");
        List<Event> list = streams.get(group + "\u0000" + stream);
        if (list == null) {
            return FakeResponse.error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }
        String token = req.json().path("nextToken").asText("");
        int from = token.startsWith("f/") ? Integer.parseInt(token.substring(2)) : 0;
        int limit = req.json().path("limit").asInt(10_000);
        ObjectNode out = Json.object();
        ArrayNode events = out.putArray("events");
        int to;
        synchronized (list) {
            to = Math.min(list.size(), from + limit);
            for (int i = from; i < to; i++) {
                events.addObject().put("timestamp", list.get(i).timestamp()).put("message", list.get(i).message())
                        .put("ingestionTime", list.get(i).timestamp());
            }
        }
        out.put("nextForwardToken", "f/" + to).put("nextBackwardToken", "b/" + from);
        return FakeResponse.json(out);
    }
}
