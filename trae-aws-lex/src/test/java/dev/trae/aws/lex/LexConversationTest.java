package dev.trae.aws.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.lex.internal.AudioInput;
import dev.trae.aws.lex.model.ConfirmationState;
import dev.trae.aws.lex.model.DialogActionType;
import dev.trae.aws.lex.model.IntentState;
import dev.trae.aws.lex.model.ReplyFormat;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.lex.LexFakes;
import dev.trae.testkit.aws.lex.LexRuntimeFake;
import dev.trae.testkit.aws.lex.LexTestAudio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class LexConversationTest {
    static LexFakes fakes;
    static DeployedBot bot;

    enum Fuel { DIESEL, PETROL, LPG }

    record FuelOrder(@SlotName("FuelType") Fuel fuel, int liters, Optional<Integer> pump) {
    }

    @BeforeAll
    static void deploy(TraeLocal local) {
        fakes = LexFakes.install(local);
        try (LexClient lex = LexClient.create(local.config())) {
            bot = lex.bots().deploy(FuelBot.definition(), DeployOptions.defaults().withPollInterval(Duration.ofMillis(5)));
        }
    }

    @Test
    void say_whenFourTurns_elicitsConfirmsAndCloses(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            LexTurn t1 = s.say("I need fuel");
            assertThat(t1.intent()).contains("OrderFuel");
            assertThat(t1.confidence().getAsDouble()).isEqualTo(1.0);
            assertThat(t1.dialogAction()).isEqualTo(DialogActionType.ELICIT_SLOT);
            assertThat(t1.slotToElicit()).contains("FuelType");
            assertThat(t1.intentState()).isEqualTo(IntentState.IN_PROGRESS);
            assertThat(t1.reply()).isEqualTo("Which fuel: diesel, petrol or LPG?");
            LexTurn t2 = s.say("gasoline");
            assertThat(t2.slotValue("FuelType")).contains("petrol");
            assertThat(t2.slot("FuelType").orElseThrow().original()).isEqualTo("gasoline");
            assertThat(t2.reply()).isEqualTo("How many liters of petrol?");
            LexTurn t3 = s.say("40");
            assertThat(t3.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            assertThat(t3.reply()).isEqualTo("Pump 40 liters of petrol?");
            LexTurn t4 = s.say("yes");
            assertThat(t4.intentState()).isEqualTo(IntentState.READY_FOR_FULFILLMENT);
            assertThat(t4.confirmationState()).isEqualTo(ConfirmationState.CONFIRMED);
            assertThat(t4.isClosed()).isTrue();
            assertThat(t4.reply()).isEqualTo("Done: 40 liters of petrol are authorised.");
            assertThat(s.transcript().size()).isEqualTo(8);
        }
    }

    @Test
    void say_whenAllSlotsInOneUtterance_goesStraightToConfirmation(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexTurn t = lex.session(bot.ref("en_US")).say("I need 25 liters of autogas");
            assertThat(t.intent()).contains("OrderFuel");
            assertThat(t.slotValue("Liters")).contains("25");
            assertThat(t.slotValue("FuelType")).contains("lpg");
            assertThat(t.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            assertThat(t.interpretations().get(0).intent()).isEqualTo("OrderFuel");
            assertThat(t.interpretations()).extracting(i -> i.intent()).contains("FallbackIntent");
        }
    }

    @Test
    void say_whenAnswerHoldsSeveralSlots_fillsThemAll(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            assertThat(s.say("Hi, I want to fill up").slotToElicit()).contains("FuelType");
            LexTurn t = s.say("40 liters of autogas");
            assertThat(t.slotValue("FuelType")).contains("lpg");
            assertThat(t.slotValue("Liters")).contains("40");
            assertThat(t.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            LexTurn unclear = s.say("hmm");
            assertThat(unclear.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            assertThat(unclear.reply()).isEqualTo("Pump 40 liters of lpg?");
        }
    }

    @Test
    void say_whenElicitedAnswerNeverFits_givesUpAfterRetries(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            s.say("I need fuel");
            s.say("kerosene");
            s.say("kerosene");
            LexTurn t = s.say("kerosene");
            assertThat(t.intentState()).isEqualTo(IntentState.FAILED);
            assertThat(t.isClosed()).isTrue();
            assertThat(IntentRouter.builder().fallback(x -> "operator").build().route(t).outcome()).isEqualTo(RouteResult.Outcome.FAILED);
        }
    }

    @Test
    void say_whenUserDeclines_closesAsDeniedAndRouterRunsDenial(TraeLocal local) {
        IntentRouter router = IntentRouter.builder()
                .on("OrderFuel", FuelOrder.class, (o, t) -> "authorised " + o.liters())
                .onConfirm("OrderFuel", FuelOrder.class, (o, t) -> "show " + o.fuel() + " x " + o.liters())
                .onDenied("OrderFuel", t -> "cancelled")
                .build();
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            RouteResult confirm = router.route(s.say("10 liters of diesel"));
            assertThat(confirm.outcome()).isEqualTo(RouteResult.Outcome.CONFIRMING);
            assertThat(confirm.value(String.class)).contains("show DIESEL x 10");
            LexTurn no = s.say("no");
            assertThat(no.confirmationState()).isEqualTo(ConfirmationState.DENIED);
            assertThat(no.intentState()).isEqualTo(IntentState.FAILED);
            assertThat(no.reply()).isEqualTo("Okay, the order is cancelled.");
            assertThat(router.route(no).outcome()).isEqualTo(RouteResult.Outcome.DENIED);
            assertThat(router.route(no).value()).contains("cancelled");
        }
    }

    @Test
    void route_whenConfirmed_bindsTypedSlots(TraeLocal local) {
        IntentRouter router = IntentRouter.builder()
                .on("OrderFuel", FuelOrder.class, (o, t) -> o)
                .fallback(t -> "sorry")
                .build();
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            assertThat(router.route(s.say("fill up dizel")).outcome()).isEqualTo(RouteResult.Outcome.ELICITING);
            s.say("fifty");
            RouteResult r = router.route(s.say("yes please"));
            assertThat(r.outcome()).isEqualTo(RouteResult.Outcome.HANDLED);
            assertThat(r.value(FuelOrder.class)).contains(new FuelOrder(Fuel.DIESEL, 50, Optional.empty()));
            RouteResult fb = router.route(s.say("what is the meaning of life"));
            assertThat(fb.outcome()).isEqualTo(RouteResult.Outcome.FALLBACK);
            assertThat(fb.turn().intent()).contains("FallbackIntent");
            assertThat(fb.value()).contains("sorry");
        }
    }

    @Test
    void sayAudio_whenTestSpeech_decodesHeadersAndReturnsAudio(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            LexTurn t = s.sayAudio(AudioInput.wav(LexTestAudio.speak("I need 30 liters of diesel")), ReplyFormat.PCM,
                    Map.of("channel", "pump-terminal"));
            assertThat(t.inputTranscript()).isEqualTo("I need 30 liters of diesel");
            assertThat(t.intent()).contains("OrderFuel");
            assertThat(t.slotValue("FuelType")).contains("diesel");
            assertThat(t.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            assertThat(t.requestAttributes()).containsEntry("channel", "pump-terminal");
            assertThat(t.audioContentType()).contains("audio/pcm");
            assertThat(LexTestAudio.transcript(t.audio().orElseThrow())).contains("Pump 30 liters of diesel?");
            FakeRequest req = local.server("lex-runtime").requests("RecognizeUtterance").get(0);
            assertThat(req.header("Content-Type")).contains("audio/l16; rate=16000; channels=1");
            // the request attributes travelled gzip+base64 encoded
            assertThat(req.header("x-amz-lex-request-attributes").orElseThrow()).startsWith("H4sI");
            LexTurn yes = s.sayForAudio("yes", ReplyFormat.TEXT);
            assertThat(new String(yes.audio().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("Done: 30 liters of diesel are authorised.");
            assertThat(yes.intentState()).isEqualTo(IntentState.READY_FOR_FULFILLMENT);
        }
    }

    @Test
    void sayAudio_whenSilence_heardAsNothing(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexTurn t = lex.session(bot.ref("en_US")).sayAudio(new byte[32_000]);
            assertThat(t.inputTranscript()).isEmpty();
            assertThat(t.isFallback()).isTrue();
        }
    }

    @Test
    void sessionAttributes_whenSet_travelWithTheNextTurnAndKeepTheDialog(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            s.say("I need fuel");
            s.attribute("station", "Kyiv-12");
            LexTurn t = s.say("diesel");
            assertThat(t.sessionAttributes()).containsEntry("station", "Kyiv-12");
            assertThat(t.slotToElicit()).contains("Liters");
            assertThat(s.attributes()).containsEntry("station", "Kyiv-12");
            // audio turns send the session state as a gzip+base64 header
            s.attribute("shift", "night");
            LexTurn a = s.sayAudio(LexTestAudio.speak("20"), ReplyFormat.TEXT, Map.of());
            assertThat(a.sessionAttributes()).containsEntry("shift", "night").containsEntry("station", "Kyiv-12");
            assertThat(a.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
        }
    }

    @Test
    void putGetDelete_manageTheSession(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"), o -> o.sessionIdPolicy(SessionIdPolicy.perUser("operator-7@station.example", "salt")));
            assertThat(s.sessionId()).startsWith("u-").doesNotContain("operator");
            assertThat(s.get()).isEmpty();
            LexTurn put = s.put(u -> u.intent("OrderFuel").slot("FuelType", "lpg").elicitSlot("Liters").attribute("station", "Lviv-3")
                    .message("How many liters of lpg?"));
            assertThat(put.dialogAction()).isEqualTo(DialogActionType.ELICIT_SLOT);
            assertThat(put.messages()).containsExactly("How many liters of lpg?");
            LexTurn got = s.get().orElseThrow();
            assertThat(got.intent()).contains("OrderFuel");
            assertThat(got.slotValue("FuelType")).contains("lpg");
            assertThat(got.sessionAttributes()).containsEntry("station", "Lviv-3");
            LexTurn next = s.say("12");
            assertThat(next.slotValue("Liters")).contains("12");
            assertThat(next.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            assertThat(s.delete()).isTrue();
            assertThat(s.delete()).isFalse();
            assertThat(s.get()).isEmpty();
        }
    }

    @Test
    void say_whenThrottled_retriesAndAdvancesTheDialogOnce(TraeLocal local) {
        FakeAwsServer runtime = local.server("lex-runtime");
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            int before = runtime.count("RecognizeText");
            runtime.faults().next("RecognizeText", 2, Fault.throttle());
            LexTurn t1 = s.say("I need fuel");
            assertThat(t1.slotToElicit()).contains("FuelType");
            assertThat(runtime.count("RecognizeText") - before).isEqualTo(3);
        }
    }

    /**
     * Lex V2 RecognizeText/RecognizeUtterance advance the dialog and take no idempotency token
     * (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_RecognizeText.html): a turn whose
     * answer is lost after Lex processed it must not be sent again.
     */
    @Test
    void say_whenAnswerLostAfterLexProcessedTheTurn_doesNotRetryAndTheDialogAdvancesOnce(TraeLocal local) {
        FakeAwsServer runtime = local.server("lex-runtime");
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            s.say("I need fuel");
            int before = runtime.count("RecognizeText");
            runtime.faults().next("RecognizeText", 1, Fault.afterCommit());
            assertThatThrownBy(() -> s.say("diesel")).isInstanceOf(TraeException.class)
                    .hasMessageContaining("may have been processed");
            assertThat(runtime.count("RecognizeText") - before).isEqualTo(1);
            LexTurn atLex = s.get().orElseThrow();
            assertThat(atLex.slotValue("FuelType")).contains("diesel");
            assertThat(atLex.slotToElicit()).contains("Liters");
            LexTurn next = s.say("40");
            assertThat(next.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            assertThat(next.reply()).isEqualTo("Pump 40 liters of diesel?");
        }
    }

    @Test
    void say_afterAnUncertainTurn_sendsAttributesWithLexsStateNotAStaleCopy(TraeLocal local) {
        FakeAwsServer runtime = local.server("lex-runtime");
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            s.say("I need fuel");
            runtime.faults().next("RecognizeText", 1, Fault.afterCommit());
            assertThatThrownBy(() -> s.say("diesel")).isInstanceOf(LexTurnUncertainException.class);
            s.attribute("station", "Lviv-3");
            LexTurn next = s.say("40");
            assertThat(next.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            assertThat(next.reply()).isEqualTo("Pump 40 liters of diesel?");
            assertThat(next.sessionAttributes()).containsEntry("station", "Lviv-3");
        }
    }

    @Test
    void say_whenAfterCommitErrorOrReset_isNotRetried(TraeLocal local) {
        FakeAwsServer runtime = local.server("lex-runtime");
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            int before = runtime.count("RecognizeText");
            runtime.faults().next("RecognizeText", 1, Fault.afterCommitStatus(500, "InternalFailure"));
            assertThatThrownBy(() -> s.say("I need fuel")).isInstanceOf(LexTurnUncertainException.class)
                    .hasCauseInstanceOf(TraeServiceException.class);
            assertThat(runtime.count("RecognizeText") - before).isEqualTo(1);
            runtime.faults().next("RecognizeText", 1, Fault.reset());
            assertThatThrownBy(() -> s.say("diesel")).isInstanceOf(TraeException.class);
            runtime.faults().next("RecognizeText", 1, Fault.afterCommitMalformed());
            assertThatThrownBy(() -> s.say("diesel")).isInstanceOf(TraeException.class);
            // a refusal (4xx) proves Lex did not act: it is rethrown as it is, not as an uncertain turn
            runtime.faults().next("RecognizeText", 1, Fault.status(400, "ValidationException"));
            assertThatThrownBy(() -> s.say("diesel")).isExactlyInstanceOf(TraeServiceException.class);
            assertThat(runtime.count("RecognizeText") - before).isEqualTo(4);
        }
    }

    @Test
    void sayAudio_whenAnswerLostAfterLexProcessedTheTurn_doesNotRetry(TraeLocal local) {
        FakeAwsServer runtime = local.server("lex-runtime");
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            s.say("I need fuel");
            int before = runtime.count("RecognizeUtterance");
            runtime.faults().next("RecognizeUtterance", 1, Fault.afterCommit());
            assertThatThrownBy(() -> s.sayAudio(LexTestAudio.speak("petrol"))).isInstanceOf(TraeException.class);
            assertThat(runtime.count("RecognizeUtterance") - before).isEqualTo(1);
            assertThat(s.get().orElseThrow().slotToElicit()).contains("Liters");
        }
    }

    @Test
    void say_whenBotUnknownOrRejected_throwsWithoutRetrying(TraeLocal local) {
        FakeAwsServer runtime = local.server("lex-runtime");
        try (LexClient lex = LexClient.create(local.config())) {
            assertThatThrownBy(() -> lex.session(BotRef.of("ABCDEFGHIJ", "ABCDEFGHIJ", "en_US")).say("hello"))
                    .isInstanceOf(TraeServiceException.class)
                    .satisfies(e -> assertThat(((TraeServiceException) e).statusCode()).isEqualTo(404));
            assertThat(runtime.count("RecognizeText")).isEqualTo(1);
            runtime.faults().next("RecognizeText", 1, Fault.status(400, "ValidationException"));
            assertThatThrownBy(() -> lex.session(bot.ref("en_US")).say("hello")).isInstanceOf(TraeServiceException.class)
                    .hasMessageContaining("ValidationException");
        }
    }

    @Test
    void transcript_whenSensitiveInput_isRedacted(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"), o -> o.redactor(TranscriptRedactor.standard().withSensitiveSlots("Pump")));
            s.say("pump 7 is broken, call me at +380 44 123 4567 or ops@station.example, card 4111 1111 1111 1111, password=hunter2");
            String text = s.transcript().render() + s.transcript().toJsonLines();
            assertThat(text).doesNotContain("4111", "123 4567", "ops@station.example", "hunter2", "pump 7");
            assertThat(text).contains("****").contains("ReportIssue");
            assertThat(s.transcript().entries().get(0).slots()).containsEntry("Pump", "****");
            assertThat(s.toString()).doesNotContain("4111");
        }
    }

    @Test
    void turnToString_neverShowsValues(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexTurn t = lex.session(bot.ref("en_US")).say("I need 33 liters of diesel");
            assertThat(t.toString()).contains("OrderFuel").contains("FuelType").doesNotContain("33").doesNotContain("diesel");
            assertThat(t.slot("Liters").orElseThrow().toString()).doesNotContain("33");
        }
    }

    @Test
    void headerCodec_matchesTheFakesEncoding() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"a\":\"b\",\"n\":[1,2]}");
        assertThat(LexRuntimeFake.decodeHeader(dev.trae.aws.lex.internal.LexWire.encode(json))).isEqualTo(json);
        assertThat(dev.trae.aws.lex.internal.LexWire.decode(LexRuntimeFake.encodeHeader(json), "h")).isEqualTo(json);
    }
}
