package dev.trae.aws.lex;

import java.time.Duration;

import dev.trae.aws.lex.model.BotDefinition;

/** The fuel-station bot the tests deploy. */
final class FuelBot {
    private FuelBot() {
    }

    static BotDefinition.Builder builder() {
        return BotDefinition.builder("FuelStationAssistant")
                .description("Answers operators and classifies customer requests")
                .roleArn("arn:aws:iam::123456789012:role/LexFuelStation")
                .idleSessionTtl(Duration.ofMinutes(5))
                .locale("en_US", l -> l
                        .confidenceThreshold(0.4)
                        .slotType("FuelType", t -> t
                                .value("diesel", "dizel", "DT")
                                .value("petrol", "gasoline", "benzine", "A95")
                                .value("lpg", "autogas", "propane"))
                        .intent("OrderFuel", i -> i
                                .description("A customer orders fuel at a pump")
                                .utterances("I need fuel", "I want to fill up", "fill up {FuelType}",
                                        "{Liters} liters of {FuelType}", "I need {Liters} liters of {FuelType}",
                                        "give me {FuelType} please")
                                .slot("FuelType", "FuelType", s -> s.prompt("Which fuel: diesel, petrol or LPG?"))
                                .slot("Liters", "AMAZON.Number", s -> s.prompt("How many liters of {FuelType}?"))
                                .slot("Pump", "AMAZON.Number", s -> s.optional().prompt("Which pump?"))
                                .confirmation("Pump {Liters} liters of {FuelType}?", "Okay, the order is cancelled.")
                                .closing("Done: {Liters} liters of {FuelType} are authorised."))
                        .intent("StationHours", i -> i
                                .utterances("when are you open", "what are your opening hours", "are you open at night")
                                .closing("We are open around the clock."))
                        .intent("ReportIssue", i -> i
                                .utterances("pump {Pump} is broken", "report a problem with pump {Pump}", "there is a leak")
                                .slot("Pump", "AMAZON.Number", s -> s.prompt("Which pump number?"))
                                .fulfillmentCodeHook(true)
                                .closing("Thanks, a technician is on the way to pump {Pump}.")));
    }

    static BotDefinition definition() {
        return builder().build();
    }
}
