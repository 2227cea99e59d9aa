package dev.trae.aws.lex;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.trae.aws.lex.model.ConfirmationState;
import dev.trae.aws.lex.model.DialogActionType;
import dev.trae.aws.lex.model.IntentState;
import dev.trae.aws.lex.model.Interpretation;
import dev.trae.aws.lex.model.SlotValue;

/**
 * One turn of a conversation: what the user said, the intent Lex recognised with its state and confidence,
 * the filled slots, Lex's messages, the next dialog action and the session attributes; for an audio turn
 * also the reply audio. Immutable. {@link #toString()} shows slot names only, never values or text.
 */
public final class LexTurn {
    private final String sessionId;
    private final String inputTranscript;
    private final String intent;
    private final IntentState intentState;
    private final ConfirmationState confirmationState;
    private final OptionalDouble confidence;
    private final Map<String, SlotValue> slots;
    private final List<String> messages;
    private final DialogActionType dialogAction;
    private final String slotToElicit;
    private final Map<String, String> sessionAttributes;
    private final Map<String, String> requestAttributes;
    private final List<Interpretation> interpretations;
    private final byte[] audio;
    private final String audioContentType;

    /** Used by the session and by tests; applications receive turns from {@link LexSession}. */
    public LexTurn(String sessionId, String inputTranscript, String intent, IntentState intentState,
                   ConfirmationState confirmationState, OptionalDouble confidence, Map<String, SlotValue> slots,
                   List<String> messages, DialogActionType dialogAction, String slotToElicit,
                   Map<String, String> sessionAttributes, Map<String, String> requestAttributes,
                   List<Interpretation> interpretations, byte[] audio, String audioContentType) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.inputTranscript = inputTranscript == null ? "" : inputTranscript;
        this.intent = intent;
        this.intentState = Objects.requireNonNull(intentState, "intentState");
        this.confirmationState = Objects.requireNonNull(confirmationState, "confirmationState");
        this.confidence = Objects.requireNonNull(confidence, "confidence");
        this.slots = Map.copyOf(slots);
        this.messages = List.copyOf(messages);
        this.dialogAction = Objects.requireNonNull(dialogAction, "dialogAction");
        this.slotToElicit = slotToElicit;
        this.sessionAttributes = Map.copyOf(sessionAttributes);
        this.requestAttributes = Map.copyOf(requestAttributes);
        this.interpretations = List.copyOf(interpretations);
        this.audio = audio == null ? null : audio.clone();
        this.audioContentType = audioContentType;
    }

    public String sessionId() {
        return sessionId;
    }

    /** What Lex heard: the text sent, or the transcript of the audio. */
    public String inputTranscript() {
        return inputTranscript;
    }

    /** The recognised intent, empty when Lex returned none. */
    public Optional<String> intent() {
        return Optional.ofNullable(intent);
    }

    public IntentState intentState() {
        return intentState;
    }

    public ConfirmationState confirmationState() {
        return confirmationState;
    }

    /** NLU confidence of the recognised intent (absent for FallbackIntent). */
    public OptionalDouble confidence() {
        return confidence;
    }

    /** Filled slots by name (unfilled slots are absent). */
    public Map<String, SlotValue> slots() {
        return slots;
    }

    public Optional<SlotValue> slot(String name) {
        return Optional.ofNullable(slots.get(name));
    }

    /** The interpreted value of a slot. */
    public Optional<String> slotValue(String name) {
        return slot(name).map(SlotValue::interpreted);
    }

    /** Lex's messages to the user, in order. */
    public List<String> messages() {
        return messages;
    }

    /** The messages joined with spaces. */
    public String reply() {
        return String.join(" ", messages);
    }

    public DialogActionType dialogAction() {
        return dialogAction;
    }

    /** The slot Lex asks for when {@link #dialogAction()} is {@link DialogActionType#ELICIT_SLOT}. */
    public Optional<String> slotToElicit() {
        return Optional.ofNullable(slotToElicit);
    }

    public Map<String, String> sessionAttributes() {
        return sessionAttributes;
    }

    public Map<String, String> requestAttributes() {
        return requestAttributes;
    }

    /** All interpretations, best first. */
    public List<Interpretation> interpretations() {
        return interpretations;
    }

    /** Reply audio of an audio turn (a copy), in {@link #audioContentType()}. */
    public Optional<byte[]> audio() {
        return audio == null ? Optional.empty() : Optional.of(audio.clone());
    }

    public Optional<String> audioContentType() {
        return Optional.ofNullable(audioContentType);
    }

    /** Whether Lex fell back (no intent matched well enough). */
    public boolean isFallback() {
        return intent == null || "FallbackIntent".equals(intent);
    }

    /** Whether Lex closed the intent (dialog action Close). */
    public boolean isClosed() {
        return dialogAction == DialogActionType.CLOSE;
    }

    @Override
    public String toString() {
        return "LexTurn[intent=" + intent + ", state=" + intentState.wireName() + ", confirmation=" + confirmationState.wireName()
                + ", confidence=" + (confidence.isPresent() ? confidence.getAsDouble() : "n/a") + ", dialogAction="
                + dialogAction.wireName() + (slotToElicit != null ? "(" + slotToElicit + ")" : "") + ", slots=" + slots.keySet()
                + ", messages=" + messages.size() + (audio != null ? ", audio=" + audio.length + " bytes" : "") + "]";
    }
}
