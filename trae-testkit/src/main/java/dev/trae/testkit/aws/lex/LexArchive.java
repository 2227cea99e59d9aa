package dev.trae.testkit.aws.lex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.aws.lex.LexModelsFake.Bot;
import dev.trae.testkit.aws.lex.LexModelsFake.IntentState;
import dev.trae.testkit.aws.lex.LexModelsFake.LocaleState;
import dev.trae.testkit.wire.Json;

/**
 * The fake's own reader and writer of Lex V2's bot archive ({@code LexJson}), written from the format page
 * (https://docs.aws.amazon.com/lexv2/latest/dg/import-export-format.html), not from the SDK's client code, so that the
 * client's reader and writer are tested against an independent implementation:
 *
 * <ul>
 *   <li>{@code manifest.json} ({@code metadata.schemaVersion}, {@code fileFormat} {@code LexJson},
 *       {@code resourceType} {@code Bot}); {@code <BotName>/Bot.json}; {@code BotLocales/<locale>/BotLocale.json};
 *       {@code SlotTypes/<name>/SlotType.json}; {@code Intents/<name>/Intent.json};
 *       {@code Intents/<name>/Slots/<slot>/Slot.json}.</li>
 *   <li>The files name resources where the API uses ids: {@code name} for {@code intentName}/{@code slotName}/
 *       {@code slotTypeName}, {@code slotTypeName} for a slot's {@code slotTypeId}, {@code slotName} in
 *       {@code slotPriorities}; message groups are {@code messageGroupsList} and settings are switched with
 *       {@code isActive}, where the API has {@code messageGroups} and {@code active}.</li>
 *   <li>The archive carries no IAM role: {@code StartImport} takes it in the {@code botImportSpecification}.</li>
 * </ul>
 */
final class LexArchive {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private LexArchive() {
    }

    /** Writes a bot's locales (of one version) as a LexJson bot archive. */
    static byte[] write(Bot b, Map<String, LocaleState> locales) {
        Map<String, JsonNode> files = new LinkedHashMap<>();
        ObjectNode manifest = Json.object();
        manifest.putObject("metadata").put("schemaVersion", "1").put("fileFormat", "LexJson").put("resourceType", "Bot");
        files.put("manifest.json", manifest);
        String root = b.name() + "/";
        ObjectNode bot = Json.object().put("name", b.name()).putNull("identifier").putNull("version");
        bot.set("description", b.def.path("description").isTextual() ? b.def.get("description") : null);
        bot.set("dataPrivacy", b.def.path("dataPrivacy").deepCopy());
        bot.put("idleSessionTTLInSeconds", b.def.path("idleSessionTTLInSeconds").asInt(300));
        files.put(root + "Bot.json", bot);
        for (LocaleState l : locales.values()) {
            String dir = root + "BotLocales/" + l.localeId + "/";
            ObjectNode loc = Json.object().put("name", l.localeId).put("identifier", l.localeId).putNull("version");
            loc.set("description", l.def.path("description").isTextual() ? l.def.get("description") : null);
            loc.set("voiceSettings", l.def.has("voiceSettings") ? l.def.get("voiceSettings").deepCopy() : null);
            loc.put("nluConfidenceThreshold", l.threshold());
            files.put(dir + "BotLocale.json", loc);
            Map<String, String> typeNames = new LinkedHashMap<>();
            l.slotTypes.forEach((id, t) -> {
                String name = t.path("slotTypeName").asText();
                typeNames.put(id, name);
                ObjectNode st = toFile(t);
                st.remove("slotTypeName");
                st.put("name", name).putNull("identifier");
                files.put(dir + "SlotTypes/" + name + "/SlotType.json", st);
            });
            for (IntentState i : l.intents.values()) {
                String idir = dir + "Intents/" + i.name() + "/";
                ObjectNode in = toFile(i.def);
                in.remove("intentName");
                in.put("name", i.name()).putNull("identifier");
                ArrayNode pr = Json.array();
                for (JsonNode p : i.def.path("slotPriorities")) {
                    JsonNode s = i.slots.get(p.path("slotId").asText());
                    if (s != null) {
                        pr.addObject().put("priority", p.path("priority").asInt()).put("slotName", s.path("slotName").asText());
                    }
                }
                in.set("slotPriorities", pr);
                files.put(idir + "Intent.json", in);
                i.slots.forEach((id, s) -> {
                    ObjectNode sl = toFile(s);
                    sl.remove("slotName");
                    sl.remove("slotTypeId");
                    String type = s.path("slotTypeId").asText();
                    sl.put("name", s.path("slotName").asText()).putNull("identifier")
                            .put("slotTypeName", typeNames.getOrDefault(type, type));
                    files.put(idir + "Slots/" + s.path("slotName").asText() + "/Slot.json", sl);
                });
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, JsonNode> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(e.getValue()));
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** What an archive holds: the bot's description and its locales in the API's request shapes. */
    record Contents(String botName, String description, List<LocaleState> locales) {
    }

    /**
     * Reads a LexJson bot archive into locales in the API's request shapes (new ids; every locale gets the built-in
     * {@code FallbackIntent} as {@code CreateBotLocale} gives it). Throws {@link IllegalArgumentException} with the
     * reason Lex would report for an archive it cannot import.
     */
    static Contents read(byte[] zip) {
        Map<String, JsonNode> files = unzip(zip);
        JsonNode manifest = files.get("manifest.json");
        if (manifest == null || !"LexJson".equals(manifest.path("metadata").path("fileFormat").asText())
                || !"Bot".equals(manifest.path("metadata").path("resourceType").asText())) {
            throw new IllegalArgumentException("the archive has no manifest.json for a LexJson Bot");
        }
        String botFile = files.keySet().stream().filter(k -> k.matches("[^/]+/Bot\\.json")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the archive has no <BotName>/Bot.json"));
        String root = botFile.substring(0, botFile.indexOf('/') + 1);
        JsonNode bot = files.get(botFile);
        List<LocaleState> locales = new ArrayList<>();
        for (String k : files.keySet()) {
            String[] parts = k.split("/");
            if (!k.startsWith(root + "BotLocales/") || parts.length != 4 || !"BotLocale.json".equals(parts[3])) {
                continue;
            }
            JsonNode lf = files.get(k);
            String dir = root + "BotLocales/" + parts[2] + "/";
            ObjectNode ldef = Json.object().put("localeId", lf.path("identifier").asText(parts[2]))
                    .put("nluIntentConfidenceThreshold", lf.path("nluConfidenceThreshold").asDouble(0.4));
            if (lf.path("description").isTextual()) {
                ldef.set("description", lf.get("description"));
            }
            if (lf.path("voiceSettings").isObject()) {
                ldef.set("voiceSettings", lf.get("voiceSettings").deepCopy());
            }
            LocaleState l = new LocaleState(ldef.path("localeId").asText(), ldef);
            l.status = "NotBuilt";
            Map<String, String> typeIds = new LinkedHashMap<>();
            children(files, dir + "SlotTypes/", "SlotType.json").forEach(t -> {
                ObjectNode def = toApi(t);
                def.remove("name");
                def.remove("identifier");
                def.put("slotTypeName", t.path("name").asText());
                String id = LexModelsFake.newId();
                typeIds.put(t.path("name").asText(), id);
                l.slotTypes.put(id, def);
            });
            l.intents.put("FALLBCKINT", new IntentState("FALLBCKINT", Json.object().put("intentName", "FallbackIntent")
                    .put("parentIntentSignature", "AMAZON.FallbackIntent").put("description", "Default intent when no other intent matches")));
            for (JsonNode in : children(files, dir + "Intents/", "Intent.json")) {
                String name = in.path("name").asText();
                if ("AMAZON.FallbackIntent".equals(in.path("parentIntentSignature").asText())) {
                    continue;
                }
                ObjectNode def = toApi(in);
                def.remove("name");
                def.remove("identifier");
                def.remove("slotPriorities");
                def.put("intentName", name);
                IntentState i = new IntentState(LexModelsFake.newId(), def);
                Map<String, String> slotIds = new LinkedHashMap<>();
                for (JsonNode s : children(files, dir + "Intents/" + name + "/Slots/", "Slot.json")) {
                    ObjectNode sdef = toApi(s);
                    sdef.remove("name");
                    sdef.remove("identifier");
                    sdef.remove("slotTypeName");
                    String type = s.path("slotTypeName").asText();
                    if (!type.startsWith("AMAZON.") && !typeIds.containsKey(type)) {
                        throw new IllegalArgumentException("slot " + name + "/" + s.path("name").asText() + " names slot type " + type
                                + ", which the archive does not define");
                    }
                    sdef.put("slotName", s.path("name").asText()).put("slotTypeId", typeIds.getOrDefault(type, type));
                    String sid = LexModelsFake.newId();
                    slotIds.put(s.path("name").asText(), sid);
                    i.slots.put(sid, sdef);
                }
                ArrayNode pr = def.putArray("slotPriorities");
                for (JsonNode p : in.path("slotPriorities")) {
                    String sid = slotIds.get(p.path("slotName").asText());
                    if (sid != null) {
                        pr.addObject().put("priority", p.path("priority").asInt()).put("slotId", sid);
                    }
                }
                l.intents.put(i.id, i);
            }
            locales.add(l);
        }
        if (locales.isEmpty()) {
            throw new IllegalArgumentException("the archive defines no bot locale");
        }
        return new Contents(bot.path("name").asText(), bot.path("description").isTextual() ? bot.path("description").asText() : null, locales);
    }

    /** API shape to file shape: {@code messageGroups} becomes {@code messageGroupsList}, {@code active} {@code isActive}. */
    private static ObjectNode toFile(ObjectNode api) {
        return (ObjectNode) rename(api.deepCopy(), "messageGroups", "messageGroupsList", "active", "isActive");
    }

    /** File shape to API shape; {@code null} members are dropped (the files write absent settings as null). */
    private static ObjectNode toApi(JsonNode file) {
        return (ObjectNode) rename(file.deepCopy(), "messageGroupsList", "messageGroups", "isActive", "active");
    }

    private static JsonNode rename(JsonNode n, String from1, String to1, String from2, String to2) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            ObjectNode out = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    continue;
                }
                String k = e.getKey().equals(from1) ? to1 : e.getKey().equals(from2) ? to2 : e.getKey();
                out.set(k, rename(e.getValue(), from1, to1, from2, to2));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = Json.array();
            n.forEach(c -> out.add(rename(c, from1, to1, from2, to2)));
            return out;
        }
        return n;
    }

    private static List<JsonNode> children(Map<String, JsonNode> files, String dir, String file) {
        List<JsonNode> out = new ArrayList<>();
        files.forEach((k, v) -> {
            if (k.startsWith(dir) && k.endsWith("/" + file) && k.substring(dir.length()).split("/").length == 2) {
                out.add(v);
            }
        });
        return out;
    }

    private static Map<String, JsonNode> unzip(byte[] zip) {
        Map<String, JsonNode> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                byte[] data = in.readNBytes((int) Math.min(MAX_BYTES - total + 1, Integer.MAX_VALUE - 8));
                total += data.length;
                if (total > MAX_BYTES) {
                    throw new IllegalArgumentException("the archive is larger than " + MAX_BYTES + " bytes uncompressed");
                }
                if (e.getName().endsWith(".json")) {
                    files.put(e.getName().replace('\\', '/'), MAPPER.readTree(data));
                }
            }
        } catch (IOException ex) {
            throw new IllegalArgumentException("the archive is not a readable zip of JSON files: " + ex.getMessage());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("the archive is not a zip of Lex JSON files");
        }
        return files;
    }
}
