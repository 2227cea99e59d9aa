package dev.trae.aws.lex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The redacted record of a conversation: one entry per user input and per bot reply. Lines are redacted by
 * the session's {@link TranscriptRedactor} before they are stored, so nothing unredacted is kept here.
 * Thread-safe.
 *
 * <pre>{@code
 * session.say("my card is 4111 1111 1111 1111");
 * System.out.println(session.transcript().render());   // "user: my card is ****"
 * }</pre>
 */
public final class Transcript {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Who spoke. */
    public enum Speaker { USER, BOT }

    /**
     * One line.
     *
     * @param time    when it was recorded
     * @param speaker user or bot
     * @param text    the redacted text
     * @param intent  the intent of the turn, or empty
     * @param slots   slot values of the turn, with sensitive ones masked
     */
    public record Entry(Instant time, Speaker speaker, String text, String intent, Map<String, String> slots) {
        public Entry {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(speaker, "speaker");
            text = text == null ? "" : text;
            intent = intent == null ? "" : intent;
            slots = Map.copyOf(slots);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final int maxEntries;

    Transcript(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    synchronized void add(Entry e) {
        entries.add(e);
        while (entries.size() > maxEntries) {
            entries.remove(0);
        }
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** {@code user: ...} / {@code bot: ...} lines. */
    public synchronized String render() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.speaker() == Speaker.USER ? "user: " : "bot:  ").append(e.text());
            if (e.speaker() == Speaker.USER && !e.intent().isEmpty()) {
                sb.append("   [").append(e.intent()).append(e.slots().isEmpty() ? "" : " " + e.slots()).append(']');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One JSON object per line: {@code time, speaker, text, intent, slots}. */
    public synchronized String toJsonLines() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("time", e.time().toString()).put("speaker", e.speaker().name().toLowerCase(java.util.Locale.ROOT))
                    .put("text", e.text()).put("intent", e.intent());
            ObjectNode s = n.putObject("slots");
            e.slots().forEach(s::put);
            try {
                sb.append(MAPPER.writeValueAsString(n)).append('\n');
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return sb.toString();
    }

    @Override
    public synchronized String toString() {
        return "Transcript[" + entries.size() + " entries]";
    }
}
