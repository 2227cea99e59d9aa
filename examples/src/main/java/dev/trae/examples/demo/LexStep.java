package dev.trae.examples.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.lex.DeployOptions;
import dev.trae.aws.lex.DeployedBot;
import dev.trae.aws.lex.IntentRouter;
import dev.trae.aws.lex.LexClient;
import dev.trae.aws.lex.LexSession;
import dev.trae.aws.lex.LexTurn;
import dev.trae.aws.lex.RouteResult;
import dev.trae.aws.lex.SlotName;
import dev.trae.aws.lex.TranscriptRedactor;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.testkit.aws.lex.LexFakes;

/**
 * Lex V2: builds a small fuel-station bot on the Trae Local Lex fakes (create, build with wait, version,
 * alias), deploys it again to show that nothing is duplicated, exports its definition as JSON, then holds a
 * three-turn conversation routed to typed Java handlers, and prints the redacted transcript.
 */
final class LexStep implements DemoStep {

    enum Fuel { DIESEL, PETROL, LPG }

    record FuelOrder(@SlotName("FuelType") Fuel fuel, int liters, Optional<Integer> pump) {
    }

    @Override
    public String title() {
        return "lex: fuel-station bot built and talked to";
    }

    static BotDefinition fuelStationBot() {
        return BotDefinition.builder("FuelStationAssistant")
                .description("Answers operators and classifies customer requests")
                .roleArn("arn:aws:iam::123456789012:role/TraeLexFuelStation")
                .idleSessionTtl(Duration.ofMinutes(5))
                .locale("en_US", l -> l
                        .slotType("FuelType", t -> t
                                .value("diesel", "dizel", "DT")
                                .value("petrol", "gasoline", "benzine", "A95")
                                .value("lpg", "autogas", "propane"))
                        .intent("OrderFuel", i -> i
                                .utterances("I need fuel", "I want to fill up", "fill up {FuelType}",
                                        "{Liters} liters of {FuelType}", "I need {Liters} liters of {FuelType}")
                                .slot("FuelType", "FuelType", s -> s.prompt("Which fuel: diesel, petrol or LPG?"))
                                .slot("Liters", "AMAZON.Number", s -> s.prompt("How many liters of {FuelType}?"))
                                .slot("Pump", "AMAZON.Number", s -> s.optional().prompt("Which pump?"))
                                .confirmation("Pump {Liters} liters of {FuelType}?", "Okay, the order is cancelled.")
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

    @Override
    public void run(DemoContext ctx) throws Exception {
        LexFakes fakes = LexFakes.install(ctx.local());
        TraeConfig config = ctx.local().config();
        BotDefinition definition = fuelStationBot();
        Path json = ctx.outDir().resolve("fuel-station-bot.json");
        Files.writeString(json, definition.toJson());
        ctx.out().println("bot definition validated and exported to " + json + " (fingerprint " + definition.fingerprint().substring(0, 12) + ")");

        try (LexClient lex = LexClient.create(config)) {
            DeployOptions options = DeployOptions.defaults().withPollInterval(Duration.ofMillis(100))
                    .withProgress(e -> {
                        if ("build".equals(e.phase()) && e.message().startsWith("building")) {
                            ctx.out().println("  building locale en_US and waiting for Lex...");
                        }
                    });
            DeployedBot bot = lex.bots().deploy(BotDefinition.fromJson(Files.readString(json)), options);
            ctx.out().printf("deployed %s: bot %s, version %s, alias %s (%s); %d resources created, %d build(s)%n",
                    bot.botName(), bot.botId(), bot.version(), bot.aliasName(), bot.aliasId(), bot.created().size(), bot.builds().size());
            DeployedBot again = lex.bots().deploy(definition, options);
            ctx.out().printf("deployed again: %s (version %s, %d bot(s) in Lex)%n",
                    again.unchanged() ? "nothing to change, nothing duplicated" : "changed " + again.updated(), again.version(),
                    fakes.models().botCount());
            if (!again.unchanged() || !again.version().equals(bot.version())) {
                throw new IllegalStateException("second deploy was expected to change nothing");
            }

            IntentRouter router = IntentRouter.builder()
                    .on("OrderFuel", FuelOrder.class, (order, turn) ->
                            "authorise pump " + order.pump().map(String::valueOf).orElse("(any)") + ": " + order.liters() + " l " + order.fuel())
                    .onConfirm("OrderFuel", FuelOrder.class, (order, turn) -> "show on display: " + order.liters() + " l " + order.fuel() + "?")
                    .on("StationHours", turn -> "no action")
                    .fallback(turn -> "hand over to the operator")
                    .build();
            LexSession session = lex.session(bot.ref("en_US"), o -> o.redactor(TranscriptRedactor.standard()));
            String[] customer = {"Hi, I want to fill up", "40 liters of autogas", "yes"};
            RouteResult last = null;
            for (int i = 0; i < customer.length; i++) {
                LexTurn turn = session.say(customer[i]);
                last = router.route(turn);
                ctx.out().printf("turn %d  customer: %s%n", i + 1, customer[i]);
                ctx.out().printf("        bot:      %s%n", turn.reply());
                ctx.out().printf("        intent %s (%s, confidence %s), slots %s, next %s -> %s%s%n",
                        turn.intent().orElse("-"), turn.intentState().wireName(),
                        turn.confidence().isPresent() ? String.format("%.2f", turn.confidence().getAsDouble()) : "n/a",
                        turn.slots().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().interpreted()).toList(),
                        turn.dialogAction().wireName() + turn.slotToElicit().map(s -> "(" + s + ")").orElse(""),
                        last.outcome(), last.value().map(v -> ": " + v).orElse(""));
            }
            if (last == null || last.outcome() != RouteResult.Outcome.HANDLED) {
                throw new IllegalStateException("the order was expected to be handled after three turns, was " + last);
            }
            ctx.out().println("transcript (redacted):");
            session.transcript().render().lines().forEach(l -> ctx.out().println("  " + l));
            Files.writeString(ctx.outDir().resolve("lex-transcript.jsonl"), session.transcript().toJsonLines());
            session.delete();
        }
    }
}
