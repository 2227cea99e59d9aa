package dev.trae.aws.bedrock.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.StreamEvent;
import org.junit.jupiter.api.Assumptions;

/**
 * A real AWS response recorded by a public project, read in place from {@code ../shared/aws-responses/} (the
 * repository root's parent; see its {@code SOURCES.md}); never copied into this project. Understands the VCR YAML
 * cassettes (JSON, {@code parsed_body}, {@code !!binary} event streams) and the vercel/ai JSON files.
 */
final class Recording {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One recorded response. */
    record Interaction(int status, Map<String, String> headers, byte[] body, JsonNode request) {
        /** The body as JSON (for JSON responses). */
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Recording() {
    }

    /** The shared recordings directory, or the test is skipped (a clone without {@code ../shared}). */
    static Path dir() {
        return dev.trae.testkit.SharedData.folder("aws-responses").orElseGet(() -> {
            Assumptions.abort("../shared/aws-responses is not next to the repository root nor next to the repository it was cloned from");
            return null;
        });
    }

    static Path file(String relative) {
        return dir().resolve(relative);
    }

    /** The interactions of a VCR YAML cassette, in order. */
    static List<Interaction> cassette(String relative) {
        try {
            JsonNode root = YAML.readTree(Files.readAllBytes(file(relative)));
            List<Interaction> out = new ArrayList<>();
            for (JsonNode i : root.get("interactions")) {
                JsonNode resp = i.get("response");
                Map<String, String> headers = new LinkedHashMap<>();
                JsonNode h = resp.get("headers");
                if (h != null) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode v = e.getValue().isArray() ? e.getValue().get(0) : e.getValue();
                        headers.put(e.getKey(), v.isBinary() ? new String(v.binaryValue(), StandardCharsets.UTF_8) : v.asText());
                    }
                }
                byte[] body;
                if (resp.has("parsed_body")) {
                    body = JSON.writeValueAsBytes(resp.get("parsed_body"));
                } else {
                    JsonNode s = resp.path("body").path("string");
                    body = s.isBinary() ? s.binaryValue() : s.asText().getBytes(StandardCharsets.UTF_8);
                }
                int status = resp.path("status").path("code").asInt(200);
                out.add(new Interaction(status, headers, body, i.get("request")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain JSON response body file (vercel/ai Converse bodies). */
    static Interaction jsonBody(String relative) {
        try {
            byte[] body = JSON.writeValueAsBytes(JSON.readTree(Files.readAllBytes(file(relative))));
            return new Interaction(200, Map.of("Content-Type", "application/json"), body, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vercel/ai wrapper around raw event-stream bytes ({@code response.bodyBase64}). */
    static Interaction base64Stream(String relative) {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file(relative)));
            return new Interaction(n.path("response").path("status").asInt(200),
                    Map.of("Content-Type", n.path("response").path("contentType").asText()),
                    Base64.getDecoder().decode(n.path("response").path("bodyBase64").asText()), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decoded events, one {@code {"<event-type>": payload}} per line, encoded back into event-stream frames. */
    static Interaction decodedEvents(String relative) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (String line : Files.readAllLines(file(relative))) {
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode n = (ObjectNode) JSON.readTree(line);
                String type = n.fieldNames().next();
                out.writeBytes(FakeAwsServer.encode(StreamEvent.event(type, n.get(type))));
            }
            return new Interaction(200, Map.of("Content-Type", "application/vnd.amazon.eventstream"), out.toByteArray(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The decoded frames of an event-stream body: event type and JSON payload. */
    static List<Map.Entry<String, JsonNode>> frames(byte[] body) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        software.amazon.eventstream.MessageDecoder d = new software.amazon.eventstream.MessageDecoder(m -> {
            String type = m.getHeaders().containsKey(":event-type") ? m.getHeaders().get(":event-type").getString()
                    : m.getHeaders().get(":exception-type").getString();
            try {
                out.add(Map.entry(type, JSON.readTree(m.getPayload())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        d.feed(body);
        return out;
    }
}
