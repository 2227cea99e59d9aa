package dev.trae.aws.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.aws.lex.model.IntentDefinition;
import dev.trae.aws.lex.model.LocaleDefinition;
import org.junit.jupiter.api.Test;

/**
 * Lex V2's export zip (https://docs.aws.amazon.com/lexv2/latest/dg/import-export-format.html): an export as Lex
 * writes it (manifest, Bot.json, BotLocale.json, Intent.json with messageGroupsList and isActive, Slot.json with
 * slotTypeName and Lex's prompt-attempt defaults, SlotType.json, the built-in FallbackIntent) reads into a
 * definition, and a definition writes back into the same layout and reads back unchanged.
 */
class LexExportFormatTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/LexFuelStation";

    private static final String ATTEMPT = """
            {"allowInterrupt": true, "allowedInputTypes": {"allowAudioInput": true, "allowDTMFInput": true},
             "audioAndDTMFInputSpecification": {"startTimeoutMs": 4000, "audioSpecification": {"maxLengthMs": 13000, "endTimeoutMs": 600},
               "dtmfSpecification": {"maxLength": 1024, "endTimeoutMs": 5000, "deletionCharacter": "*", "endCharacter": "#"}},
             "textInputSpecification": {"startTimeoutMs": 30000}}""";

    private static String message(String text) {
        return "{\"messageGroupsList\": [{\"message\": {\"plainTextMessage\": {\"value\": \"" + text + "\"}, \"ssmlMessage\": null,"
                + " \"customPayload\": null, \"imageResponseCard\": null}, \"variations\": null}]";
    }

    private static String prompt(String text) {
        return message(text) + ", \"maxRetries\": 2, \"allowInterrupt\": true, \"messageSelectionStrategy\": \"Random\","
                + " \"promptAttemptsSpecification\": {\"Initial\": " + ATTEMPT + ", \"Retry1\": " + ATTEMPT + ", \"Retry2\": " + ATTEMPT + "}}";
    }

    private static String slot(String name, String type, String constraint, String promptText) {
        return "{\"name\": \"" + name + "\", \"identifier\": \"ABCDEFGHIJ\", \"description\": null, \"slotTypeName\": \"" + type + "\","
                + " \"valueElicitationSetting\": {\"defaultValueSpecification\": null, \"slotConstraint\": \"" + constraint + "\","
                + " \"promptSpecification\": " + prompt(promptText) + ", \"sampleUtterances\": null, \"waitAndContinueSpecification\": null,"
                + " \"slotCaptureSetting\": {\"captureNextStep\": {\"dialogAction\": {\"type\": \"ElicitSlot\"}}, \"elicitationCodeHook\":"
                + " {\"enableCodeHookInvocation\": true, \"invocationLabel\": null}}},"
                + " \"obfuscationSetting\": {\"obfuscationSettingType\": \"None\"}, \"multipleValuesSetting\": {\"allowMultipleValues\": false}}";
    }

    /** An export of the fuel bot as Lex lays it out. */
    static byte[] lexExport() throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("manifest.json", "{\"metadata\": {\"schemaVersion\": \"1.0\", \"fileFormat\": \"LexJson\", \"resourceType\": \"Bot\"}}");
        String b = "FuelBot/";
        f.put(b + "Bot.json", "{\"name\": \"FuelBot\", \"identifier\": \"X1Y2Z3W4V5\", \"version\": \"DRAFT\", \"description\": \"Fuel orders\","
                + " \"dataPrivacy\": {\"childDirected\": false}, \"idleSessionTTLInSeconds\": 600}");
        String l = b + "BotLocales/en_US/";
        f.put(l + "BotLocale.json", "{\"name\": \"English (US)\", \"identifier\": \"en_US\", \"version\": null, \"description\": null,"
                + " \"voiceSettings\": {\"voiceId\": \"Danielle\", \"engine\": \"neural\"}, \"nluConfidenceThreshold\": 0.45}");
        f.put(l + "SlotTypes/FuelType/SlotType.json", "{\"name\": \"FuelType\", \"identifier\": \"T1T2T3T4T5\", \"description\": null,"
                + " \"slotTypeValues\": [{\"sampleValue\": {\"value\": \"diesel\"}, \"synonyms\": [{\"value\": \"dizel\"}]},"
                + " {\"sampleValue\": {\"value\": \"petrol\"}, \"synonyms\": [{\"value\": \"gasoline\"}, {\"value\": \"A95\"}]},"
                + " {\"sampleValue\": {\"value\": \"lpg\"}, \"synonyms\": null}],"
                + " \"parentSlotTypeSignature\": null, \"valueSelectionSetting\": {\"resolutionStrategy\": \"TOP_RESOLUTION\", \"regexFilter\": null,"
                + " \"advancedRecognitionSetting\": null}, \"externalSourceSetting\": null}");
        f.put(l + "Intents/FallbackIntent/Intent.json", "{\"name\": \"FallbackIntent\", \"identifier\": \"FALLBCKINT\", \"description\":"
                + " \"Default intent when no other intent matches\", \"parentIntentSignature\": \"AMAZON.FallbackIntent\", \"sampleUtterances\": null,"
                + " \"intentConfirmationSetting\": null, \"intentClosingSetting\": null, \"dialogCodeHook\": null, \"fulfillmentCodeHook\": null,"
                + " \"slotPriorities\": null}");
        f.put(l + "Intents/OrderFuel/Intent.json", "{\"name\": \"OrderFuel\", \"identifier\": \"I1I2I3I4I5\", \"description\": \"A customer orders fuel\","
                + " \"parentIntentSignature\": null, \"sampleUtterances\": [{\"utterance\": \"I need fuel\"}, {\"utterance\": \"{Liters} liters of {FuelType}\"}],"
                + " \"intentConfirmationSetting\": {\"promptSpecification\": " + prompt("Pump {Liters} liters of {FuelType}?") + ","
                + " \"declinationResponse\": " + message("Okay, cancelled.") + ", \"allowInterrupt\": true}, \"isActive\": true,"
                + " \"confirmationNextStep\": {\"dialogAction\": {\"type\": \"FulfillIntent\"}}},"
                + " \"intentClosingSetting\": {\"closingResponse\": " + message("Done.") + ", \"allowInterrupt\": true}, \"isActive\": true,"
                + " \"nextStep\": {\"dialogAction\": {\"type\": \"EndConversation\"}}},"
                + " \"inputContexts\": null, \"outputContexts\": null, \"kendraConfiguration\": null,"
                + " \"dialogCodeHook\": {\"enabled\": false}, \"fulfillmentCodeHook\": {\"enabled\": true, \"isActive\": true,"
                + " \"postFulfillmentStatusSpecification\": null, \"fulfillmentUpdatesSpecification\": null},"
                + " \"slotPriorities\": [{\"priority\": 2, \"slotName\": \"Liters\"}, {\"priority\": 1, \"slotName\": \"FuelType\"}]}");
        f.put(l + "Intents/OrderFuel/Slots/FuelType/Slot.json", slot("FuelType", "FuelType", "Required", "Which fuel?"));
        f.put(l + "Intents/OrderFuel/Slots/Liters/Slot.json", slot("Liters", "AMAZON.Number", "Required", "How many liters?"));
        return zip(f);
    }

    static byte[] zip(Map<String, String> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void read_whenLexExport_buildsTheDefinition() throws Exception {
        BotDefinition def = LexExportFormat.read(lexExport(), ROLE);
        assertThat(def.name()).isEqualTo("FuelBot");
        assertThat(def.description()).isEqualTo("Fuel orders");
        assertThat(def.roleArn()).isEqualTo(ROLE);
        assertThat(def.idleSessionTtl()).isEqualTo(Duration.ofMinutes(10));
        LocaleDefinition l = def.locale("en_US").orElseThrow();
        assertThat(l.confidenceThreshold()).isEqualTo(0.45);
        assertThat(l.voiceId()).isEqualTo("Danielle");
        assertThat(l.slotTypes()).singleElement().satisfies(t -> {
            assertThat(t.restrictToValues()).isTrue();
            assertThat(t.values()).extracting(v -> v.value()).containsExactly("diesel", "petrol", "lpg");
            assertThat(t.values().get(1).synonyms()).containsExactly("gasoline", "A95");
        });
        assertThat(l.intents()).extracting(IntentDefinition::name).containsExactly("OrderFuel");
        IntentDefinition i = l.intents().get(0);
        assertThat(i.utterances()).containsExactly("I need fuel", "{Liters} liters of {FuelType}");
        assertThat(i.slots()).extracting(s -> s.name()).containsExactly("FuelType", "Liters"); // by slotPriorities
        assertThat(i.slots().get(1).slotType()).isEqualTo("AMAZON.Number");
        assertThat(i.slots().get(0).prompt()).isEqualTo("Which fuel?");
        assertThat(i.confirmationPrompt()).isEqualTo("Pump {Liters} liters of {FuelType}?");
        assertThat(i.declinationResponse()).isEqualTo("Okay, cancelled.");
        assertThat(i.closingResponse()).isEqualTo("Done.");
        assertThat(i.fulfillmentCodeHook()).isTrue();
        assertThat(i.dialogCodeHook()).isFalse();
    }

    @Test
    void write_whenDefinition_writesTheDocumentedLayoutAndReadsBackUnchanged() throws Exception {
        BotDefinition fuel = FuelBot.definition();
        byte[] zip = LexExportFormat.write(fuel);
        List<String> names = new ArrayList<>();
        String manifest = null;
        String slot = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (e.getName().equals("manifest.json")) {
                    manifest = body;
                }
                if (e.getName().endsWith("OrderFuel/Slots/Liters/Slot.json")) {
                    slot = body;
                }
            }
        }
        String root = "FuelStationAssistant/";
        assertThat(names).contains("manifest.json", root + "Bot.json", root + "BotLocales/en_US/BotLocale.json",
                root + "BotLocales/en_US/SlotTypes/FuelType/SlotType.json", root + "BotLocales/en_US/Intents/OrderFuel/Intent.json",
                root + "BotLocales/en_US/Intents/OrderFuel/Slots/Liters/Slot.json");
        assertThat(manifest).contains("\"fileFormat\" : \"LexJson\"").contains("\"resourceType\" : \"Bot\"");
        assertThat(slot).contains("\"slotTypeName\" : \"AMAZON.Number\"").contains("\"messageGroupsList\"");
        BotDefinition back = LexExportFormat.read(zip, fuel.roleArn());
        assertThat(back).isEqualTo(fuel);
        assertThat(back.fingerprint()).isEqualTo(fuel.fingerprint());
    }

    @Test
    void read_whenExportUsesWhatTheDefinitionCannotExpress_refusesNamingEach() throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("manifest.json", "{\"metadata\": {\"schemaVersion\": \"1.0\", \"fileFormat\": \"LexJson\", \"resourceType\": \"Bot\"}}");
        f.put("B/Bot.json", "{\"name\": \"B\", \"dataPrivacy\": {\"childDirected\": false}, \"idleSessionTTLInSeconds\": 300}");
        f.put("B/BotLocales/en_US/BotLocale.json", "{\"identifier\": \"en_US\", \"nluConfidenceThreshold\": 0.4}");
        f.put("B/BotLocales/en_US/Intents/Help/Intent.json", "{\"name\": \"Help\", \"sampleUtterances\": [{\"utterance\": \"help\"}],"
                + " \"intentClosingSetting\": {\"closingResponse\": {\"messageGroupsList\": [{\"message\": {\"ssmlMessage\": {\"value\": \"<speak>Hi</speak>\"}}}]}}}");
        f.put("B/BotLocales/en_US/Intents/Search/Intent.json", "{\"name\": \"Search\", \"parentIntentSignature\": \"AMAZON.KendraSearchIntent\"}");
        assertThatThrownBy(() -> LexExportFormat.read(zip(f), ROLE)).isInstanceOf(TraeValidationException.class)
                .hasMessageContaining("intent Help closing: only plain-text messages")
                .hasMessageContaining("AMAZON.KendraSearchIntent");
        assertThatThrownBy(() -> LexExportFormat.read("not a zip".getBytes(StandardCharsets.UTF_8), ROLE))
                .isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> LexExportFormat.read(zip(Map.of("B/Bot.json", "{}")), ROLE))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("manifest.json");
    }

    @Test
    void read_whenEntryEscapesTheArchive_refuses() throws Exception {
        assertThatThrownBy(() -> LexExportFormat.read(zip(Map.of("../evil.json", "{}")), ROLE))
                .isInstanceOf(TraeValidationException.class).hasMessageContaining("escapes");
    }
}
