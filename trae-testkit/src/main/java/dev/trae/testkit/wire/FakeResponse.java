package dev.trae.testkit.wire;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;

/** What a fake answers: status, headers and a body, or an event stream. Immutable. */
public final class FakeResponse {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;
    private final List<StreamEvent> events;

    private FakeResponse(int status, Map<String, String> headers, byte[] body, List<StreamEvent> events) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = body;
        this.events = events;
    }

    /** 200 with a JSON body (Map, JsonNode, POJO, or a String that is already JSON). */
    public static FakeResponse json(Object body) {
        return json(200, body);
    }

    public static FakeResponse json(int status, Object body) {
        byte[] b;
        if (body instanceof String) {
            b = ((String) body).getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                b = Json.MAPPER.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot serialise fake response: " + e.getMessage(), e);
            }
        }
        return new FakeResponse(status, Map.of("Content-Type", "application/json"), b, null);
    }

    public static FakeResponse bytes(int status, String contentType, byte[] body) {
        return new FakeResponse(status, Map.of("Content-Type", contentType), body.clone(), null);
    }

    /** No body. */
    public static FakeResponse empty(int status) {
        return new FakeResponse(status, Map.of(), new byte[0], null);
    }

    /**
     * An AWS error: header {@code x-amzn-ErrorType} and body {@code {"__type": ..., "message": ...}},
     * which the AWS JSON and REST-JSON protocols of the SDK both parse into the modeled exception.
     */
    public static FakeResponse error(int status, String errorType, String message) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("__type", errorType);
        b.put("message", message);
        b.put("Message", message);
        FakeResponse r = json(status, b);
        return r.header("x-amzn-ErrorType", errorType).header("x-amzn-RequestId", "fake-" + java.util.UUID.randomUUID());
    }

    /** An event stream ({@code application/vnd.amazon.eventstream}), written frame by frame. */
    public static FakeResponse eventStream(List<StreamEvent> events) {
        return new FakeResponse(200, Map.of("Content-Type", "application/vnd.amazon.eventstream"), new byte[0],
                List.copyOf(events));
    }

    /** This response with one more header. */
    public FakeResponse header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new FakeResponse(status, h, body, events);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    byte[] bodyUnsafe() {
        return body;
    }

    /** The events of a streaming response, or {@code null} for an ordinary one. */
    public List<StreamEvent> events() {
        return events;
    }

    public boolean isStream() {
        return events != null;
    }
}
