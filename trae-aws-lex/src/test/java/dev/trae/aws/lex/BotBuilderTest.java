package dev.trae.aws.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeTimeoutException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ProgressEvent;
import dev.trae.aws.lex.model.BotDefinition;
import dev.trae.aws.lex.model.IntentState;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.lex.LexFakes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TraeLocalExtension.class)
class BotBuilderTest {
    private static final DeployOptions FAST = DeployOptions.defaults().withPollInterval(Duration.ofMillis(5));
    private LexFakes fakes;
    private FakeAwsServer models;

    @BeforeEach
    void setUp(TraeLocal local) {
        fakes = LexFakes.install(local);
        fakes.models().buildPolls(2);
        models = local.server("lex-models");
    }

    /** A bot name per test, so tests sharing the fake do not see each other's bots. */
    private static BotDefinition named(String name) {
        return BotDefinition.fromJson(FuelBot.definition().toJson().replace("FuelStationAssistant", name));
    }

    @Test
    void deploy_whenNew_createsBuildsVersionsAndAliases(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot bot = lex.bots().deploy(named("NewBot"), FAST);
            assertThat(bot.version()).isEqualTo("1");
            assertThat(bot.aliasName()).isEqualTo("live");
            assertThat(bot.builds()).containsExactly("en_US");
            assertThat(bot.created()).contains("bot NewBot", "locale en_US", "slotType en_US/FuelType", "intent en_US/OrderFuel",
                    "slot en_US/OrderFuel/Liters", "version 1", "alias live");
            assertThat(fakes.models().intentNames(bot.botId(), "en_US"))
                    .containsExactlyInAnyOrder("FallbackIntent", "OrderFuel", "StationHours", "ReportIssue");
            assertThat(models.count("BuildBotLocale")).isEqualTo(1);
            // slot priorities follow the definition order
            String update = models.requests("UpdateIntent").stream().filter(r -> r.json().path("intentName").asText().equals("OrderFuel"))
                    .reduce((a, b) -> b).orElseThrow().json().path("slotPriorities").toString();
            assertThat(update).contains("\"priority\":1").contains("\"priority\":3");
            assertThat(lex.session(bot.ref("en_US")).say("when are you open").reply()).isEqualTo("We are open around the clock.");
        }
    }

    @Test
    void deploy_whenRunTwice_changesNothingAndDuplicatesNothing(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot first = lex.bots().deploy(named("TwiceBot"), FAST);
            models.reset();
            DeployedBot second = lex.bots().deploy(named("TwiceBot"), FAST);
            assertThat(second.unchanged()).as("created %s updated %s builds %s", second.created(), second.updated(), second.builds()).isTrue();
            assertThat(second.botId()).isEqualTo(first.botId());
            assertThat(second.version()).isEqualTo(first.version());
            assertThat(second.aliasId()).isEqualTo(first.aliasId());
            for (String write : List.of("CreateBot", "UpdateBot", "CreateIntent", "UpdateIntent", "CreateSlot", "UpdateSlot",
                    "CreateSlotType", "UpdateSlotType", "BuildBotLocale", "CreateBotVersion", "CreateBotAlias", "UpdateBotAlias")) {
                assertThat(models.count(write)).as(write).isZero();
            }
            assertThat(fakes.models().versions(first.botId())).containsExactly("1");
        }
    }

    /**
     * Lex fills in defaults the client never sent (voice engine, prompt attempts, allowInterrupt, message
     * selection strategy, fulfillment hook active): an unchanged redeploy must still write nothing.
     */
    @Test
    void deploy_whenLexFilledInDefaults_unchangedRedeployWritesNothing(TraeLocal local) {
        BotDefinition voiced = BotDefinition.builder("VoicedBot").roleArn("arn:aws:iam::123456789012:role/LexFuelStation")
                .locale("en_GB", l -> l.voice("Amy")
                        .slotType("Colour", t -> t.value("red", "crimson").value("blue"))
                        .intent("Greet", i -> i.utterances("hello there", "my favourite colour is {Colour}")
                                .slot("Name", "AMAZON.FirstName", s -> s.prompt("What is your name?"))
                                .slot("Colour", "Colour", s -> s.optional().prompt("Which colour?"))
                                .confirmation("Hello {Name}?", "Goodbye.").closing("Hi {Name}.").fulfillmentCodeHook(true))).build();
        try (LexClient lex = LexClient.create(local.config())) {
            lex.bots().deploy(voiced, FAST);
            var described = models.requests("DescribeBotLocale");
            models.reset();
            DeployedBot second = lex.bots().deploy(voiced, FAST);
            assertThat(second.unchanged()).as("created %s updated %s builds %s", second.created(), second.updated(), second.builds()).isTrue();
            for (String write : List.of("UpdateBot", "UpdateBotLocale", "UpdateIntent", "UpdateSlot", "UpdateSlotType", "BuildBotLocale")) {
                assertThat(models.count(write)).as(write).isZero();
            }
            assertThat(described).isNotEmpty();
        }
    }

    @Test
    void deploy_whenDefinitionChanged_updatesRebuildsAndMovesAlias(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot first = lex.bots().deploy(named("ChangeBot"), FAST);
            BotDefinition changed = BotDefinition.fromJson(named("ChangeBot").toJson()
                    .replace("\"are you open at night\"", "\"are you open at night\", \"do you work on sunday\""));
            DeployedBot second = lex.bots().deploy(changed, FAST);
            assertThat(second.botId()).isEqualTo(first.botId());
            assertThat(second.created()).containsExactly("version 2");
            assertThat(second.updated()).containsExactly("intent en_US/StationHours", "alias live");
            assertThat(second.builds()).containsExactly("en_US");
            assertThat(second.aliasId()).isEqualTo(first.aliasId());
            assertThat(lex.session(second.ref("en_US")).say("do you work on sunday").intent()).contains("StationHours");
            // the old version still answers as before
            LexTurn old = lex.session(BotRef.of(first.botId(), first.aliasId(), "en_US")).say("do you work on sunday");
            assertThat(old.intent()).contains("StationHours");
            // redeploying the first definition reuses version 1 instead of creating a third
            DeployedBot back = lex.bots().deploy(named("ChangeBot"), FAST);
            assertThat(back.version()).isEqualTo("1");
            assertThat(fakes.models().versions(first.botId())).containsExactly("1", "2");
        }
    }

    @Test
    void deploy_whenThrottledDuringBuildWait_retriesAndBuildsOnce(TraeLocal local) {
        fakes.models().buildPolls(3);
        DeployOptions opts = FAST.withProgress(e -> {
            if (e.message().startsWith("building")) {
                models.faults().next("DescribeBotLocale", 3, Fault.throttle());
            }
        });
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot bot = lex.bots().deploy(named("ThrottledBot"), opts);
            assertThat(models.count("BuildBotLocale")).isEqualTo(1);
            assertThat(models.count("CreateBotVersion")).isEqualTo(1);
            assertThat(models.count("CreateBotAlias")).isEqualTo(1);
            assertThat(models.requests("DescribeBotLocale").size()).isGreaterThanOrEqualTo(3 + 4);
            assertThat(lex.session(bot.ref("en_US")).say("I need fuel").intent()).contains("OrderFuel");
        }
    }

    @Test
    void deploy_whenThrottlingOutlastsRetries_keepsPollingUntilBuilt(TraeLocal local) {
        DeployOptions opts = FAST.withProgress(e -> {
            if (e.message().startsWith("building")) {
                models.faults().next("DescribeBotLocale", 10, Fault.throttle()); // more than one call's 4 attempts
            }
        });
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot bot = lex.bots().deploy(named("LongThrottleBot"), opts);
            assertThat(bot.version()).isEqualTo("1");
            assertThat(models.count("BuildBotLocale")).isEqualTo(1);
        }
    }

    @Test
    void deploy_when5xxOnWrites_retriesWithoutDuplicates(TraeLocal local) {
        models.faults().next("CreateIntent", 2, Fault.status(500, "InternalServerException"));
        models.faults().next("CreateSlot", 1, Fault.status(503, "ServiceUnavailableException"));
        models.faults().next("CreateBotVersion", 1, Fault.reset());
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot bot = lex.bots().deploy(named("FlakyBot"), FAST);
            assertThat(fakes.models().intentNames(bot.botId(), "en_US")).hasSize(4);
            assertThat(fakes.models().versions(bot.botId())).containsExactly("1");
        }
    }

    @Test
    void deploy_whenBuildFails_throwsWithLexReasons(TraeLocal local) {
        fakes.models().failNextBuild("Intent OrderFuel: something Lex did not like");
        try (LexClient lex = LexClient.create(local.config())) {
            assertThatThrownBy(() -> lex.bots().deploy(named("FailBot"), FAST))
                    .isInstanceOf(BotBuildException.class)
                    .hasMessageContaining("build of locale en_US")
                    .satisfies(e -> assertThat(((BotBuildException) e).reasons()).containsExactly("Intent OrderFuel: something Lex did not like"));
            assertThat(models.count("CreateBotVersion")).isZero();
            // the next run repairs it
            assertThat(lex.bots().deploy(named("FailBot"), FAST).builds()).containsExactly("en_US");
        }
    }

    @Test
    void deploy_whenBuildTooSlow_timesOut(TraeLocal local) {
        fakes.models().buildPolls(1_000);
        try (LexClient lex = LexClient.create(local.config())) {
            assertThatThrownBy(() -> lex.bots().deploy(named("SlowBot"), FAST.withBuildTimeout(Duration.ofMillis(300))))
                    .isInstanceOf(TraeTimeoutException.class).hasMessageContaining("buildTimeout");
        }
    }

    @Test
    void deploy_whenNotAuthorised_failsFastWithoutRetries(TraeLocal local) {
        models.faults().always("ListBots", Fault.status(403, "AccessDeniedException"));
        try (LexClient lex = LexClient.create(local.config())) {
            assertThatThrownBy(() -> lex.bots().deploy(named("DeniedBot"), FAST))
                    .isInstanceOf(TraeServiceException.class).hasMessageContaining("AccessDeniedException");
            assertThat(models.count("ListBots")).isEqualTo(1);
            assertThat(models.count("CreateBot")).isZero();
        }
    }

    @Test
    void deployJob_reportsProgressAndCompletes(TraeLocal local) {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        try (LexClient lex = LexClient.create(local.config())) {
            TraeJob<DeployedBot> job = lex.bots().deployJob(named("JobBot"), FAST.withProgress(events::add));
            DeployedBot bot = job.await(Duration.ofSeconds(30));
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(bot.version()).isEqualTo("1");
            assertThat(events).isNotEmpty();
            ProgressEvent last = job.progress().orElseThrow();
            assertThat(last.done()).isEqualTo(last.total()).isGreaterThan(10);
            assertThat(events).extracting(ProgressEvent::phase).contains("bot", "intent", "build", "version", "alias");
        }
    }

    @Test
    void deploy_withoutVersion_servesTheDraftThroughTestAlias(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot bot = lex.bots().deploy(named("DraftBot"), FAST.withCreateVersion(false));
            assertThat(bot.version()).isEqualTo("DRAFT");
            assertThat(bot.aliasId()).isEqualTo(BotRef.TEST_ALIAS);
            assertThat(models.count("CreateBotVersion")).isZero();
            LexTurn t = lex.session(bot.ref("en_US")).say("pump 4 is broken");
            assertThat(t.intent()).contains("ReportIssue");
            assertThat(t.intentState()).isEqualTo(IntentState.FULFILLED);
            assertThat(t.reply()).isEqualTo("Thanks, a technician is on the way to pump 4.");
        }
    }

    @Test
    void findAndDelete_whenBotExists_removesIt(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            DeployedBot bot = lex.bots().deploy(named("DeleteMe"), FAST.withCreateVersion(false));
            assertThat(lex.bots().findBotId("DeleteMe")).contains(bot.botId());
            lex.bots().delete(bot.botId());
            assertThat(lex.bots().findBotId("DeleteMe")).isEmpty();
            assertThatThrownBy(() -> lex.bots().delete("../../etc")).isInstanceOf(TraeValidationException.class);
        }
    }

    @Test
    void deploy_whenDefinitionBuiltWithoutBuilderIsInvalid_refusesBeforeAnyCall(TraeLocal local) {
        BotDefinition valid = named("RawBot");
        BotDefinition invalid = new BotDefinition("Raw Bot!", "", valid.roleArn(), valid.idleSessionTtl(), false, valid.locales());
        try (LexClient lex = LexClient.create(local.config())) {
            assertThatThrownBy(() -> lex.bots().deploy(invalid, FAST)).isInstanceOf(TraeValidationException.class).hasMessageContaining("name");
            assertThatThrownBy(() -> lex.bots().deployJob(invalid, FAST)).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> lex.bots().deploy(null, FAST)).isInstanceOf(NullPointerException.class);
            assertThat(models.requests()).isEmpty();
        }
    }

    @Test
    void deployOptions_whenInvalid_refuse() {
        assertThatThrownBy(() -> DeployOptions.defaults().withAliasName("bad alias")).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DeployOptions.defaults().withAliasName(null)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DeployOptions.defaults().withPollInterval(Duration.ofMinutes(5))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DeployOptions.defaults().withPollInterval(Duration.ofMillis(-1))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DeployOptions.defaults().withBuildTimeout(Duration.ZERO)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DeployOptions.defaults().withBuildTimeout(Duration.ofDays(1))).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> DeployOptions.defaults().withProgress(null)).isInstanceOf(NullPointerException.class);
    }
}
