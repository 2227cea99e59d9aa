package dev.trae.aws.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.bedrock.internal.Docs;
import dev.trae.aws.bedrock.model.TrainingDataReport;

/**
 * Fine-tuning data in the Bedrock conversation JSONL format
 * ({@code {"schemaVersion": "bedrock-conversation-2024", "system": [...], "messages": [...]}}, one example
 * per line), built with a builder, and a per-line checker. At least {@value #MIN_EXAMPLES} examples are required
 * and {@value #RECOMMENDED_EXAMPLES} or more recommended. Immutable; {@link #toBuilder()} gives a builder
 * holding the same system prompt and examples.
 *
 * <pre>{@code
 * TrainingData data = TrainingData.builder().system("You write Java.")
 *         .example("Write a class named A", "public class A {}")
 *         ...
 *         .build();
 * String jsonl = data.toJsonl();
 * TrainingDataReport report = TrainingData.validate(jsonl);
 * TrainingData more = data.toBuilder().example("Write a record named B", "public record B() {}").build();
 * }</pre>
 */
public final class TrainingData {
    public static final String SCHEMA_VERSION = "bedrock-conversation-2024";
    public static final int MIN_EXAMPLES = 20;
    public static final int RECOMMENDED_EXAMPLES = 100;
    public static final int MAX_EXAMPLES = 20_000;
    private static final int MAX_LINE_CHARS = 400_000;

    /** One single-turn example: the user's message and the assistant's answer. */
    public record Example(String user, String assistant) {
        public Example {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(assistant, "assistant");
        }
    }

    private final Optional<String> system;
    private final List<Example> examples;

    private TrainingData(Builder b) {
        this.system = Optional.ofNullable(b.system);
        this.examples = List.copyOf(b.examples);
    }

    /** An empty builder: no system prompt, no examples. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this data's system prompt and examples; changing it leaves this data as it is. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.system = system.orElse(null);
        b.examples.addAll(examples);
        return b;
    }

    /** The system prompt of every example, if set. */
    public Optional<String> system() {
        return system;
    }

    /** The examples, in order. */
    public List<Example> examples() {
        return examples;
    }

    public int size() {
        return examples.size();
    }

    /** The JSONL text, one example per line. */
    public String toJsonl() {
        StringBuilder sb = new StringBuilder();
        for (Example e : examples) {
            ObjectNode o = Docs.MAPPER.createObjectNode();
            o.put("schemaVersion", SCHEMA_VERSION);
            system.ifPresent(s -> o.putArray("system").addObject().put("text", s));
            var msgs = o.putArray("messages");
            msgs.addObject().put("role", "user").putArray("content").addObject().put("text", e.user());
            msgs.addObject().put("role", "assistant").putArray("content").addObject().put("text", e.assistant());
            try {
                sb.append(Docs.MAPPER.writeValueAsString(o)).append('\n');
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "TrainingData[" + examples.size() + " examples" + (system.isPresent() ? ", with a system prompt" : "") + "]";
    }

    /** Builder for {@link TrainingData}: every method changes this builder and returns it. Not thread-safe. */
    public static final class Builder {
        private String system;
        private final List<Example> examples = new ArrayList<>();

        private Builder() {
        }

        /** The system prompt of every example (replaces an earlier one). */
        public Builder system(String s) {
            this.system = Objects.requireNonNull(s, "system");
            return this;
        }

        /** Adds one single-turn example. */
        public Builder example(String user, String assistant) {
            examples.add(new Example(user, assistant));
            return this;
        }

        /** How many examples were added so far. */
        public int size() {
            return examples.size();
        }

        /** The data built so far. */
        public TrainingData build() {
            return new TrainingData(this);
        }

        /** Shorthand for {@code build().toJsonl()}. */
        public String toJsonl() {
            return build().toJsonl();
        }
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
