package dev.trae.aws.lex.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import software.amazon.awssdk.services.lexmodelsv2.model.DataPrivacy;
import software.amazon.awssdk.services.lexmodelsv2.model.DialogCodeHookSettings;
import software.amazon.awssdk.services.lexmodelsv2.model.FulfillmentCodeHookSettings;
import software.amazon.awssdk.services.lexmodelsv2.model.IntentClosingSetting;
import software.amazon.awssdk.services.lexmodelsv2.model.IntentConfirmationSetting;
import software.amazon.awssdk.services.lexmodelsv2.model.Message;
import software.amazon.awssdk.services.lexmodelsv2.model.MessageGroup;
import software.amazon.awssdk.services.lexmodelsv2.model.PromptSpecification;
import software.amazon.awssdk.services.lexmodelsv2.model.ResponseSpecification;
import software.amazon.awssdk.services.lexmodelsv2.model.SampleUtterance;
import software.amazon.awssdk.services.lexmodelsv2.model.SampleValue;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotPriority;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotTypeValue;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotValueElicitationSetting;
import software.amazon.awssdk.services.lexmodelsv2.model.SlotValueSelectionSetting;
import software.amazon.awssdk.services.lexmodelsv2.model.VoiceSettings;

/**
 * Normalised Lex definitions: what a bot definition determines, read the same way from what the builder sends
 * and from what {@code Describe*} answers. Lex stores its defaults with everything it is given (a voice engine
 * of {@code standard}, prompt attempts with input timeouts, {@code allowInterrupt}, a message selection
 * strategy, an active fulfillment hook; https://docs.aws.amazon.com/lexv2/latest/APIReference/API_VoiceSettings.html,
 * https://docs.aws.amazon.com/lexv2/latest/APIReference/API_PromptSpecification.html), so a field-by-field
 * comparison of the SDK objects would see a change on every redeploy. Here absent values take Lex's default,
 * empty and absent are the same, and members the definition does not manage (prompt attempts) are left out.
 */
public final class NormalForm {
    private NormalForm() {
    }

    /** A bot's settings. */
    public record Bot(String description, String roleArn, boolean childDirected, int idleSessionTtl) {
        public static Bot of(String description, String roleArn, DataPrivacy privacy, Integer ttl) {
            return new Bot(nz(description), nz(roleArn), privacy != null && Boolean.TRUE.equals(privacy.childDirected()),
                    ttl == null ? 0 : ttl);
        }
    }

    /** A locale's settings; the voice counts only when the definition names one. */
    public record Locale(String description, long thresholdHundredths, String voiceId, String engine) {
        public static Locale of(String description, Double threshold, VoiceSettings voice, boolean voiceManaged) {
            return new Locale(nz(description), threshold == null ? -1 : Math.round(threshold * 100),
                    voiceManaged && voice != null ? nz(voice.voiceId()) : "",
                    voiceManaged && voice != null ? (voice.engine() == null ? "standard" : voice.engineAsString()) : "");
        }
    }

    /** A slot type value with its synonyms. */
    public record Value(String value, List<String> synonyms) {
    }

    /** A slot type. */
    public record SlotType(String description, List<Value> values, String resolutionStrategy) {
        public static SlotType of(String description, List<SlotTypeValue> values, SlotValueSelectionSetting selection) {
            List<Value> out = new ArrayList<>();
            for (SlotTypeValue v : values == null ? List.<SlotTypeValue>of() : values) {
                out.add(new Value(v.sampleValue() == null ? "" : nz(v.sampleValue().value()),
                        v.synonyms() == null ? List.of() : v.synonyms().stream().map(SampleValue::value).map(NormalForm::nz).toList()));
            }
            return new SlotType(nz(description), out, selection == null || selection.resolutionStrategy() == null
                    ? "OriginalValue" : selection.resolutionStrategyAsString());
        }
    }

    /** A prompt: its plain-text messages (with variations), retries, and whether it may be interrupted (default true). */
    public record Prompt(List<String> messages, int maxRetries, boolean allowInterrupt) {
        public static Prompt of(PromptSpecification p) {
            return p == null ? null : new Prompt(NormalForm.texts(p.messageGroups()), p.maxRetries() == null ? 0 : p.maxRetries(),
                    p.allowInterrupt() == null || p.allowInterrupt());
        }
    }

    /** A response: its plain-text messages, and whether it may be interrupted (default true). */
    public record Response(List<String> messages, boolean allowInterrupt) {
        public static Response of(ResponseSpecification r) {
            return r == null ? null : new Response(NormalForm.texts(r.messageGroups()), r.allowInterrupt() == null || r.allowInterrupt());
        }
    }

    /** A slot. */
    public record Slot(String slotTypeId, String description, String constraint, Prompt prompt) {
        public static Slot of(String slotTypeId, String description, SlotValueElicitationSetting e) {
            return new Slot(nz(slotTypeId), nz(description), e == null ? "" : nz(e.slotConstraintAsString()),
                    e == null ? null : Prompt.of(e.promptSpecification()));
        }
    }

    /** An intent. */
    public record Intent(String description, List<String> utterances, boolean dialogHook, boolean fulfillmentHook,
                         boolean fulfillmentActive, Prompt confirmation, Response declination, boolean confirmationActive,
                         Response closing, boolean closingActive, List<String> priorities) {
        public static Intent of(String description, List<SampleUtterance> utterances, DialogCodeHookSettings dialog,
                                FulfillmentCodeHookSettings fulfillment, IntentConfirmationSetting confirmation,
                                IntentClosingSetting closing, List<SlotPriority> priorities) {
            List<String> pr = new ArrayList<>();
            List<SlotPriority> sorted = new ArrayList<>(priorities == null ? List.of() : priorities);
            sorted.sort(Comparator.comparing(p -> p.priority() == null ? 0 : p.priority()));
            sorted.forEach(p -> pr.add(p.priority() + ":" + p.slotId()));
            return new Intent(nz(description),
                    utterances == null ? List.of() : utterances.stream().map(u -> nz(u.utterance())).toList(),
                    dialog != null && Boolean.TRUE.equals(dialog.enabled()),
                    fulfillment != null && Boolean.TRUE.equals(fulfillment.enabled()),
                    fulfillment == null || fulfillment.active() == null || fulfillment.active(),
                    confirmation == null ? null : Prompt.of(confirmation.promptSpecification()),
                    confirmation == null ? null : Response.of(confirmation.declinationResponse()),
                    confirmation != null && (confirmation.active() == null || confirmation.active()),
                    closing == null ? null : Response.of(closing.closingResponse()),
                    closing != null && (closing.active() == null || closing.active()),
                    pr);
        }
    }

    static List<String> texts(List<MessageGroup> groups) {
        List<String> out = new ArrayList<>();
        for (MessageGroup g : groups == null ? List.<MessageGroup>of() : groups) {
            add(out, g.message());
            if (g.variations() != null) {
                g.variations().forEach(v -> add(out, v));
            }
        }
        return out;
    }

    private static void add(List<String> out, Message m) {
        if (m == null) {
            return;
        }
        if (m.plainTextMessage() != null) {
            out.add("text:" + nz(m.plainTextMessage().value()));
        } else if (m.ssmlMessage() != null) {
            out.add("ssml:" + nz(m.ssmlMessage().value()));
        } else if (m.customPayload() != null) {
            out.add("custom:" + nz(m.customPayload().value()));
        } else if (m.imageResponseCard() != null) {
            out.add("card:" + nz(m.imageResponseCard().title()));
        }
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
