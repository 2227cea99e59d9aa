package dev.trae.examples.assistant;

import java.time.Duration;

import dev.trae.aws.lex.BotRef;
import dev.trae.aws.lex.DeployOptions;
import dev.trae.aws.lex.LexClient;
import dev.trae.aws.lex.model.BotDefinition;
import org.springframework.stereotype.Component;

/**
 * The bot the "talk to the Lex bot" box uses: the configured one, or on Trae Local the example bot deployed once,
 * when the first message arrives.
 */
@Component
public class LexBot {
    private final LexClient lex;
    private final AssistantProperties properties;
    private volatile BotRef ref;

    public LexBot(LexClient lex, AssistantProperties properties) {
        this.lex = lex;
        this.properties = properties;
    }

    /** The bot to talk to. */
    public BotRef ref() {
        BotRef r = ref;
        if (r == null) {
            synchronized (this) {
                r = ref;
                if (r == null) {
                    r = resolve();
                    ref = r;
                }
            }
        }
        return r;
    }

    private BotRef resolve() {
        AssistantProperties.Lex l = properties.lex();
        if (l.botId() != null) {
            return BotRef.of(l.botId(), l.aliasId() != null ? l.aliasId() : BotRef.TEST_ALIAS, l.locale());
        }
        if (!properties.local()) {
            throw new IllegalStateException("set assistant.lex.bot-id (and alias-id) to talk to a Lex bot on AWS");
        }
        return lex.bots().deploy(definition(), DeployOptions.defaults().withPollInterval(Duration.ofMillis(100))).ref(l.locale());
    }

    /** A small fuel-station bot: orders, opening hours, broken pumps. */
    static BotDefinition definition() {
        return BotDefinition.builder("FuelStationAssistant")
                .description("Answers fuel-station operators")
                .roleArn("arn:aws:iam::123456789012:role/TraeLexFuelStation")
                .idleSessionTtl(Duration.ofMinutes(5))
                .locale("en_US", l -> l
                        .slotType("FuelType", t -> t.value("diesel", "DT").value("petrol", "A95").value("lpg", "autogas"))
                        .intent("OrderFuel", i -> i
                                .utterances("I need fuel", "I want to fill up", "{Liters} liters of {FuelType}")
                                .slot("FuelType", "FuelType", s -> s.prompt("Which fuel: diesel, petrol or LPG?"))
                                .slot("Liters", "AMAZON.Number", s -> s.prompt("How many liters of {FuelType}?"))
                                .closing("Done: {Liters} liters of {FuelType} are authorised."))
                        .intent("StationHours", i -> i
                                .utterances("when are you open", "what are your opening hours")
                                .closing("We are open around the clock."))
                        .intent("ReportIssue", i -> i
                                .utterances("pump {Pump} is broken", "there is a leak at pump {Pump}")
                                .slot("Pump", "AMAZON.Number", s -> s.prompt("Which pump number?"))
                                .closing("Thanks, a technician is on the way to pump {Pump}.")))
                .build();
    }
}
