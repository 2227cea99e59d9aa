package dev.trae.aws.lex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.trae.aws.lex.model.ConfirmationState;
import dev.trae.aws.lex.model.DialogActionType;
import dev.trae.aws.lex.model.IntentState;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.lex.LexFakes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class LexConversationTest {
    static LexFakes fakes;
    static DeployedBot bot;

    @BeforeAll
    static void deploy(TraeLocal local) {
        fakes = LexFakes.install(local);
        try (LexClient lex = LexClient.create(local.config())) {
            bot = lex.bots().deploy(FuelBot.definition(), DeployOptions.defaults().withPollInterval(Duration.ofMillis(5)));
        }
    }

    @Test
    void say_whenThreeTurns_elicitsConfirmsAndCloses(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(bot.ref("en_US"));
            LexTurn t1 = s.say("I need fuel");
            assertThat(t1.intent()).contains("OrderFuel");
            assertThat(t1.dialogAction()).isEqualTo(DialogActionType.ELICIT_SLOT);
            assertThat(t1.slotToElicit()).contains("FuelType");
            assertThat(t1.reply()).isEqualTo("Which fuel: diesel, petrol or LPG?");
            LexTurn t2 = s.say("gasoline, 40 liters");
            assertThat(t2.slotValue("FuelType")).contains("petrol");
            LexTurn t3 = s.say("40");
            assertThat(t3.dialogAction()).isEqualTo(DialogActionType.CONFIRM_INTENT);
            assertThat(t3.reply()).isEqualTo("Pump 40 liters of petrol?");
            LexTurn t4 = s.say("yes");
            assertThat(t4.intentState()).isEqualTo(IntentState.READY_FOR_FULFILLMENT);
            assertThat(t4.confirmationState()).isEqualTo(ConfirmationState.CONFIRMED);
            assertThat(t4.reply()).isEqualTo("Done: 40 liters of petrol are authorised.");
        }
    }
}
