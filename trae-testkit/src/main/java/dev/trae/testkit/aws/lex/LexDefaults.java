package dev.trae.testkit.aws.lex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.Json;

/**
 * The defaults Lex V2 fills into what it stores, so that {@code Describe*} answers carry members the client
 * never sent, as the real service's do. The models fake applies them on every create and update.
 *
 * <ul>
 *   <li>Locale voice: {@code engine} {@code standard} when not given
 *       (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_VoiceSettings.html).</li>
 *   <li>Prompts ({@code PromptSpecification}: slot elicitation, intent confirmation): {@code allowInterrupt}
 *       true, {@code messageSelectionStrategy} {@code Random}, and one {@code promptAttemptsSpecification} per
 *       attempt ({@code Initial}, {@code Retry1} .. {@code RetryN} for {@code maxRetries} N) with audio and DTMF
 *       input allowed and the input defaults of the Lex V2 Developer Guide page "Configuring timeouts for capturing
 *       user input" (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html): voice (start) timeout
 *       4000 ms, maximum utterance length 13000 ms, silence (end) timeout 600 ms (the page writes "6000 milliseconds
 *       (0.6 seconds)"; the seconds figure is taken), DTMF deletion character {@code *}, end character {@code #},
 *       end timeout 5000 ms, at most 1024 digits, text start timeout 30000 ms. The member shapes are those of
 *       https://docs.aws.amazon.com/lexv2/latest/APIReference/API_PromptSpecification.html and
 *       https://docs.aws.amazon.com/lexv2/latest/APIReference/API_PromptAttemptSpecification.html. (Earlier values
 *       15000 ms, 640 ms and 513 digits came from a Terraform provider's documentation, not from AWS.)</li>
 *   <li>Responses ({@code ResponseSpecification}: declination, closing): {@code allowInterrupt} true
 *       (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html: "Default: True").</li>
 *   <li>Fulfillment code hook: {@code active} true
 *       (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_FulfillmentCodeHookSettings.html).</li>
 * </ul>
 */
final class LexDefaults {
    private LexDefaults() {
    }

    static void locale(ObjectNode def) {
        if (def.has("voiceSettings") && def.get("voiceSettings").isObject()) {
            ObjectNode v = (ObjectNode) def.get("voiceSettings");
            if (!v.hasNonNull("engine")) {
                v.put("engine", "standard");
            }
        }
    }

    static void slot(ObjectNode def) {
        JsonNode ves = def.path("valueElicitationSetting");
        if (ves.isObject()) {
            prompt(ves.path("promptSpecification"));
        }
    }

    static void intent(ObjectNode def) {
        JsonNode conf = def.path("intentConfirmationSetting");
        if (conf.isObject()) {
            prompt(conf.path("promptSpecification"));
            response(conf.path("declinationResponse"));
            response(conf.path("confirmationResponse"));
        }
        JsonNode closing = def.path("intentClosingSetting");
        if (closing.isObject()) {
            response(closing.path("closingResponse"));
        }
        JsonNode hook = def.path("fulfillmentCodeHook");
        if (hook.isObject() && !hook.has("active")) {
            ((ObjectNode) hook).put("active", true);
        }
    }

    private static void response(JsonNode r) {
        if (r.isObject() && !r.has("allowInterrupt")) {
            ((ObjectNode) r).put("allowInterrupt", true);
        }
    }

    private static void prompt(JsonNode p) {
        if (!p.isObject()) {
            return;
        }
        ObjectNode spec = (ObjectNode) p;
        if (!spec.has("allowInterrupt")) {
            spec.put("allowInterrupt", true);
        }
        if (!spec.has("messageSelectionStrategy")) {
            spec.put("messageSelectionStrategy", "Random");
        }
        if (!spec.has("promptAttemptsSpecification")) {
            ObjectNode attempts = spec.putObject("promptAttemptsSpecification");
            int retries = spec.path("maxRetries").asInt(0);
            attempts.set("Initial", attempt());
            for (int i = 1; i <= retries; i++) {
                attempts.set("Retry" + i, attempt());
            }
        }
    }

    private static ObjectNode attempt() {
        ObjectNode a = Json.object();
        a.put("allowInterrupt", true);
        a.putObject("allowedInputTypes").put("allowAudioInput", true).put("allowDTMFInput", true);
        ObjectNode io = a.putObject("audioAndDTMFInputSpecification");
        io.put("startTimeoutMs", 4000);
        io.putObject("audioSpecification").put("maxLengthMs", 13000).put("endTimeoutMs", 600);
        io.putObject("dtmfSpecification").put("maxLength", 1024).put("endTimeoutMs", 5000)
                .put("deletionCharacter", "*").put("endCharacter", "#");
        a.putObject("textInputSpecification").put("startTimeoutMs", 30000);
        return a;
    }
}
