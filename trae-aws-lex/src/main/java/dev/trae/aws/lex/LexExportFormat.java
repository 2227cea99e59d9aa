package dev.trae.aws.lex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.aws.lex.model.IntentDefinition;
import dev.trae.aws.lex.model.LocaleDefinition;
import dev.trae.aws.lex.model.SlotDefinition;
import dev.trae.aws.lex.model.SlotTypeDefinition;

/**
 * Lex V2's own bot export format: the {@code .zip} that {@code CreateExport} produces and {@code StartImport}
 * takes, with {@code manifest.json} and {@code <BotName>/Bot.json}, {@code BotLocales/<locale>/BotLocale.json},
 * {@code Intents/<intent>/Intent.json}, {@code Intents/<intent>/Slots/<slot>/Slot.json} and
 * {@code SlotTypes/<type>/SlotType.json} (https://docs.aws.amazon.com/lexv2/latest/dg/import-export-format.html).
 * Messages are {@code messageGroupsList}, settings are switched with {@code isActive}, slots name their type by
 * {@code slotTypeName} and priorities name slots by {@code slotName}, as that page shows.
 *
 * <p>{@link #read} turns an export into a {@link BotDefinition} (the export carries no IAM role: pass the one
 * to deploy with); the built-in {@code FallbackIntent} is skipped, and anything the definition cannot express
 * (other built-in intents, SSML or card messages, message variations, multi-valued or composite slots) is
 * refused with one {@link TraeValidationException} naming each, rather than silently dropped. {@link #write}
 * writes a definition in the same layout, with the defaults Lex writes into its own exports.
 *
 * <pre>{@code
 * BotDefinition bot = LexExportFormat.read(Files.readAllBytes(Path.of("FuelBot_DRAFT_X1_LexJson.zip")), roleArn);
 * Files.write(Path.of("fuel-bot-LexJson.zip"), LexExportFormat.write(bot));
 * }</pre>
 */
public final class LexExportFormat {
    /** Largest export read: entries and their uncompressed bytes together. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private LexExportFormat() {
    }

    /** Reads a Lex V2 bot export ({@code resourceType} {@code Bot}) into a validated definition. */
    public static BotDefinition read(byte[] zip, String roleArn) {
        Map<String, JsonNode> files = unzip(zip);
        String botJson = botJson(files);
        String root = botJson.substring(0, botJson.indexOf('/') + 1);
        JsonNode bot = files.get(botJson);
        List<String> problems = new ArrayList<>();
        BotDefinition.Builder b = BotDefinition.builder(bot.path("name").asText())
                .description(text(bot, "description"))
                .roleArn(roleArn)
                .idleSessionTtl(Duration.ofSeconds(bot.path("idleSessionTTLInSeconds").asLong(300)))
                .childDirected(bot.path("dataPrivacy").path("childDirected").asBoolean(false));
        TreeMap<String, JsonNode> locales = new TreeMap<>();
        files.forEach((k, v) -> {
            if (k.startsWith(root + "BotLocales/") && k.endsWith("/BotLocale.json") && k.split("/").length == 4) {
                locales.put(k.split("/")[2], v);
            }
        });
        for (Map.Entry<String, JsonNode> le : locales.entrySet()) {
            String dir = root + "BotLocales/" + le.getKey() + "/";
            JsonNode l = le.getValue();
            List<SlotTypeDefinition> types = new ArrayList<>();
            children(files, dir + "SlotTypes/", "SlotType.json").forEach((name, t) -> types.add(slotType(t, problems)));
            List<IntentDefinition> intents = new ArrayList<>();
            children(files, dir + "Intents/", "Intent.json").forEach((name, i) -> {
                String parent = text(i, "parentIntentSignature");
                if ("AMAZON.FallbackIntent".equals(parent)) {
                    return;
                }
                if (!parent.isEmpty()) {
                    problems.add("intent " + name + ": built-in intent " + parent + " is not supported");
                    return;
                }
                intents.add(intent(i, children(files, dir + "Intents/" + name + "/Slots/", "Slot.json"), problems));
            });
            b.locale(new LocaleDefinition(l.path("identifier").asText(le.getKey()), text(l, "description"),
                    l.path("nluConfidenceThreshold").asDouble(0.4), text(l.path("voiceSettings"), "voiceId"), types, intents));
        }
        if (!problems.isEmpty()) {
            throw new TraeValidationException("export", "the export uses what a BotDefinition cannot express: " + String.join("; ", problems));
        }
        return b.build();
    }

    /**
     * Checks that {@code zip} is a readable Lex V2 bot archive (a {@code manifest.json} for a {@code LexJson} {@code Bot}
     * and a {@code <BotName>/Bot.json}) without converting it, so that an archive using what a {@link BotDefinition}
     * cannot express can still be imported as it is.
     */
    static void checkBotArchive(byte[] zip) {
        botJson(unzip(zip));
    }

    private static String botJson(Map<String, JsonNode> files) {
        JsonNode manifest = files.get("manifest.json");
        if (manifest == null || !"LexJson".equals(manifest.path("metadata").path("fileFormat").asText())
                || !"Bot".equals(manifest.path("metadata").path("resourceType").asText())) {
            throw new TraeValidationException("export", "not a Lex V2 bot export: manifest.json with fileFormat LexJson and resourceType Bot is required");
        }
        return files.keySet().stream().filter(k -> k.matches("[^/]+/Bot\\.json")).findFirst()
                .orElseThrow(() -> new TraeValidationException("export", "no <BotName>/Bot.json in the export"));
    }

    /** Writes a definition as a Lex V2 bot export ({@code <BotName>/...} under a {@code manifest.json}). */
    public static byte[] write(BotDefinition def) {
        Map<String, JsonNode> files = new LinkedHashMap<>();
        ObjectNode manifest = F.objectNode();
        manifest.putObject("metadata").put("schemaVersion", "1.0").put("fileFormat", "LexJson").put("resourceType", "Bot");
        files.put("manifest.json", manifest);
        String root = def.name() + "/";
        ObjectNode bot = F.objectNode();
        bot.put("name", def.name()).putNull("identifier").putNull("version");
        nullable(bot, "description", def.description());
        bot.putObject("dataPrivacy").put("childDirected", def.childDirected());
        bot.put("idleSessionTTLInSeconds", def.idleSessionTtl().toSeconds());
        files.put(root + "Bot.json", bot);
        for (LocaleDefinition l : def.locales()) {
            String dir = root + "BotLocales/" + l.localeId() + "/";
            ObjectNode locale = F.objectNode();
            locale.put("name", l.localeId()).put("identifier", l.localeId()).putNull("version");
            nullable(locale, "description", l.description());
            if (l.voiceId().isEmpty()) {
                locale.putNull("voiceSettings");
            } else {
                locale.putObject("voiceSettings").put("voiceId", l.voiceId()).put("engine", "standard");
            }
            locale.put("nluConfidenceThreshold", l.confidenceThreshold());
            files.put(dir + "BotLocale.json", locale);
            for (SlotTypeDefinition t : l.slotTypes()) {
                ObjectNode st = F.objectNode();
                st.put("name", t.name()).putNull("identifier");
                nullable(st, "description", t.description());
                ArrayNode values = st.putArray("slotTypeValues");
                for (SlotTypeDefinition.Value v : t.values()) {
                    ObjectNode val = values.addObject();
                    val.putObject("sampleValue").put("value", v.value());
                    ArrayNode syn = val.putArray("synonyms");
                    v.synonyms().forEach(s -> syn.addObject().put("value", s));
                }
                st.putNull("parentSlotTypeSignature");
                st.putObject("valueSelectionSetting").put("resolutionStrategy", t.restrictToValues() ? "TOP_RESOLUTION" : "ORIGINAL_VALUE");
                files.put(dir + "SlotTypes/" + t.name() + "/SlotType.json", st);
            }
            for (IntentDefinition i : l.intents()) {
                String idir = dir + "Intents/" + i.name() + "/";
                ObjectNode in = F.objectNode();
                in.put("name", i.name()).putNull("identifier");
                nullable(in, "description", i.description());
                in.putNull("parentIntentSignature");
                ArrayNode utt = in.putArray("sampleUtterances");
                i.utterances().forEach(u -> utt.addObject().put("utterance", u));
                if (i.confirmationPrompt().isEmpty()) {
                    in.putNull("intentConfirmationSetting");
                } else {
                    ObjectNode c = in.putObject("intentConfirmationSetting");
                    c.set("promptSpecification", prompt(i.confirmationPrompt(), 2));
                    c.set("declinationResponse", response(i.declinationResponse()));
                    c.put("isActive", true);
                }
                if (i.closingResponse().isEmpty()) {
                    in.putNull("intentClosingSetting");
                } else {
                    ObjectNode c = in.putObject("intentClosingSetting");
                    c.set("closingResponse", response(i.closingResponse()));
                    c.put("isActive", true);
                }
                in.putObject("dialogCodeHook").put("enabled", i.dialogCodeHook());
                in.putObject("fulfillmentCodeHook").put("enabled", i.fulfillmentCodeHook()).put("isActive", true);
                ArrayNode pr = in.putArray("slotPriorities");
                for (int k = 0; k < i.slots().size(); k++) {
                    pr.addObject().put("priority", k + 1).put("slotName", i.slots().get(k).name());
                }
                files.put(idir + "Intent.json", in);
                for (SlotDefinition s : i.slots()) {
                    ObjectNode sl = F.objectNode();
                    sl.put("name", s.name()).putNull("identifier");
                    nullable(sl, "description", s.description());
                    sl.put("slotTypeName", s.slotType());
                    ObjectNode ves = sl.putObject("valueElicitationSetting");
                    ves.put("slotConstraint", s.required() ? "Required" : "Optional");
                    if (s.prompt().isEmpty()) {
                        ves.putNull("promptSpecification");
                    } else {
                        ves.set("promptSpecification", prompt(s.prompt(), s.maxRetries()));
                    }
                    sl.putNull("multipleValuesSetting");
                    files.put(idir + "Slots/" + s.name() + "/Slot.json", sl);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, JsonNode> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(MAPPER.writeValueAsBytes(e.getValue()));
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException("zip writing failed in memory", e);
        }
        return out.toByteArray();
    }

    private static SlotTypeDefinition slotType(JsonNode t, List<String> problems) {
        String name = t.path("name").asText();
        if (!text(t, "parentSlotTypeSignature").isEmpty()) {
            problems.add("slot type " + name + ": extending " + text(t, "parentSlotTypeSignature") + " is not supported");
        }
        if (t.path("valueSelectionSetting").hasNonNull("regexFilter")) {
            problems.add("slot type " + name + ": regular expression filters are not supported");
        }
        List<SlotTypeDefinition.Value> values = new ArrayList<>();
        for (JsonNode v : t.path("slotTypeValues")) {
            List<String> syn = new ArrayList<>();
            v.path("synonyms").forEach(s -> syn.add(s.path("value").asText()));
            values.add(new SlotTypeDefinition.Value(v.path("sampleValue").path("value").asText(), syn));
        }
        String strategy = t.path("valueSelectionSetting").path("resolutionStrategy").asText("ORIGINAL_VALUE");
        return new SlotTypeDefinition(name, text(t, "description"), values,
                strategy.equalsIgnoreCase("TOP_RESOLUTION") || strategy.equalsIgnoreCase("TopResolution"));
    }

    private static IntentDefinition intent(JsonNode i, Map<String, JsonNode> slotFiles, List<String> problems) {
        String name = i.path("name").asText();
        List<String> utterances = new ArrayList<>();
        i.path("sampleUtterances").forEach(u -> utterances.add(u.path("utterance").asText()));
        Map<String, Integer> priority = new LinkedHashMap<>();
        i.path("slotPriorities").forEach(p -> priority.put(p.path("slotName").asText(), p.path("priority").asInt(Integer.MAX_VALUE)));
        List<SlotDefinition> slots = new ArrayList<>();
        for (Map.Entry<String, JsonNode> se : slotFiles.entrySet()) {
            JsonNode s = se.getValue();
            String slotName = s.path("name").asText(se.getKey());
            if (s.path("multipleValuesSetting").path("allowMultipleValues").asBoolean(false)) {
                problems.add("slot " + name + "/" + slotName + ": multiple values are not supported");
            }
            if (s.hasNonNull("subSlotSetting")) {
                problems.add("slot " + name + "/" + slotName + ": composite slots are not supported");
            }
            JsonNode ves = s.path("valueElicitationSetting");
            JsonNode ps = ves.path("promptSpecification");
            slots.add(new SlotDefinition(slotName, s.path("slotTypeName").asText(), "Required".equals(ves.path("slotConstraint").asText()),
                    message(ps, "slot " + name + "/" + slotName, problems), ps.path("maxRetries").asInt(2), text(s, "description")));
        }
        slots.sort(Comparator.comparingInt(s -> priority.getOrDefault(s.name(), Integer.MAX_VALUE)));
        JsonNode conf = i.path("intentConfirmationSetting");
        boolean confActive = conf.isObject() && conf.path("isActive").asBoolean(true);
        JsonNode closing = i.path("intentClosingSetting");
        boolean closingActive = closing.isObject() && closing.path("isActive").asBoolean(true);
        JsonNode fulfillment = i.path("fulfillmentCodeHook");
        return new IntentDefinition(name, text(i, "description"), utterances, slots,
                confActive ? message(conf.path("promptSpecification"), "intent " + name + " confirmation", problems) : "",
                confActive ? message(conf.path("declinationResponse"), "intent " + name + " declination", problems) : "",
                closingActive ? message(closing.path("closingResponse"), "intent " + name + " closing", problems) : "",
                i.path("dialogCodeHook").path("enabled").asBoolean(false),
                fulfillment.path("enabled").asBoolean(false) && fulfillment.path("isActive").asBoolean(true));
    }

    /** The one plain-text message of a prompt or response; anything richer is a problem. */
    private static String message(JsonNode spec, String where, List<String> problems) {
        JsonNode groups = spec.path("messageGroupsList");
        if (!groups.isArray() || groups.isEmpty()) {
            return "";
        }
        if (groups.size() > 1 || groups.get(0).hasNonNull("variations") && !groups.get(0).path("variations").isEmpty()) {
            problems.add(where + ": message groups and variations are not supported (one plain-text message)");
        }
        JsonNode m = groups.get(0).path("message");
        if (!m.path("plainTextMessage").isObject()) {
            problems.add(where + ": only plain-text messages are supported (not SSML, custom payloads or cards)");
            return "";
        }
        return m.path("plainTextMessage").path("value").asText();
    }

    private static ObjectNode prompt(String text, int maxRetries) {
        ObjectNode p = F.objectNode();
        p.set("messageGroupsList", group(text));
        p.put("maxRetries", maxRetries).put("allowInterrupt", true).put("messageSelectionStrategy", "Random");
        return p;
    }

    private static ObjectNode response(String text) {
        ObjectNode r = F.objectNode();
        r.set("messageGroupsList", group(text));
        r.put("allowInterrupt", true);
        return r;
    }

    private static ArrayNode group(String text) {
        ArrayNode groups = F.arrayNode();
        ObjectNode g = groups.addObject();
        ObjectNode m = g.putObject("message");
        m.putNull("ssmlMessage").putNull("customPayload");
        m.putObject("plainTextMessage").put("value", text);
        m.putNull("imageResponseCard");
        g.putNull("variations");
        return groups;
    }

    /** The JSON files directly below {@code dir}, one per sub-folder, by folder name, in archive order. */
    private static Map<String, JsonNode> children(Map<String, JsonNode> files, String dir, String file) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        files.forEach((k, v) -> {
            if (k.startsWith(dir) && k.endsWith("/" + file)) {
                String rest = k.substring(dir.length());
                if (rest.split("/").length == 2) {
                    out.put(rest.substring(0, rest.indexOf('/')), v);
                }
            }
        });
        return out;
    }

    private static Map<String, JsonNode> unzip(byte[] zip) {
        if (zip == null || zip.length == 0) {
            throw new TraeValidationException("export", "must not be empty");
        }
        Map<String, JsonNode> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            byte[] buf = new byte[8192];
            while ((e = in.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName().replace('\\', '/');
                if (name.startsWith("/") || name.contains("../")) {
                    throw new TraeValidationException("export", "entry path escapes the archive: " + name);
                }
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > MAX_BYTES) {
                        throw new TraeValidationException("export", "larger than " + MAX_BYTES + " bytes uncompressed");
                    }
                    b.write(buf, 0, n);
                }
                if (name.endsWith(".json")) {
                    files.put(name, parse(name, new ByteArrayInputStream(b.toByteArray())));
                }
            }
        } catch (IOException ex) {
            throw new TraeValidationException("export", "not a readable zip: " + ex.getMessage());
        }
        if (files.isEmpty()) {
            throw new TraeValidationException("export", "not a zip of Lex JSON files");
        }
        return files;
    }

    private static JsonNode parse(String name, InputStream in) {
        try {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new TraeValidationException("export", name + " is not valid JSON");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : "";
    }

    private static void nullable(ObjectNode n, String field, String value) {
        if (value == null || value.isEmpty()) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
