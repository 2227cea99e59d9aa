package dev.trae.aws.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.aws.lex.model.IntentDefinition;
import dev.trae.aws.lex.model.LocaleDefinition;
import org.junit.jupiter.api.Test;

class BotDefinitionTest {

    private static BotDefinition.Builder bot(Consumer<LocaleDefinition.Builder> locale) {
        return BotDefinition.builder("Bot1").roleArn("arn:aws:iam::123456789012:role/LexBot").locale("en_US", locale);
    }

    private static Consumer<LocaleDefinition.Builder> intent(Consumer<IntentDefinition.Builder> spec) {
        return l -> l.intent("Greet", spec);
    }

    private static String problems(BotDefinition.Builder b) {
        try {
            b.build();
        } catch (TraeValidationException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a validation error");
    }

    @Test
    void build_whenValid_keepsEverything() {
        BotDefinition d = FuelBot.definition();
        assertThat(d.locales()).hasSize(1);
        LocaleDefinition l = d.locale("en_US").orElseThrow();
        assertThat(l.intents()).extracting(IntentDefinition::name).containsExactly("OrderFuel", "StationHours", "ReportIssue");
        assertThat(l.intent("OrderFuel").orElseThrow().slots()).extracting(s -> s.name()).containsExactly("FuelType", "Liters", "Pump");
        assertThat(l.slotType("FuelType").orElseThrow().values()).hasSize(3);
    }

    @Test
    void build_whenUtteranceNamesMissingSlot_refuses() {
        assertThat(problems(bot(intent(i -> i.utterances("hello {Name}")))))
                .contains("utterances[0]").contains("{Name}").contains("no such slot");
    }

    @Test
    void build_whenDuplicateUtterances_refusesWithinAndAcrossIntents() {
        assertThat(problems(bot(intent(i -> i.utterances("hello there", "Hello   there")))))
                .contains("duplicate utterance");
        assertThat(problems(bot(l -> l.intent("A", i -> i.utterances("hi")).intent("B", i -> i.utterances("HI")))))
                .contains("also in intent A");
    }

    @Test
    void build_whenNamesBreakLexRules_refuses() {
        for (String bad : new String[] {"", "has space", "two__underscores", "-leading", "../etc/passwd", "name\u0000nul", "x".repeat(101),
                "ünïcode", "a.b"}) {
            assertThatThrownBy(() -> BotDefinition.builder(bad).roleArn("arn:aws:iam::123456789012:role/R")
                    .locale("en_US", intent(i -> i.utterances("hi"))).build())
                    .as(bad).isInstanceOf(TraeValidationException.class).hasMessageContaining("name");
            assertThat(problems(bot(l -> l.intent(bad, i -> i.utterances("hi"))))).as(bad).contains("intents[");
            assertThat(problems(bot(intent(i -> i.utterances("hi").slot(bad, "AMAZON.Number", s -> s.prompt("n?"))))))
                    .as(bad).contains("slots[");
            assertThat(problems(bot(l -> l.slotType(bad, t -> t.value("v")).intent("G", i -> i.utterances("hi")))))
                    .as(bad).contains("slotTypes[");
        }
        assertThatThrownBy(() -> BotDefinition.builder(null).build()).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void build_whenHostileName_messageIsBounded() {
        String msg = problems(bot(l -> l.intent("x".repeat(10_000) + "\u0007", i -> i.utterances("hi"))));
        assertThat(msg.length()).isLessThan(2000);
        assertThat(msg).doesNotContain("\u0007");
    }

    @Test
    void build_whenSlotTypesWrong_refuses() {
        assertThat(problems(bot(intent(i -> i.utterances("hi {N}").slot("N", "Missing", s -> s.prompt("?"))))))
                .contains("no slot type 'Missing'");
        assertThat(problems(bot(intent(i -> i.utterances("hi {N}").slot("N", "AMAZON.Unicorn", s -> s.prompt("?"))))))
                .contains("unknown built-in type");
        assertThat(problems(bot(l -> l.slotType("T", t -> { }).intent("G", i -> i.utterances("hi"))))).contains("at least one value");
        assertThat(problems(bot(l -> l.slotType("T", t -> t.value("a").value("A")).intent("G", i -> i.utterances("hi")))))
                .contains("appears twice");
        assertThat(problems(bot(l -> l.slotType("AMAZONish", t -> t.value("a")).intent("G", i -> i.utterances("hi")))))
                .contains("reserved");
        assertThat(problems(bot(l -> l.slotType("T", t -> t.value("x".repeat(141))).intent("G", i -> i.utterances("hi")))))
                .contains("longer than 140");
        assertThat(problems(bot(l -> l.slotType("T", t -> t.value("a")).slotType("T", t -> t.value("b")).intent("G", i -> i.utterances("hi")))))
                .contains("defined twice");
    }

    @Test
    void build_whenPromptsWrong_refuses() {
        assertThat(problems(bot(intent(i -> i.utterances("hi {N}").slot("N", "AMAZON.Number", s -> { })))))
                .contains("a required slot needs a prompt");
        assertThat(problems(bot(intent(i -> i.utterances("hi").confirmation("Sure?", "")))))
                .contains("needs a declination response");
        assertThat(problems(bot(intent(i -> i.utterances("hi").confirmation("Order {X}?", "No.")))))
                .contains("confirmation: refers to {X}");
        assertThat(problems(bot(intent(i -> i.utterances("hi {N}").slot("N", "AMAZON.Number", s -> s.prompt("?").maxRetries(9))))))
                .contains("maxRetries");
        assertThat(problems(bot(intent(i -> i.utterances("hi").closing("x".repeat(1001)))))).contains("longer than 1000");
    }

    @Test
    void build_whenUtterancesMalformed_refuses() {
        assertThat(problems(bot(intent(i -> i.utterances("hi {N"))))).contains("braces");
        assertThat(problems(bot(intent(i -> i.utterances("hi {{N}}"))))).contains("braces");
        assertThat(problems(bot(intent(i -> i.utterances(" "))))).contains("must not be empty");
        assertThat(problems(bot(intent(i -> i.utterances("x".repeat(201)))))).contains("longer than 200");
        assertThat(problems(bot(intent(i -> { })))).contains("at least one sample utterance");
    }

    @Test
    void build_whenBotSettingsWrong_refuses() {
        assertThat(problems(BotDefinition.builder("B").locale("en_US", intent(i -> i.utterances("hi"))))).contains("roleArn: is required");
        assertThat(problems(bot(intent(i -> i.utterances("hi"))).roleArn("arn:aws:iam::12:role/x"))).contains("roleArn");
        assertThat(problems(bot(intent(i -> i.utterances("hi"))).idleSessionTtl(Duration.ofSeconds(10)))).contains("idleSessionTtl");
        assertThat(problems(bot(intent(i -> i.utterances("hi"))).idleSessionTtl(Duration.ofDays(2)))).contains("idleSessionTtl");
        assertThat(problems(BotDefinition.builder("B").roleArn("arn:aws:iam::123456789012:role/R"))).contains("at least one locale");
        assertThat(problems(bot(l -> { }))).contains("at least one intent");
        assertThat(problems(bot(intent(i -> i.utterances("hi"))).locale("en_US", intent(i -> i.utterances("hey"))))).contains("defined twice");
        assertThat(problems(BotDefinition.builder("B").roleArn("arn:aws:iam::123456789012:role/R").locale("uk_UA", intent(i -> i.utterances("hi")))))
                .contains("unsupported locale id");
        assertThat(problems(bot(l -> l.confidenceThreshold(1.5).intent("G", i -> i.utterances("hi"))))).contains("confidenceThreshold");
        assertThat(problems(bot(l -> l.confidenceThreshold(Double.NaN).intent("G", i -> i.utterances("hi"))))).contains("confidenceThreshold");
        assertThat(problems(bot(l -> l.voice("Joanna; rm -rf").intent("G", i -> i.utterances("hi"))))).contains("voice");
        assertThat(problems(bot(l -> l.intent("FallbackIntent", i -> i.utterances("hi"))))).contains("built in");
        assertThat(problems(bot(intent(i -> i.utterances("hi"))).description("x".repeat(201)))).contains("description");
    }

    @Test
    void build_whenManyProblems_listsThemAll() {
        String msg = problems(BotDefinition.builder("bad name").locale("xx_XX", l -> l.intent("G", i -> i.utterances("{A}", "{A}"))));
        assertThat(msg).contains("name:").contains("roleArn").contains("unsupported locale").contains("{A}").contains("duplicate");
    }

    @Test
    void toJson_whenParsed_isTheDocumentedFormat() throws Exception {
        JsonNode n = new ObjectMapper().readTree(FuelBot.definition().toJson());
        assertThat(n.path("format").asText()).isEqualTo(BotDefinition.FORMAT);
        assertThat(n.path("name").asText()).isEqualTo("FuelStationAssistant");
        assertThat(n.path("idleSessionTtlSeconds").asInt()).isEqualTo(300);
        JsonNode l = n.path("locales").get(0);
        assertThat(l.path("localeId").asText()).isEqualTo("en_US");
        assertThat(l.path("slotTypes").get(0).path("values").get(1).path("synonyms")).hasSize(3);
        JsonNode order = l.path("intents").get(0);
        assertThat(order.path("utterances")).hasSize(6);
        assertThat(order.path("slots").get(2).path("required").asBoolean()).isFalse();
        assertThat(order.path("confirmationPrompt").asText()).isEqualTo("Pump {Liters} liters of {FuelType}?");
        assertThat(l.path("intents").get(2).path("fulfillmentCodeHook").asBoolean()).isTrue();
    }

    @Test
    void fromJson_whenRoundTripped_isEqual() {
        BotDefinition d = FuelBot.definition();
        BotDefinition back = BotDefinition.fromJson(d.toJson());
        assertThat(back).isEqualTo(d);
        assertThat(back.fingerprint()).isEqualTo(d.fingerprint()).hasSize(64);
        assertThat(FuelBot.builder().description("changed").build().fingerprint()).isNotEqualTo(d.fingerprint());
    }

    @Test
    void fromJson_whenInputBad_refusesWithPath() throws Exception {
        assertThatThrownBy(() -> BotDefinition.fromJson(null)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> BotDefinition.fromJson("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BotDefinition.fromJson("{not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> BotDefinition.fromJson("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> BotDefinition.fromJson("{\"format\":\"other/9\",\"name\":\"B\"}")).hasMessageContaining("$.format");
        assertThatThrownBy(() -> BotDefinition.fromJson("x".repeat(2 << 20))).hasMessageContaining("larger than");
        assertThatThrownBy(() -> BotDefinition.fromJson("[".repeat(5000) + "]".repeat(5000))).isInstanceOf(TraeValidationException.class);
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = (ObjectNode) m.readTree(FuelBot.definition().toJson());
        ObjectNode extra = n.deepCopy();
        extra.put("evil", true);
        assertThatThrownBy(() -> BotDefinition.fromJson(extra.toString())).hasMessageContaining("$.evil").hasMessageContaining("unknown field");
        ObjectNode wrongType = n.deepCopy();
        ((ObjectNode) wrongType.path("locales").get(0).path("intents").get(0)).put("utterances", "not a list");
        assertThatThrownBy(() -> BotDefinition.fromJson(wrongType.toString())).hasMessageContaining("$.locales[0].intents[0].utterances");
        ObjectNode badTtl = n.deepCopy();
        badTtl.put("idleSessionTtlSeconds", "300");
        assertThatThrownBy(() -> BotDefinition.fromJson(badTtl.toString())).hasMessageContaining("idleSessionTtlSeconds");
        ObjectNode badRef = n.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) badRef.path("locales").get(0).path("intents").get(1).path("utterances")).add("open {Day}");
        assertThatThrownBy(() -> BotDefinition.fromJson(badRef.toString())).hasMessageContaining("{Day}");
    }
}
