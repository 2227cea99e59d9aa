package dev.trae.aws.lex;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.lex.internal.AudioInput;
import dev.trae.aws.core.spi.Messages;
import dev.trae.aws.lex.internal.LexWire;
import dev.trae.aws.lex.model.ReplyFormat;
import dev.trae.aws.lex.model.SlotValue;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.lexruntimev2.LexRuntimeV2Client;
import software.amazon.awssdk.services.lexruntimev2.model.DialogAction;
import software.amazon.awssdk.services.lexruntimev2.model.GetSessionResponse;
import software.amazon.awssdk.services.lexruntimev2.model.Intent;
import software.amazon.awssdk.services.lexruntimev2.model.PutSessionResponse;
import software.amazon.awssdk.services.lexruntimev2.model.RecognizeTextResponse;
import software.amazon.awssdk.services.lexruntimev2.model.RecognizeUtteranceResponse;
import software.amazon.awssdk.services.lexruntimev2.model.SessionState;
import software.amazon.awssdk.services.lexruntimev2.model.Slot;
import software.amazon.awssdk.services.lexruntimev2.model.Value;

/**
 * A conversation with a Lex V2 bot. {@link #say(String)} sends text (RecognizeText), {@link #sayAudio(byte[])}
 * sends 16 kHz PCM speech (RecognizeUtterance, with the gzip+base64 header fields encoded and decoded here);
 * {@link #put}, {@link #get()} and {@link #delete()} manage the session. Every call goes through core's guarded
 * {@link ServiceClient} (service {@code lex-runtime}). Each turn is recorded, redacted, in {@link #transcript()}.
 * Thread-safe: turns of one session are serialised.
 *
 * <pre>{@code
 * try (LexClient lex = LexClient.create(config)) {
 *     LexSession s = lex.session(BotRef.of(botId, aliasId, "en_US"));
 *     LexTurn t = s.say("I need 40 liters of diesel");
 *     System.out.println(t.intent() + " " + t.slots().keySet() + ": " + t.reply());
 * }
 * }</pre>
 *
 * <p>Turns are not idempotent: Lex advances the dialog on every {@code RecognizeText}/{@code RecognizeUtterance}
 * and has no idempotency token for them. A turn is therefore retried ({@link Idempotency#NON_IDEMPOTENT}) only when
 * the failure proves Lex never received it (connection refused, unknown host, a throttling answer). Any other
 * failure (a dropped connection, an unreadable answer, a 5xx) raises {@link LexTurnUncertainException}: the turn
 * may have been processed; {@link #get()} shows where the dialog is.
 */
public final class LexSession {
    /** Lex's RecognizeText limit. */
    public static final int MAX_TEXT = 1024;

    private final ServiceClient<LexRuntimeV2Client> client;
    private final BotRef bot;
    private final String sessionId;
    private final Options options;
    private final Transcript transcript;
    private SessionState lastState;
    private Map<String, String> pendingAttributes;
    /** A turn failed with an unknown outcome: {@link #lastState} may be behind Lex's. */
    private boolean stateUncertain;

    LexSession(ServiceClient<LexRuntimeV2Client> client, BotRef bot, Options options) {
        this.client = client;
        this.bot = bot;
        this.options = options;
        this.sessionId = SessionIdPolicy.validate(options.sessionIdPolicy.sessionId());
        this.transcript = new Transcript(options.maxTranscriptEntries);
    }

    public BotRef bot() {
        return bot;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The redacted record of this conversation. */
    public Transcript transcript() {
        return transcript;
    }

    /** The session attributes Lex returned last (plus any set locally and not yet sent). */
    public synchronized Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>();
        if (lastState != null && lastState.hasSessionAttributes()) {
            m.putAll(lastState.sessionAttributes());
        }
        if (pendingAttributes != null) {
            m.putAll(pendingAttributes);
        }
        return Map.copyOf(m);
    }

    /** Sets a session attribute; it is sent with the next turn. */
    public synchronized LexSession attribute(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(attributes());
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        checkAttributes(m);
        pendingAttributes = m;
        return this;
    }

    /** Sends text (RecognizeText). */
    public LexTurn say(String text) {
        return say(text, Map.of());
    }

    /** Sends text with request attributes (RecognizeText). */
    public synchronized LexTurn say(String text, Map<String, String> requestAttributes) {
        checkText(text);
        checkAttributes(requestAttributes);
        SessionState state = outgoingState();
        RecognizeTextResponse r = turn("RecognizeText", c -> c.recognizeText(b -> b
                .botId(bot.botId()).botAliasId(bot.aliasId()).localeId(bot.localeId()).sessionId(sessionId).text(text)
                .sessionState(state).requestAttributes(requestAttributes.isEmpty() ? null : requestAttributes)));
        pendingAttributes = null;
        lastState = r.sessionState();
        LexTurn turn = LexWire.turn(sessionId, text, r.messages(), r.sessionState(), r.interpretations(),
                r.hasRequestAttributes() ? r.requestAttributes() : Map.of(), null, null);
        record(turn);
        return turn;
    }

    /** Sends speech (RecognizeUtterance) and asks for {@link ReplyFormat#PCM} reply audio. */
    public LexTurn sayAudio(byte[] audio) {
        return sayAudio(audio, ReplyFormat.PCM, Map.of());
    }

    /**
     * Sends speech: 16 kHz 16-bit little-endian mono PCM, or a WAV file holding exactly that (its header is
     * checked and stripped). The reply comes back in {@code replyFormat} as {@link LexTurn#audio()}.
     */
    public synchronized LexTurn sayAudio(byte[] audio, ReplyFormat replyFormat, Map<String, String> requestAttributes) {
        byte[] pcm = AudioInput.pcm(audio, options.maxAudio.toSeconds() * AudioInput.BYTES_PER_SECOND);
        Objects.requireNonNull(replyFormat, "replyFormat");
        checkAttributes(requestAttributes);
        return utterance(RequestBody.fromBytes(pcm), AudioInput.CONTENT_TYPE, replyFormat, requestAttributes, null);
    }

    /** Sends text through RecognizeUtterance (useful to get reply audio for typed input). */
    public synchronized LexTurn sayForAudio(String text, ReplyFormat replyFormat) {
        checkText(text);
        return utterance(RequestBody.fromString(text, StandardCharsets.UTF_8), "text/plain; charset=utf-8", replyFormat, Map.of(), text);
    }

    private LexTurn utterance(RequestBody body, String contentType, ReplyFormat replyFormat, Map<String, String> requestAttributes,
                              String typed) {
        SessionState state = outgoingState();
        String stateHeader = state == null ? null : LexWire.encode(LexWire.toJson(state));
        String attrsHeader = requestAttributes.isEmpty() ? null
                : LexWire.encode(LexWire.json(requestAttributes));
        ResponseBytes<RecognizeUtteranceResponse> rb = turn("RecognizeUtterance",
                c -> c.recognizeUtterance(b -> b.botId(bot.botId()).botAliasId(bot.aliasId()).localeId(bot.localeId())
                                .sessionId(sessionId).requestContentType(contentType).responseContentType(replyFormat.contentType())
                                .sessionState(stateHeader).requestAttributes(attrsHeader),
                        body, ResponseTransformer.toBytes()));
        RecognizeUtteranceResponse r = rb.response();
        JsonNode transcriptJson = LexWire.decode(r.inputTranscript(), "x-amz-lex-input-transcript");
        String heard = transcriptJson == null ? (typed == null ? "" : typed)
                : transcriptJson.isTextual() ? transcriptJson.asText() : transcriptJson.toString();
        SessionState st = LexWire.sessionState(LexWire.decode(r.sessionState(), "x-amz-lex-session-state"));
        pendingAttributes = null;
        lastState = st;
        byte[] audioOut = rb.asByteArray();
        LexTurn turn = LexWire.turn(sessionId, heard, LexWire.messages(LexWire.decode(r.messages(), "x-amz-lex-messages")), st,
                LexWire.interpretations(LexWire.decode(r.interpretations(), "x-amz-lex-interpretations")),
                LexWire.strings(LexWire.decode(r.requestAttributes(), "x-amz-lex-request-attributes")),
                audioOut, r.contentType() != null ? r.contentType() : replyFormat.contentType());
        record(turn);
        return turn;
    }

    /** Sets the session state (PutSession) and returns it as a turn without input. */
    public LexTurn put(Consumer<SessionUpdate.Builder> update) {
        SessionUpdate.Builder b = SessionUpdate.builder();
        update.accept(b);
        return put(b.build());
    }

    /** Sets the session state (PutSession). */
    public synchronized LexTurn put(SessionUpdate update) {
        Objects.requireNonNull(update, "update");
        SessionState.Builder sb = SessionState.builder()
                .dialogAction(DialogAction.builder().type(update.dialogAction().wireName()).slotToElicit(update.slotToElicit().orElse(null)).build())
                .sessionAttributes(update.attributes());
        update.intent().ifPresent(name -> {
            Map<String, Slot> slots = new LinkedHashMap<>();
            update.slots().forEach((k, v) -> slots.put(k, Slot.builder().value(Value.builder().originalValue(v).interpretedValue(v)
                    .resolvedValues(v).build()).build()));
            sb.intent(Intent.builder().name(name).slots(slots).state("InProgress").confirmationState("None").build());
        });
        SessionState state = sb.build();
        List<software.amazon.awssdk.services.lexruntimev2.model.Message> msgs = new ArrayList<>();
        update.messages().forEach(m -> msgs.add(software.amazon.awssdk.services.lexruntimev2.model.Message.builder()
                .content(m).contentType("PlainText").build()));
        ResponseBytes<PutSessionResponse> rb = client.call("PutSession", c -> c.putSession(b -> b
                .botId(bot.botId()).botAliasId(bot.aliasId()).localeId(bot.localeId()).sessionId(sessionId)
                .sessionState(state).messages(msgs.isEmpty() ? null : msgs), ResponseTransformer.toBytes()));
        PutSessionResponse r = rb.response();
        SessionState st = LexWire.sessionState(LexWire.decode(r.sessionState(), "x-amz-lex-session-state"));
        lastState = st != null ? st : state;
        pendingAttributes = null;
        stateUncertain = false;
        return LexWire.turn(sessionId, "", LexWire.messages(LexWire.decode(r.messages(), "x-amz-lex-messages")), lastState,
                List.of(), LexWire.strings(LexWire.decode(r.requestAttributes(), "x-amz-lex-request-attributes")), null, null);
    }

    /** The session as Lex holds it (GetSession), or empty when Lex has no such session. */
    public synchronized Optional<LexTurn> get() {
        try {
            GetSessionResponse r = client.call("GetSession", Idempotency.IDEMPOTENT, c -> c.getSession(b -> b
                    .botId(bot.botId()).botAliasId(bot.aliasId()).localeId(bot.localeId()).sessionId(sessionId)));
            lastState = r.sessionState();
            stateUncertain = false;
            return Optional.of(LexWire.turn(sessionId, "", r.messages(), r.sessionState(), r.interpretations(), Map.of(), null, null));
        } catch (TraeServiceException e) {
            if (e.statusCode() == 404) {
                lastState = null;
                stateUncertain = false;
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Ends the session at Lex (DeleteSession); false when Lex had no such session. The transcript stays. */
    public synchronized boolean delete() {
        try {
            client.call("DeleteSession", c -> c.deleteSession(b -> b
                    .botId(bot.botId()).botAliasId(bot.aliasId()).localeId(bot.localeId()).sessionId(sessionId)));
            lastState = null;
            pendingAttributes = null;
            return true;
        } catch (TraeServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Sends one turn, retried only when Lex provably never received it. A failure whose outcome is unknown
     * becomes {@link LexTurnUncertainException}; a 4xx answer (Lex refused the turn) is rethrown as it is.
     */
    private <T> T turn(String operation, java.util.function.Function<LexRuntimeV2Client, T> call) {
        try {
            T result = client.call(operation, Idempotency.NON_IDEMPOTENT, call);
            stateUncertain = false;
            return result;
        } catch (TraeException e) {
            if (e instanceof TraeValidationException || Resilience.provablyNotDelivered(e)
                    || (e instanceof TraeServiceException && ((TraeServiceException) e).statusCode() < 500)) {
                throw e;
            }
            stateUncertain = true;
            throw new LexTurnUncertainException(operation, e);
        }
    }

    /**
     * The state sent with a turn: only when attributes changed locally (then the full last state with them).
     * After a turn with an unknown outcome the state is read from Lex first, so a stale copy never rewinds the
     * dialog.
     */
    private SessionState outgoingState() {
        if (pendingAttributes == null) {
            return null;
        }
        if (stateUncertain) {
            get();
        }
        SessionState.Builder b = lastState == null ? SessionState.builder() : lastState.toBuilder();
        return b.sessionAttributes(pendingAttributes).build();
    }

    private void record(LexTurn turn) {
        TranscriptRedactor r = options.redactor;
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> shown = new LinkedHashMap<>();
        for (Map.Entry<String, SlotValue> e : turn.slots().entrySet()) {
            values.put(e.getKey(), List.of(e.getValue().original(), e.getValue().interpreted()));
        }
        for (Map.Entry<String, SlotValue> e : turn.slots().entrySet()) {
            shown.put(e.getKey(), r.isSensitive(e.getKey()) ? dev.trae.aws.core.Redaction.MASK : r.redact(e.getValue().interpreted(), values));
        }
        Instant now = Instant.now();
        transcript.add(new Transcript.Entry(now, Transcript.Speaker.USER, r.redact(turn.inputTranscript(), values),
                turn.intent().orElse(""), shown));
        for (String m : turn.messages()) {
            transcript.add(new Transcript.Entry(now, Transcript.Speaker.BOT, r.redact(m, values), turn.intent().orElse(""), Map.of()));
        }
    }

    static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new TraeValidationException("text", "must not be empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new TraeValidationException("text", "Lex accepts at most " + MAX_TEXT + " characters, was " + text.length());
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
            throw new TraeValidationException("text", "contains control characters");
        }
    }

    static void checkAttributes(Map<String, String> attrs) {
        Objects.requireNonNull(attrs, "attributes");
        if (attrs.size() > 100) {
            throw new TraeValidationException("attributes", "at most 100 attributes");
        }
        long total = 0;
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getKey().length() > 100 || e.getKey().startsWith("x-amz-lex")) {
                throw new TraeValidationException("attributes", "keys must be 1 to 100 characters and must not start with x-amz-lex: "
                        + Messages.shorten(e.getKey()));
            }
            if (e.getValue() == null) {
                throw new TraeValidationException("attributes", "value of " + Messages.shorten(e.getKey()) + " is null");
            }
            total += e.getKey().length() + e.getValue().length();
        }
        if (total > 12 * 1024) {
            throw new TraeValidationException("attributes", "together larger than 12 KiB (" + total + " characters)");
        }
    }

    @Override
    public String toString() {
        return "LexSession[" + bot + ", session=" + sessionId + ", turns=" + transcript.size() + "]";
    }

    /** Session options. Immutable; build with {@link #builder()}. */
    public static final class Options {
        final SessionIdPolicy sessionIdPolicy;
        final TranscriptRedactor redactor;
        final Duration maxAudio;
        final int maxTranscriptEntries;

        private Options(Builder b) {
            this.sessionIdPolicy = b.sessionIdPolicy;
            this.redactor = b.redactor;
            this.maxAudio = b.maxAudio;
            this.maxTranscriptEntries = b.maxTranscriptEntries;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Options builder. */
        public static final class Builder {
            private SessionIdPolicy sessionIdPolicy = SessionIdPolicy.random();
            private TranscriptRedactor redactor = TranscriptRedactor.standard();
            private Duration maxAudio = Duration.ofSeconds(60);
            private int maxTranscriptEntries = 1000;

            private Builder() {
            }

            public Builder sessionIdPolicy(SessionIdPolicy p) {
                this.sessionIdPolicy = Objects.requireNonNull(p, "sessionIdPolicy");
                return this;
            }

            public Builder redactor(TranscriptRedactor r) {
                this.redactor = Objects.requireNonNull(r, "redactor");
                return this;
            }

            /** Longest accepted speech input (default 60 s). */
            public Builder maxAudio(Duration d) {
                if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
                    throw new TraeValidationException("maxAudio", "must be between 1 second and 10 minutes");
                }
                this.maxAudio = d;
                return this;
            }

            /** Transcript entries kept, oldest dropped first (default 1000). */
            public Builder maxTranscriptEntries(int n) {
                if (n < 1 || n > 1_000_000) {
                    throw new TraeValidationException("maxTranscriptEntries", "must be 1 to 1000000");
                }
                this.maxTranscriptEntries = n;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }
}
