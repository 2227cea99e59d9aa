package dev.trae.aws.lex.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Messages;

/** JSON export and import of {@link BotDefinition}s (format {@value BotDefinition#FORMAT}). Not API. */
final class DefinitionJson {
    /** Largest accepted document. */
    static final int MAX_CHARS = 1 << 20;
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_CHARS).build())
            .build()).enable(SerializationFeature.INDENT_OUTPUT);

    private DefinitionJson() {
    }

    static String write(BotDefinition d) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", BotDefinition.FORMAT);
        root.put("name", d.name());
        root.put("description", d.description());
        root.put("roleArn", d.roleArn());
        root.put("idleSessionTtlSeconds", d.idleSessionTtl().toSeconds());
        root.put("childDirected", d.childDirected());
        ArrayNode locales = root.putArray("locales");
        for (LocaleDefinition l : d.locales()) {
            ObjectNode ln = locales.addObject();
            ln.put("localeId", l.localeId());
            ln.put("description", l.description());
            ln.put("confidenceThreshold", l.confidenceThreshold());
            ln.put("voiceId", l.voiceId());
            ArrayNode types = ln.putArray("slotTypes");
            for (SlotTypeDefinition t : l.slotTypes()) {
                ObjectNode tn = types.addObject();
                tn.put("name", t.name());
                tn.put("description", t.description());
                tn.put("restrictToValues", t.restrictToValues());
                ArrayNode values = tn.putArray("values");
                for (SlotTypeDefinition.Value v : t.values()) {
                    ObjectNode vn = values.addObject();
                    vn.put("value", v.value());
                    ArrayNode syn = vn.putArray("synonyms");
                    v.synonyms().forEach(syn::add);
                }
            }
            ArrayNode intents = ln.putArray("intents");
            for (IntentDefinition i : l.intents()) {
                ObjectNode in = intents.addObject();
                in.put("name", i.name());
                in.put("description", i.description());
                ArrayNode utts = in.putArray("utterances");
                i.utterances().forEach(utts::add);
                ArrayNode slots = in.putArray("slots");
                for (SlotDefinition s : i.slots()) {
                    ObjectNode sn = slots.addObject();
                    sn.put("name", s.name());
                    sn.put("slotType", s.slotType());
                    sn.put("required", s.required());
                    sn.put("prompt", s.prompt());
                    sn.put("maxRetries", s.maxRetries());
                    sn.put("description", s.description());
                }
                in.put("confirmationPrompt", i.confirmationPrompt());
                in.put("declinationResponse", i.declinationResponse());
                in.put("closingResponse", i.closingResponse());
                in.put("dialogCodeHook", i.dialogCodeHook());
                in.put("fulfillmentCodeHook", i.fulfillmentCodeHook());
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fingerprint(BotDefinition d) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(write(d).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static BotDefinition read(String json) {
        if (json == null || json.isBlank()) {
            throw new TraeValidationException("json", "bot definition JSON is empty");
        }
        if (json.length() > MAX_CHARS) {
            throw new TraeValidationException("json", "bot definition JSON is larger than " + MAX_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new TraeValidationException("json", "not valid JSON" + where + ": " + Messages.shorten(e.getOriginalMessage()));
        }
        ObjectNode r = object(root, "$");
        allowed(r, "$", Set.of("format", "name", "description", "roleArn", "idleSessionTtlSeconds", "childDirected", "locales"));
        String format = str(r, "$", "format", true);
        if (!BotDefinition.FORMAT.equals(format)) {
            throw new TraeValidationException("$.format", "expected " + BotDefinition.FORMAT + ", was '" + Messages.shorten(format) + "'");
        }
        long ttl = r.has("idleSessionTtlSeconds") ? integer(r, "$", "idleSessionTtlSeconds") : 300;
        BotDefinition.Builder b = BotDefinition.builder(str(r, "$", "name", true))
                .description(str(r, "$", "description", false))
                .roleArn(str(r, "$", "roleArn", false))
                .idleSessionTtl(Duration.ofSeconds(ttl))
                .childDirected(bool(r, "$", "childDirected", false));
        int li = 0;
        for (JsonNode ln : array(r, "$", "locales")) {
            String lp = "$.locales[" + li++ + "]";
            ObjectNode l = object(ln, lp);
            allowed(l, lp, Set.of("localeId", "description", "confidenceThreshold", "voiceId", "slotTypes", "intents"));
            List<SlotTypeDefinition> types = new ArrayList<>();
            int ti = 0;
            for (JsonNode tn : array(l, lp, "slotTypes")) {
                String tp = lp + ".slotTypes[" + ti++ + "]";
                ObjectNode t = object(tn, tp);
                allowed(t, tp, Set.of("name", "description", "restrictToValues", "values"));
                List<SlotTypeDefinition.Value> values = new ArrayList<>();
                int vi = 0;
                for (JsonNode vn : array(t, tp, "values")) {
                    String vp = tp + ".values[" + vi++ + "]";
                    ObjectNode v = object(vn, vp);
                    allowed(v, vp, Set.of("value", "synonyms"));
                    values.add(new SlotTypeDefinition.Value(str(v, vp, "value", true), strings(v, vp, "synonyms")));
                }
                types.add(new SlotTypeDefinition(str(t, tp, "name", true), str(t, tp, "description", false), values,
                        bool(t, tp, "restrictToValues", true)));
            }
            List<IntentDefinition> intents = new ArrayList<>();
            int ii = 0;
            for (JsonNode inn : array(l, lp, "intents")) {
                String ip = lp + ".intents[" + ii++ + "]";
                ObjectNode in = object(inn, ip);
                allowed(in, ip, Set.of("name", "description", "utterances", "slots", "confirmationPrompt", "declinationResponse",
                        "closingResponse", "dialogCodeHook", "fulfillmentCodeHook"));
                List<SlotDefinition> slots = new ArrayList<>();
                int si = 0;
                for (JsonNode sn : array(in, ip, "slots")) {
                    String sp = ip + ".slots[" + si++ + "]";
                    ObjectNode s = object(sn, sp);
                    allowed(s, sp, Set.of("name", "slotType", "required", "prompt", "maxRetries", "description"));
                    slots.add(new SlotDefinition(str(s, sp, "name", true), str(s, sp, "slotType", true), bool(s, sp, "required", true),
                            str(s, sp, "prompt", false), s.has("maxRetries") ? (int) integer(s, sp, "maxRetries") : 2,
                            str(s, sp, "description", false)));
                }
                intents.add(new IntentDefinition(str(in, ip, "name", true), str(in, ip, "description", false),
                        strings(in, ip, "utterances"), slots, str(in, ip, "confirmationPrompt", false),
                        str(in, ip, "declinationResponse", false), str(in, ip, "closingResponse", false),
                        bool(in, ip, "dialogCodeHook", false), bool(in, ip, "fulfillmentCodeHook", false)));
            }
            double threshold = 0.4;
            if (l.has("confidenceThreshold")) {
                if (!l.get("confidenceThreshold").isNumber()) {
                    throw new TraeValidationException(lp + ".confidenceThreshold", "must be a number");
                }
                threshold = l.get("confidenceThreshold").asDouble();
            }
            b.locale(new LocaleDefinition(str(l, lp, "localeId", true), str(l, lp, "description", false), threshold,
                    str(l, lp, "voiceId", false), types, intents));
        }
        return b.build();
    }

    private static ObjectNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new TraeValidationException(path, "must be a JSON object");
        }
        return (ObjectNode) n;
    }

    private static void allowed(ObjectNode n, String path, Set<String> names) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!names.contains(f)) {
                throw new TraeValidationException(path + "." + Messages.shorten(f), "unknown field; allowed: " + new java.util.TreeSet<>(names));
            }
        }
    }

    private static String str(ObjectNode n, String path, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new TraeValidationException(path + "." + field, "is required");
            }
            return "";
        }
        if (!v.isTextual()) {
            throw new TraeValidationException(path + "." + field, "must be a string");
        }
        return v.asText();
    }

    private static boolean bool(ObjectNode n, String path, String field, boolean dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new TraeValidationException(path + "." + field, "must be true or false");
        }
        return v.asBoolean();
    }

    private static long integer(ObjectNode n, String path, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new TraeValidationException(path + "." + field, "must be an integer");
        }
        return v.asLong();
    }

    private static ArrayNode array(ObjectNode n, String path, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return MAPPER.createArrayNode();
        }
        if (!v.isArray()) {
            throw new TraeValidationException(path + "." + field, "must be an array");
        }
        return (ArrayNode) v;
    }

    private static List<String> strings(ObjectNode n, String path, String field) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode v : array(n, path, field)) {
            if (!v.isTextual()) {
                throw new TraeValidationException(path + "." + field + "[" + i + "]", "must be a string");
            }
            out.add(v.asText());
            i++;
        }
        return out;
    }
}
