package dev.trae.aws.lex.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.lex.LexTurn;
import dev.trae.aws.lex.model.ConfirmationState;
import dev.trae.aws.lex.model.DialogActionType;
import dev.trae.aws.lex.model.IntentState;
import dev.trae.aws.lex.model.Interpretation;
import dev.trae.aws.lex.model.SlotValue;
import software.amazon.awssdk.services.lexruntimev2.model.ActiveContext;
import software.amazon.awssdk.services.lexruntimev2.model.ConfidenceScore;
import software.amazon.awssdk.services.lexruntimev2.model.DialogAction;
import software.amazon.awssdk.services.lexruntimev2.model.Intent;
import software.amazon.awssdk.services.lexruntimev2.model.Message;
import software.amazon.awssdk.services.lexruntimev2.model.SessionState;
import software.amazon.awssdk.services.lexruntimev2.model.Slot;
import software.amazon.awssdk.services.lexruntimev2.model.Value;

/**
 * Lex V2 runtime wire details: the gzip+base64 JSON header encoding of RecognizeUtterance and PutSession,
 * JSON to and from the SDK's session types, and SDK responses to {@link LexTurn}s. Not API.
 */
public final class LexWire {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Decoded header JSON larger than this is refused (a hostile or broken response). */
    static final int MAX_HEADER_JSON = 1 << 20;

    private LexWire() {
    }

    /** gzip, then base64. */
    public static String encode(JsonNode json) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(MAPPER.writeValueAsBytes(json));
            }
            return Base64.getEncoder().encodeToString(bos.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decodes a header value: base64, gunzipped when it is gzip, parsed as JSON; null or empty gives null.
     * Throws {@link TraeClientException} for a corrupt value.
     */
    public static JsonNode decode(String header, String name) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            byte[] raw = Base64.getDecoder().decode(header.trim());
            if (raw.length > 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    raw = in.readNBytes(MAX_HEADER_JSON + 1);
                }
                if (raw.length > MAX_HEADER_JSON) {
                    throw new IOException("decoded value larger than " + MAX_HEADER_JSON + " bytes");
                }
            }
            return MAPPER.readTree(raw);
        } catch (IOException | IllegalArgumentException e) {
            throw new TraeClientException("Lex response header " + name + " is not gzip+base64 JSON: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ SDK -> JSON

    public static ObjectNode toJson(SessionState s) {
        ObjectNode n = MAPPER.createObjectNode();
        if (s.dialogAction() != null) {
            ObjectNode da = n.putObject("dialogAction");
            da.put("type", s.dialogAction().typeAsString());
            if (s.dialogAction().slotToElicit() != null) {
                da.put("slotToElicit", s.dialogAction().slotToElicit());
            }
            if (s.dialogAction().slotElicitationStyleAsString() != null) {
                da.put("slotElicitationStyle", s.dialogAction().slotElicitationStyleAsString());
            }
        }
        if (s.intent() != null) {
            n.set("intent", toJson(s.intent()));
        }
        if (s.hasActiveContexts()) {
            ArrayNode ac = n.putArray("activeContexts");
            for (ActiveContext c : s.activeContexts()) {
                ObjectNode cn = ac.addObject().put("name", c.name());
                if (c.timeToLive() != null) {
                    ObjectNode ttl = cn.putObject("timeToLive");
                    if (c.timeToLive().timeToLiveInSeconds() != null) {
                        ttl.put("timeToLiveInSeconds", c.timeToLive().timeToLiveInSeconds());
                    }
                    if (c.timeToLive().turnsToLive() != null) {
                        ttl.put("turnsToLive", c.timeToLive().turnsToLive());
                    }
                }
                ObjectNode attrs = cn.putObject("contextAttributes");
                c.contextAttributes().forEach(attrs::put);
            }
        }
        if (s.hasSessionAttributes()) {
            ObjectNode attrs = n.putObject("sessionAttributes");
            s.sessionAttributes().forEach(attrs::put);
        }
        if (s.originatingRequestId() != null) {
            n.put("originatingRequestId", s.originatingRequestId());
        }
        return n;
    }

    static ObjectNode toJson(Intent i) {
        ObjectNode n = MAPPER.createObjectNode().put("name", i.name());
        ObjectNode slots = n.putObject("slots");
        if (i.hasSlots()) {
            i.slots().forEach((k, v) -> slots.set(k, v == null ? null : toJson(v)));
        }
        if (i.stateAsString() != null) {
            n.put("state", i.stateAsString());
        }
        if (i.confirmationStateAsString() != null) {
            n.put("confirmationState", i.confirmationStateAsString());
        }
        return n;
    }

    static ObjectNode toJson(Slot s) {
        ObjectNode n = MAPPER.createObjectNode();
        if (s.value() != null) {
            ObjectNode v = n.putObject("value");
            if (s.value().originalValue() != null) {
                v.put("originalValue", s.value().originalValue());
            }
            v.put("interpretedValue", s.value().interpretedValue());
            ArrayNode rv = v.putArray("resolvedValues");
            s.value().resolvedValues().forEach(rv::add);
        }
        if (s.shapeAsString() != null) {
            n.put("shape", s.shapeAsString());
        }
        if (s.hasValues()) {
            ArrayNode vs = n.putArray("values");
            s.values().forEach(x -> vs.add(toJson(x)));
        }
        return n;
    }

    // ------------------------------------------------------------------ JSON -> SDK

    public static SessionState sessionState(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        SessionState.Builder b = SessionState.builder();
        JsonNode da = n.path("dialogAction");
        if (da.isObject()) {
            b.dialogAction(DialogAction.builder().type(da.path("type").asText(null)).slotToElicit(da.path("slotToElicit").asText(null))
                    .slotElicitationStyle(da.path("slotElicitationStyle").asText(null)).build());
        }
        if (n.path("intent").isObject()) {
            b.intent(intent(n.get("intent")));
        }
        if (n.path("sessionAttributes").isObject()) {
            b.sessionAttributes(strings(n.get("sessionAttributes")));
        }
        if (n.path("activeContexts").isArray()) {
            List<ActiveContext> acs = new ArrayList<>();
            for (JsonNode c : n.get("activeContexts")) {
                acs.add(ActiveContext.builder().name(c.path("name").asText())
                        .timeToLive(t -> t.timeToLiveInSeconds(c.path("timeToLive").path("timeToLiveInSeconds").isInt()
                                        ? c.path("timeToLive").path("timeToLiveInSeconds").asInt() : null)
                                .turnsToLive(c.path("timeToLive").path("turnsToLive").isInt() ? c.path("timeToLive").path("turnsToLive").asInt() : null))
                        .contextAttributes(strings(c.path("contextAttributes"))).build());
            }
            b.activeContexts(acs);
        }
        if (n.hasNonNull("originatingRequestId")) {
            b.originatingRequestId(n.get("originatingRequestId").asText());
        }
        return b.build();
    }

    static Intent intent(JsonNode n) {
        Map<String, Slot> slots = new LinkedHashMap<>();
        n.path("slots").fields().forEachRemaining(e -> {
            if (e.getValue() != null && e.getValue().isObject()) {
                slots.put(e.getKey(), slot(e.getValue()));
            }
        });
        return Intent.builder().name(n.path("name").asText(null)).slots(slots).state(n.path("state").asText(null))
                .confirmationState(n.path("confirmationState").asText(null)).build();
    }

    static Slot slot(JsonNode n) {
        Slot.Builder b = Slot.builder();
        JsonNode v = n.path("value");
        if (v.isObject()) {
            List<String> resolved = new ArrayList<>();
            v.path("resolvedValues").forEach(x -> resolved.add(x.asText()));
            b.value(Value.builder().originalValue(v.path("originalValue").asText(null))
                    .interpretedValue(v.path("interpretedValue").asText(null)).resolvedValues(resolved).build());
        }
        if (n.hasNonNull("shape")) {
            b.shape(n.get("shape").asText());
        }
        if (n.path("values").isArray()) {
            List<Slot> values = new ArrayList<>();
            n.get("values").forEach(x -> values.add(slot(x)));
            b.values(values);
        }
        return b.build();
    }

    public static List<Message> messages(JsonNode n) {
        List<Message> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (JsonNode m : n) {
                out.add(Message.builder().content(m.path("content").asText(null)).contentType(m.path("contentType").asText("PlainText")).build());
            }
        }
        return out;
    }

    /** A string map as a JSON object. */
    public static ObjectNode json(Map<String, String> map) {
        ObjectNode n = MAPPER.createObjectNode();
        map.forEach(n::put);
        return n;
    }

    public static ArrayNode messagesJson(List<String> texts) {
        ArrayNode a = MAPPER.createArrayNode();
        texts.forEach(t -> a.addObject().put("content", t).put("contentType", "PlainText"));
        return a;
    }

    public static List<software.amazon.awssdk.services.lexruntimev2.model.Interpretation> interpretations(JsonNode n) {
        List<software.amazon.awssdk.services.lexruntimev2.model.Interpretation> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (JsonNode i : n) {
                software.amazon.awssdk.services.lexruntimev2.model.Interpretation.Builder b =
                        software.amazon.awssdk.services.lexruntimev2.model.Interpretation.builder()
                                .interpretationSource(i.path("interpretationSource").asText(null));
                if (i.path("nluConfidence").has("score")) {
                    b.nluConfidence(ConfidenceScore.builder().score(i.path("nluConfidence").path("score").asDouble()).build());
                }
                if (i.path("intent").isObject()) {
                    b.intent(intent(i.get("intent")));
                }
                out.add(b.build());
            }
        }
        return out;
    }

    public static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        return out;
    }

    // ------------------------------------------------------------------ SDK -> LexTurn

    /** Builds a turn from the SDK shapes of any runtime response. */
    public static LexTurn turn(String sessionId, String transcript, List<Message> messages, SessionState state,
                               List<software.amazon.awssdk.services.lexruntimev2.model.Interpretation> interpretations,
                               Map<String, String> requestAttributes, byte[] audio, String audioType) {
        Intent intent = state == null ? null : state.intent();
        Map<String, SlotValue> slots = new LinkedHashMap<>();
        if (intent != null && intent.hasSlots()) {
            intent.slots().forEach((name, slot) -> {
                if (slot != null && slot.value() != null && slot.value().interpretedValue() != null) {
                    slots.put(name, new SlotValue(slot.value().originalValue(), slot.value().interpretedValue(),
                            slot.value().resolvedValues()));
                }
            });
        }
        List<Interpretation> interps = new ArrayList<>();
        OptionalDouble confidence = OptionalDouble.empty();
        for (software.amazon.awssdk.services.lexruntimev2.model.Interpretation i : interpretations) {
            if (i.intent() == null || i.intent().name() == null) {
                continue;
            }
            OptionalDouble c = i.nluConfidence() != null && i.nluConfidence().score() != null
                    ? OptionalDouble.of(i.nluConfidence().score()) : OptionalDouble.empty();
            interps.add(new Interpretation(i.intent().name(), c));
            if (intent != null && i.intent().name().equals(intent.name()) && confidence.isEmpty()) {
                confidence = c;
            }
        }
        List<String> texts = new ArrayList<>();
        for (Message m : messages) {
            if (m.content() != null) {
                texts.add(m.content());
            }
        }
        DialogAction da = state == null ? null : state.dialogAction();
        return new LexTurn(sessionId, transcript, intent == null ? null : intent.name(),
                intent == null ? IntentState.UNKNOWN : IntentState.fromWire(intent.stateAsString()),
                intent == null ? ConfirmationState.NONE : ConfirmationState.fromWire(intent.confirmationStateAsString()),
                confidence, slots, texts, da == null ? DialogActionType.NONE : DialogActionType.fromWire(da.typeAsString()),
                da == null ? null : da.slotToElicit(),
                state == null || !state.hasSessionAttributes() ? Map.of() : state.sessionAttributes(),
                requestAttributes == null ? Map.of() : requestAttributes, interps, audio, audioType);
    }
}
