package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.model.TrainingDataReport;

/**
 * Builds and checks fine-tuning data in the Bedrock conversation JSONL format
 * ({@code {"schemaVersion": "bedrock-conversation-2024", "system": [...], "messages": [...]}}, one example
 * per line). At least {@value #MIN_EXAMPLES} examples are required and {@value #RECOMMENDED_EXAMPLES} or more
 * recommended. Errors are reported per line.
 *
 * <pre>{@code
 * String jsonl = TrainingData.builder().system("You write Java.")
 *         .example("Write a class named A", "public class A {}")
 *         ...
 *         .toJsonl();
 * TrainingDataReport report = TrainingData.validate(jsonl);
 * }</pre>
 */
public final class TrainingData {
    public static final String SCHEMA_VERSION = "bedrock-conversation-2024";
    public static final int MIN_EXAMPLES = 20;
    public static final int RECOMMENDED_EXAMPLES = 100;
    public static final int MAX_EXAMPLES = 20_000;
    private static final int MAX_LINE_CHARS = 400_000;

    private final String system;
    private final List<String[]> examples = new ArrayList<>();

    private TrainingData(String system) {
        this.system = system;
    }

    public static TrainingData builder() {
        return new TrainingData(null);
    }

    /** The system prompt of every example. */
    public TrainingData system(String s) {
        TrainingData t = new TrainingData(Objects.requireNonNull(s));
        t.examples.addAll(examples);
        return t;
    }

    /** Adds one single-turn example. */
    public TrainingData example(String user, String assistant) {
        examples.add(new String[] {Objects.requireNonNull(user), Objects.requireNonNull(assistant)});
        return this;
    }

    public int size() {
        return examples.size();
    }

    /** The JSONL text, one example per line. */
    public String toJsonl() {
        StringBuilder sb = new StringBuilder();
        for (String[] e : examples) {
            ObjectNode o = Docs.MAPPER.createObjectNode();
            o.put("schemaVersion", SCHEMA_VERSION);
            if (system != null) {
                o.putArray("system").addObject().put("text", system);
            }
            var msgs = o.putArray("messages");
            msgs.addObject().put("role", "user").putArray("content").addObject().put("text", e[0]);
            msgs.addObject().put("role", "assistant").putArray("content").addObject().put("text", e[1]);
            try {
                sb.append(Docs.MAPPER.writeValueAsString(o)).append('\n');
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return sb.toString();
    }

    /** Checks JSONL text line by line. */
    public static TrainingDataReport validate(String jsonl) {
        List<TrainingDataReport.LineError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (jsonl == null || jsonl.isBlank()) {
            errors.add(new TrainingDataReport.LineError(0, "the file is empty"));
            return new TrainingDataReport(0, errors, warnings);
        }
        String[] lines = jsonl.split("\n", -1);
        int valid = 0;
        int nonBlank = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int n = i + 1;
            if (l.isBlank()) {
                if (i < lines.length - 1) {
                    errors.add(new TrainingDataReport.LineError(n, "blank line; JSONL has one example per line"));
                }
                continue;
            }
            nonBlank++;
            if (errors.size() >= 1000) {
                continue;
            }
            if (l.length() > MAX_LINE_CHARS) {
                errors.add(new TrainingDataReport.LineError(n, "line is " + l.length() + " characters; at most " + MAX_LINE_CHARS));
                continue;
            }
            String problem = check(l);
            if (problem == null) {
                valid++;
            } else {
                errors.add(new TrainingDataReport.LineError(n, problem));
            }
        }
        if (nonBlank < MIN_EXAMPLES) {
            errors.add(new TrainingDataReport.LineError(0, "only " + nonBlank + " examples; at least " + MIN_EXAMPLES + " are required"));
        } else if (nonBlank < RECOMMENDED_EXAMPLES) {
            warnings.add(nonBlank + " examples; " + RECOMMENDED_EXAMPLES + " or more are recommended for good results");
        }
        if (nonBlank > MAX_EXAMPLES) {
            errors.add(new TrainingDataReport.LineError(0, nonBlank + " examples; at most " + MAX_EXAMPLES));
        }
        return new TrainingDataReport(valid, errors, warnings);
    }

    private static String check(String line) {
        JsonNode o;
        try {
            o = Docs.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return "not valid JSON: " + e.getOriginalMessage();
        }
        if (o == null || !o.isObject()) {
            return "must be a JSON object";
        }
        if (!SCHEMA_VERSION.equals(o.path("schemaVersion").asText(null))) {
            return "schemaVersion must be \"" + SCHEMA_VERSION + "\"";
        }
        if (o.has("system")) {
            if (!o.path("system").isArray()) {
                return "system must be an array of {\"text\": ...}";
            }
            for (JsonNode s : o.path("system")) {
                if (!s.path("text").isTextual()) {
                    return "system blocks must have a text";
                }
            }
        }
        JsonNode msgs = o.path("messages");
        if (!msgs.isArray() || msgs.size() < 2) {
            return "messages must be an array of at least a user and an assistant message";
        }
        String expected = "user";
        for (int i = 0; i < msgs.size(); i++) {
            JsonNode m = msgs.get(i);
            String role = m.path("role").asText("");
            if (!role.equals(expected)) {
                return "message " + (i + 1) + " must have role " + expected + " (roles alternate, starting with user), was '" + role + "'";
            }
            JsonNode content = m.path("content");
            if (!content.isArray() || content.isEmpty()) {
                return "message " + (i + 1) + " needs a non-empty content array";
            }
            for (JsonNode c : content) {
                if (c.has("text") && (!c.path("text").isTextual() || c.path("text").asText().isBlank())) {
                    return "message " + (i + 1) + " has an empty text";
                }
                if (!c.has("text") && !c.has("image") && !c.has("video")) {
                    return "message " + (i + 1) + " has a content block without text, image or video";
                }
            }
            expected = expected.equals("user") ? "assistant" : "user";
        }
        if (!"assistant".equals(msgs.get(msgs.size() - 1).path("role").asText())) {
            return "the last message must be the assistant's answer";
        }
        return null;
    }
}
