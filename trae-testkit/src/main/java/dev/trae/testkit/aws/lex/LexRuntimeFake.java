package dev.trae.testkit.aws.lex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;

/**
 * Trae Local fake of the Amazon Lex V2 runtime (lexruntimev2, REST-JSON), endpoint service name
 * {@code "lex-runtime"}. It talks to the bots built through a {@link LexModelsFake}: an alias serves the
 * locale frozen by its version ({@code TSTALIASID}: the last build of the draft).
 *
 * <ul>
 *   <li>{@code RecognizeText}: intents are recognised from the sample utterances, slots filled from slot
 *       type values and synonyms (and {@code AMAZON.Number}, {@code Date}, {@code Time}, {@code Confirmation},
 *       {@code AlphaNumeric}); a below-threshold score gives {@code FallbackIntent}. The dialog follows the
 *       bot: {@code ElicitSlot} for each missing required slot in priority order (with the slot's prompt),
 *       {@code ConfirmIntent} when the intent has a confirmation prompt (yes: {@code Confirmed}; no:
 *       {@code Denied}, intent {@code Failed}, declination message), then {@code Close} with the closing
 *       response: state {@code Fulfilled} when the fulfillment code hook flag is on (as if the hook
 *       succeeded; there is no Lambda here), else {@code ReadyForFulfillment}.</li>
 *   <li>{@code RecognizeUtterance}: request headers {@code x-amz-lex-session-state} and
 *       {@code x-amz-lex-request-attributes} are gzip+base64 JSON; response headers
 *       {@code x-amz-lex-messages}, {@code -interpretations}, {@code -session-state}, {@code -request-attributes}
 *       and {@code -input-transcript} likewise. Input {@code text/plain} is read as text; input
 *       {@code audio/l16}/{@code audio/x-l16}/{@code audio/lpcm} follows the {@link LexTestAudio} convention.
 *       Output {@code text/plain} is the reply text, {@code audio/pcm} the reply as {@link LexTestAudio}
 *       speech; other audio formats are refused (the fake has no speech synthesis).</li>
 *   <li>{@code PutSession}, {@code GetSession}, {@code DeleteSession} (404 for an unknown session).</li>
 * </ul>
 * Thread-safe (one lock).
 */
public final class LexRuntimeFake implements FakeService {
    private static final String FALLBACK = "FallbackIntent";
    private static final String FALLBACK_MESSAGE = "Sorry, I did not understand that. Please say it another way.";

    private final LexModelsFake models;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<LexModelsFake.LocaleState, LexNlu> compiled = new IdentityHashMap<>();

    public LexRuntimeFake(LexModelsFake models) {
        this.models = Objects.requireNonNull(models, "models");
    }

    /** Sessions currently held, for assertions. */
    public synchronized int sessionCount() {
        return sessions.size();
    }

    /** The last transcript the fake recognised for a session (text, or the words carried by test audio). */
    public synchronized java.util.Optional<String> lastTranscript(String sessionId) {
        return sessions.values().stream().filter(s -> s.sessionId.equals(sessionId)).map(s -> s.lastTranscript).findFirst();
    }

    static final class Session {
        final String sessionId;
        String intent;
        Map<String, LexNlu.Found> slots = new LinkedHashMap<>();
        String state;
        String confirmation = "None";
        String dialog;
        String slotToElicit;
        int retries;
        double confidence;
        ObjectNode attributes = Json.object();
        ArrayNode messages = Json.array();
        ArrayNode interpretations = Json.array();
        String lastTranscript = "";

        Session(String sessionId) {
            this.sessionId = sessionId;
        }
    }

    // Request checks: enum values (dialog action types, intent states...) and member types from the Lex V2 runtime SDK model;
    // required members, lengths and patterns (botId of 10 characters, sessionId 2..100 of [0-9a-zA-Z._:-], text 1..1024)
    // from https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_<Operation>.html. ValidationException.
    private static final java.util.Map<String, dev.trae.testkit.wire.RequestCheck> CHECKS = java.util.Map.of(
            "RecognizeText", lexRt("RecognizeTextRequest", c -> session(c).required("text").length("text", 1, 1024)),
            "RecognizeUtterance", lexRt("RecognizeUtteranceRequest", LexRuntimeFake::session),
            "PutSession", lexRt("PutSessionRequest", c -> session(c).required("sessionState").length("messages", 0, 10)),
            "GetSession", lexRt("GetSessionRequest", LexRuntimeFake::session),
            "DeleteSession", lexRt("DeleteSessionRequest", LexRuntimeFake::session));

    private static dev.trae.testkit.wire.SdkModelCheck session(dev.trae.testkit.wire.SdkModelCheck c) {
        return c.length("botId", 10, 10).pattern("botId", "^[0-9a-zA-Z]+$").length("sessionId", 2, 100)
                .pattern("sessionId", "[0-9a-zA-Z._:-]+");
    }

    private static dev.trae.testkit.wire.RequestCheck lexRt(String model, java.util.function.UnaryOperator<dev.trae.testkit.wire.SdkModelCheck> d) {
        return dev.trae.testkit.wire.SdkModelCheck.ifPresent("software.amazon.awssdk.services.lexruntimev2.model." + model, d);
    }

    @Override
    public void install(FakeAwsServer server) {
        String base = "/bots/{botId}/botAliases/{botAliasId}/botLocales/{localeId}/sessions/{sessionId}";
        server.rest("RecognizeText", "POST", base + "/text", this::recognizeText);
        server.rest("RecognizeUtterance", "POST", base + "/utterance", this::recognizeUtterance);
        server.rest("PutSession", "POST", base, this::putSession);
        server.rest("GetSession", "GET", base, this::getSession);
        server.rest("DeleteSession", "DELETE", base, this::deleteSession);
        CHECKS.forEach(server::validate);
    }

    // ------------------------------------------------------------------ header encoding

    /** gzip, then base64: the encoding of Lex V2's JSON header fields. */
    public static String encodeHeader(JsonNode json) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(Json.MAPPER.writeValueAsBytes(json));
            }
            return Base64.getEncoder().encodeToString(bos.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a gzip+base64 header (plain base64 JSON is accepted too). */
    public static JsonNode decodeHeader(String value) throws IOException {
        byte[] raw = Base64.getDecoder().decode(value.trim());
        if (raw.length > 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readNBytes(1 << 20);
            }
        }
        return Json.MAPPER.readTree(raw);
    }

    // ------------------------------------------------------------------ operations

    private record Target(String key, String sessionId, LexNlu nlu, String botId, String aliasId, String localeId) {
    }

    private Target target(FakeRequest r) {
        String sessionId = r.pathParam("sessionId");
        if (!sessionId.matches("[0-9a-zA-Z._:-]{2,100}")) {
            throw new LexModelsFake.LexFakeError(400, "ValidationException", "sessionId must be 2 to 100 characters of [0-9a-zA-Z._:-]");
        }
        StringBuilder why = new StringBuilder();
        LexModelsFake.LocaleState l = models.resolve(r.pathParam("botId"), r.pathParam("botAliasId"), r.pathParam("localeId"), why)
                .orElseThrow(() -> {
                    String w = why.toString();
                    int c = w.indexOf(':');
                    String type = w.substring(0, c);
                    return new LexModelsFake.LexFakeError("ValidationException".equals(type) ? 400 : 404, type, w.substring(c + 1));
                });
        LexNlu nlu = compiled.computeIfAbsent(l, LexNlu::new);
        String key = r.pathParam("botId") + "/" + r.pathParam("botAliasId") + "/" + r.pathParam("localeId") + "/" + sessionId;
        return new Target(key, sessionId, nlu, r.pathParam("botId"), r.pathParam("botAliasId"), r.pathParam("localeId"));
    }

    private synchronized FakeResponse recognizeText(FakeRequest r) {
        try {
            Target t = target(r);
            JsonNode req = r.json();
            String text = req.path("text").asText("");
            if (text.isEmpty() || text.length() > 1024) {
                throw new LexModelsFake.LexFakeError(400, "ValidationException", "text must be 1 to 1024 characters");
            }
            Session s = sessions.computeIfAbsent(t.key, k -> new Session(t.sessionId));
            apply(s, req.path("sessionState"));
            turn(t.nlu, s, text);
            ObjectNode out = Json.object();
            out.set("messages", s.messages);
            out.set("sessionState", sessionState(s, r));
            out.set("interpretations", s.interpretations);
            if (req.has("requestAttributes")) {
                out.set("requestAttributes", req.get("requestAttributes"));
            }
            out.put("sessionId", s.sessionId);
            return FakeResponse.json(out);
        } catch (LexModelsFake.LexFakeError e) {
            return FakeResponse.error(e.status, e.type, e.getMessage());
        }
    }

    private synchronized FakeResponse recognizeUtterance(FakeRequest r) {
        try {
            Target t = target(r);
            String contentType = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            String responseType = r.header("Response-Content-Type").orElse("text/plain; charset=utf-8").toLowerCase(Locale.ROOT);
            boolean textOut = responseType.startsWith("text/plain");
            if (!textOut && !responseType.startsWith("audio/pcm")) {
                throw new LexModelsFake.LexFakeError(400, "ValidationException", "Trae Local's Lex fake answers only text/plain"
                        + " or audio/pcm (LexTestAudio convention), not " + responseType);
            }
            String text;
            String inputMode;
            if (contentType.startsWith("text/plain")) {
                text = r.bodyString();
                inputMode = "Text";
            } else if (contentType.startsWith("audio/l16") || contentType.startsWith("audio/x-l16") || contentType.startsWith("audio/lpcm")) {
                text = LexTestAudio.transcript(r.body()).orElse("");
                inputMode = "Speech";
            } else {
                throw new LexModelsFake.LexFakeError(400, "ValidationException", "unsupported Content-Type " + contentType);
            }
            JsonNode state = Json.object();
            JsonNode attrs = null;
            try {
                if (r.header("x-amz-lex-session-state").isPresent()) {
                    state = decodeHeader(r.header("x-amz-lex-session-state").get());
                }
                if (r.header("x-amz-lex-request-attributes").isPresent()) {
                    attrs = decodeHeader(r.header("x-amz-lex-request-attributes").get());
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new LexModelsFake.LexFakeError(400, "ValidationException",
                        "x-amz-lex-session-state and x-amz-lex-request-attributes must be gzip+base64 JSON: " + e.getMessage());
            }
            Session s = sessions.computeIfAbsent(t.key, k -> new Session(t.sessionId));
            apply(s, state);
            turn(t.nlu, s, text);
            StringBuilder reply = new StringBuilder();
            s.messages.forEach(m -> reply.append(reply.length() == 0 ? "" : " ").append(m.path("content").asText()));
            byte[] body = textOut ? reply.toString().getBytes(StandardCharsets.UTF_8) : LexTestAudio.speak(reply.toString());
            FakeResponse resp = FakeResponse.bytes(200, textOut ? "text/plain; charset=utf-8" : "audio/pcm", body)
                    .header("x-amz-lex-input-mode", inputMode)
                    .header("x-amz-lex-messages", encodeHeader(s.messages))
                    .header("x-amz-lex-interpretations", encodeHeader(s.interpretations))
                    .header("x-amz-lex-session-state", encodeHeader(sessionState(s, r)))
                    .header("x-amz-lex-session-id", s.sessionId)
                    .header("x-amz-lex-input-transcript", encodeHeader(Json.MAPPER.getNodeFactory().textNode(text)));
            if (attrs != null) {
                resp = resp.header("x-amz-lex-request-attributes", encodeHeader(attrs));
            }
            return resp;
        } catch (LexModelsFake.LexFakeError e) {
            return FakeResponse.error(e.status, e.type, e.getMessage());
        }
    }

    private synchronized FakeResponse putSession(FakeRequest r) {
        try {
            Target t = target(r);
            JsonNode req = r.json();
            if (!req.has("sessionState")) {
                throw new LexModelsFake.LexFakeError(400, "ValidationException", "sessionState is required");
            }
            Session s = new Session(t.sessionId);
            sessions.put(t.key, s);
            apply(s, req.path("sessionState"));
            s.messages = req.path("messages").isArray() ? (ArrayNode) req.get("messages").deepCopy() : Json.array();
            FakeResponse resp = FakeResponse.bytes(200, "text/plain; charset=utf-8", new byte[0])
                    .header("x-amz-lex-session-state", encodeHeader(sessionState(s, r)))
                    .header("x-amz-lex-messages", encodeHeader(s.messages))
                    .header("x-amz-lex-session-id", s.sessionId);
            if (req.has("requestAttributes")) {
                resp = resp.header("x-amz-lex-request-attributes", encodeHeader(req.get("requestAttributes")));
            }
            return resp;
        } catch (LexModelsFake.LexFakeError e) {
            return FakeResponse.error(e.status, e.type, e.getMessage());
        }
    }

    private synchronized FakeResponse getSession(FakeRequest r) {
        try {
            Target t = target(r);
            Session s = sessions.get(t.key);
            if (s == null) {
                throw new LexModelsFake.LexFakeError(404, "ResourceNotFoundException", "session " + t.sessionId + " does not exist");
            }
            ObjectNode out = Json.object().put("sessionId", s.sessionId);
            out.set("messages", s.messages);
            out.set("interpretations", s.interpretations);
            out.set("sessionState", sessionState(s, r));
            return FakeResponse.json(out);
        } catch (LexModelsFake.LexFakeError e) {
            return FakeResponse.error(e.status, e.type, e.getMessage());
        }
    }

    private synchronized FakeResponse deleteSession(FakeRequest r) {
        try {
            Target t = target(r);
            if (sessions.remove(t.key) == null) {
                throw new LexModelsFake.LexFakeError(404, "ResourceNotFoundException", "session " + t.sessionId + " does not exist");
            }
            return FakeResponse.json(Json.object().put("botId", t.botId).put("botAliasId", t.aliasId)
                    .put("localeId", t.localeId).put("sessionId", t.sessionId));
        } catch (LexModelsFake.LexFakeError e) {
            return FakeResponse.error(e.status, e.type, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ dialog

    /** Applies a client-sent session state (it replaces the parts it names). */
    private static void apply(Session s, JsonNode state) {
        if (state == null || !state.isObject()) {
            return;
        }
        if (state.has("sessionAttributes")) {
            s.attributes = state.path("sessionAttributes").isObject() ? (ObjectNode) state.get("sessionAttributes").deepCopy() : Json.object();
        }
        JsonNode intent = state.path("intent");
        if (intent.isObject() && intent.hasNonNull("name")) {
            s.intent = intent.get("name").asText();
            s.state = intent.path("state").asText("InProgress");
            s.confirmation = intent.path("confirmationState").asText("None");
            s.slots = new LinkedHashMap<>();
            intent.path("slots").fields().forEachRemaining(e -> {
                JsonNode v = e.getValue().path("value");
                if (v.isObject()) {
                    List<String> resolved = new ArrayList<>();
                    v.path("resolvedValues").forEach(x -> resolved.add(x.asText()));
                    String interpreted = v.path("interpretedValue").asText(v.path("originalValue").asText(""));
                    s.slots.put(e.getKey(), new LexNlu.Found(0, 0, v.path("originalValue").asText(interpreted), interpreted, resolved));
                }
            });
        }
        JsonNode da = state.path("dialogAction");
        if (da.isObject() && da.hasNonNull("type")) {
            s.dialog = da.get("type").asText();
            s.slotToElicit = da.path("slotToElicit").asText(null);
            s.retries = 0;
        }
    }

    private void turn(LexNlu nlu, Session s, String text) {
        s.lastTranscript = text;
        s.messages = Json.array();
        if (s.dialog == null || "Close".equals(s.dialog) || "ElicitIntent".equals(s.dialog) || s.intent == null
                || FALLBACK.equals(s.intent)) {
            s.intent = null;
        }
        List<LexNlu.Scored> candidates = nlu.recognise(text);
        LexNlu.Intent active = s.intent == null ? null : nlu.intent(s.intent);
        if (active != null && "ElicitSlot".equals(s.dialog)) {
            LexNlu.Slot slot = active.slot(s.slotToElicit);
            LexNlu.Found f = slot == null ? null : nlu.fromAnswer(slot, text);
            LexNlu.Scored top = candidates.isEmpty() ? null : candidates.get(0);
            if (f == null && top != null && top.score() >= 1.0 && top.intent() != active) {
                start(s, top);
                active = top.intent();
            } else if (f == null) {
                if (++s.retries > (slot == null ? 0 : slot.maxRetries())) {
                    s.state = "Failed";
                    s.dialog = "Close";
                    message(s, "Sorry, I could not understand the " + s.slotToElicit + ". Let's start over.");
                    interpretations(s, candidates, active);
                    return;
                }
                message(s, slot.prompt() == null ? "What is the " + slot.name() + "?" : fill(slot.prompt(), s));
                s.state = "InProgress";
                interpretations(s, candidates, active);
                return;
            } else {
                // like Lex, an answer may fill other slots too ("40 liters of autogas")
                Map<String, LexNlu.Found> all = nlu.extract(active, text, null);
                if (all.containsKey(slot.name())) {
                    all.forEach((k, v) -> s.slots.putIfAbsent(k, v));
                }
                s.slots.put(slot.name(), all.getOrDefault(slot.name(), f));
                s.retries = 0;
                s.confidence = 1.0;
            }
        } else if (active != null && "ConfirmIntent".equals(s.dialog)) {
            Boolean yes = LexNlu.yesNo(text);
            if (yes == null) {
                if (++s.retries > 2) {
                    s.state = "Failed";
                    s.dialog = "Close";
                    message(s, "Sorry, I could not understand. Let's start over.");
                } else {
                    message(s, fill(active.confirmPrompt, s));
                }
                interpretations(s, candidates, active);
                return;
            }
            s.retries = 0;
            if (!yes) {
                s.confirmation = "Denied";
                s.state = "Failed";
                s.dialog = "Close";
                if (active.declineMessage != null) {
                    message(s, fill(active.declineMessage, s));
                }
                interpretations(s, candidates, active);
                return;
            }
            s.confirmation = "Confirmed";
        } else if (active == null) {
            LexNlu.Scored top = candidates.isEmpty() ? null : candidates.get(0);
            if (top == null || top.score() < nlu.threshold) {
                s.intent = FALLBACK;
                s.slots = new LinkedHashMap<>();
                s.state = "ReadyForFulfillment";
                s.confirmation = "None";
                s.dialog = "Close";
                s.slotToElicit = null;
                message(s, FALLBACK_MESSAGE);
                interpretations(s, candidates, null);
                return;
            }
            start(s, top);
            active = top.intent();
        }
        advance(s, active);
        interpretations(s, candidates, active);
    }

    private static void start(Session s, LexNlu.Scored top) {
        s.intent = top.intent().name;
        s.slots = new LinkedHashMap<>(top.slots());
        s.confirmation = "None";
        s.retries = 0;
        s.confidence = top.score();
    }

    private static void advance(Session s, LexNlu.Intent intent) {
        for (LexNlu.Slot slot : intent.slots) {
            if (slot.required() && !s.slots.containsKey(slot.name())) {
                s.dialog = "ElicitSlot";
                s.slotToElicit = slot.name();
                s.state = "InProgress";
                message(s, slot.prompt() == null ? "What is the " + slot.name() + "?" : fill(slot.prompt(), s));
                return;
            }
        }
        s.slotToElicit = null;
        if (intent.confirmPrompt != null && "None".equals(s.confirmation)) {
            s.dialog = "ConfirmIntent";
            s.state = "InProgress";
            message(s, fill(intent.confirmPrompt, s));
            return;
        }
        s.dialog = "Close";
        s.state = intent.fulfillmentHook ? "Fulfilled" : "ReadyForFulfillment";
        if (intent.closingMessage != null) {
            message(s, fill(intent.closingMessage, s));
        }
    }

    private static String fill(String template, Session s) {
        String out = template;
        for (Map.Entry<String, LexNlu.Found> e : s.slots.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue().interpreted());
        }
        return out;
    }

    private static void message(Session s, String text) {
        s.messages.add(Json.object().put("content", text).put("contentType", "PlainText"));
    }

    private ObjectNode intentJson(Session s, LexNlu.Intent intent) {
        ObjectNode i = Json.object().put("name", s.intent);
        ObjectNode slots = i.putObject("slots");
        if (intent != null) {
            for (LexNlu.Slot slot : intent.slots) {
                LexNlu.Found f = s.slots.get(slot.name());
                slots.set(slot.name(), f == null ? null : slotJson(f));
            }
        }
        s.slots.forEach((k, f) -> {
            if (!slots.has(k)) {
                slots.set(k, slotJson(f));
            }
        });
        i.put("state", s.state).put("confirmationState", s.confirmation);
        return i;
    }

    private static ObjectNode slotJson(LexNlu.Found f) {
        ObjectNode v = Json.object();
        ObjectNode value = v.putObject("value").put("originalValue", f.original()).put("interpretedValue", f.interpreted());
        ArrayNode rv = value.putArray("resolvedValues");
        f.resolved().forEach(rv::add);
        return v;
    }

    private void interpretations(Session s, List<LexNlu.Scored> candidates, LexNlu.Intent active) {
        ArrayNode out = Json.array();
        if (active != null) {
            ObjectNode first = Json.object();
            first.putObject("nluConfidence").put("score", s.confidence);
            first.set("intent", intentJson(s, active));
            first.put("interpretationSource", "Lex");
            out.add(first);
        } else {
            out.add(Json.object().put("interpretationSource", "Lex").set("intent", intentJson(s, null)));
        }
        for (LexNlu.Scored c : candidates) {
            if (c.intent() == active) {
                continue;
            }
            ObjectNode alt = Json.object();
            alt.putObject("nluConfidence").put("score", c.score());
            ObjectNode i = alt.putObject("intent").put("name", c.intent().name);
            i.putObject("slots");
            alt.put("interpretationSource", "Lex");
            out.add(alt);
        }
        if (active != null) {
            ObjectNode fb = Json.object();
            fb.putObject("intent").put("name", FALLBACK).putObject("slots");
            fb.put("interpretationSource", "Lex");
            out.add(fb);
        }
        s.interpretations = out;
    }

    private static ObjectNode sessionState(Session s, FakeRequest r) {
        ObjectNode st = Json.object();
        if (s.dialog != null) {
            ObjectNode da = st.putObject("dialogAction").put("type", s.dialog);
            if (s.slotToElicit != null && "ElicitSlot".equals(s.dialog)) {
                da.put("slotToElicit", s.slotToElicit);
            }
        }
        if (s.intent != null) {
            ObjectNode i = Json.object().put("name", s.intent);
            ObjectNode slots = i.putObject("slots");
            s.slots.forEach((k, f) -> slots.set(k, slotJson(f)));
            i.put("state", s.state == null ? "InProgress" : s.state).put("confirmationState", s.confirmation);
            st.set("intent", i);
        }
        st.set("sessionAttributes", s.attributes);
        st.put("originatingRequestId", UUID.nameUUIDFromBytes((s.sessionId + r.received()).getBytes(StandardCharsets.UTF_8)).toString());
        return st;
    }
}
