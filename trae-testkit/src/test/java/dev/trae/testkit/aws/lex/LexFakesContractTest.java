package dev.trae.testkit.aws.lex;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lexmodelsv2.LexModelsV2Client;
import software.amazon.awssdk.services.lexmodelsv2.model.BotLocaleStatus;
import software.amazon.awssdk.services.lexmodelsv2.model.BuildBotLocaleResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.CreateBotLocaleResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.CreateBotResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.CreateIntentResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeBotLocaleResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeBotResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.LexModelsV2Exception;
import software.amazon.awssdk.services.lexmodelsv2.model.ListBotsResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.SampleUtterance;
import software.amazon.awssdk.services.lexruntimev2.LexRuntimeV2Client;
import software.amazon.awssdk.services.lexruntimev2.model.DeleteSessionResponse;
import software.amazon.awssdk.services.lexruntimev2.model.GetSessionResponse;
import software.amazon.awssdk.services.lexruntimev2.model.LexRuntimeV2Exception;
import software.amazon.awssdk.services.lexruntimev2.model.RecognizeTextResponse;

/**
 * Contract of {@link LexModelsFake} and {@link LexRuntimeFake} (Lex V2, REST-JSON). The Lex V2 reference pages and the AWS
 * service model carry no response examples for these operations, so the contract is the response model: a bot is built
 * and talked to through the real {@link LexModelsV2Client} and {@link LexRuntimeV2Client}, and every JSON answer uses only
 * modelled members with their types and enum values. Invalid requests (body and path members) get ValidationException.
 */
class LexFakesContractTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots";

    private FakeAwsServer modelsServer;
    private FakeAwsServer runtimeServer;
    private final LexModelsFake models = new LexModelsFake().buildPolls(0);
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private LexModelsV2Client lexModels;
    private LexRuntimeV2Client lexRuntime;

    @BeforeEach
    void start() {
        modelsServer = FakeAwsServer.start("lex-models");
        runtimeServer = FakeAwsServer.start("lex-runtime");
        models.install(modelsServer);
        new LexRuntimeFake(models).install(runtimeServer);
        lexModels = client(LexModelsV2Client.builder(), modelsServer.endpoint(), raw);
        lexRuntime = client(LexRuntimeV2Client.builder(), runtimeServer.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        lexModels.close();
        lexRuntime.close();
        modelsServer.close();
        runtimeServer.close();
    }

    private String builtBot() {
        CreateBotResponse bot = lexModels.createBot(b -> b.botName("OrderFlowers").roleArn(ROLE).idleSessionTTLInSeconds(300)
                .dataPrivacy(d -> d.childDirected(false)));
        assertModelled(CreateBotResponse.class, raw.lastJson());
        String id = bot.botId();
        CreateBotLocaleResponse locale = lexModels.createBotLocale(b -> b.botId(id).botVersion("DRAFT").localeId("en_US")
                .nluIntentConfidenceThreshold(0.4));
        assertModelled(CreateBotLocaleResponse.class, raw.lastJson());
        assertThat(locale.botLocaleStatus()).isNotNull();
        // a new locale is Creating for a while, as in Lex; wait for NotBuilt before adding to it
        for (int i = 0; i < 20 && lexModels.describeBotLocale(b -> b.botId(id).botVersion("DRAFT").localeId("en_US")).botLocaleStatus()
                == BotLocaleStatus.CREATING; i++) {
            pause();
        }
        CreateIntentResponse intent = lexModels.createIntent(b -> b.botId(id).botVersion("DRAFT").localeId("en_US").intentName("OrderFlowers")
                .sampleUtterances(SampleUtterance.builder().utterance("I want to order flowers").build()));
        assertModelled(CreateIntentResponse.class, raw.lastJson());
        assertThat(intent.intentId()).hasSize(10);
        BuildBotLocaleResponse build = lexModels.buildBotLocale(b -> b.botId(id).botVersion("DRAFT").localeId("en_US"));
        assertModelled(BuildBotLocaleResponse.class, raw.lastJson());
        DescribeBotLocaleResponse described = null;
        for (int i = 0; i < 20; i++) {
            described = lexModels.describeBotLocale(b -> b.botId(id).botVersion("DRAFT").localeId("en_US"));
            if (described.botLocaleStatus() == BotLocaleStatus.BUILT) {
                break;
            }
            pause();
        }
        assertModelled(DescribeBotLocaleResponse.class, raw.lastJson());
        assertThat(described.botLocaleStatus()).isEqualTo(BotLocaleStatus.BUILT);
        assertThat(build.botLocaleStatus()).isNotNull();
        return id;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void modelsAndRuntime_fakeAnswers_areModelled() {
        String id = builtBot();
        DescribeBotResponse bot = lexModels.describeBot(b -> b.botId(id));
        assertModelled(DescribeBotResponse.class, raw.lastJson());
        assertThat(bot.botName()).isEqualTo("OrderFlowers");
        ListBotsResponse bots = lexModels.listBots(b -> b.maxResults(10));
        assertModelled(ListBotsResponse.class, raw.lastJson());
        assertThat(bots.botSummaries()).extracting(s -> s.botId()).contains(id);

        RecognizeTextResponse said = lexRuntime.recognizeText(b -> b.botId(id).botAliasId(LexModelsFake.TEST_ALIAS_ID).localeId("en_US")
                .sessionId("contract-session-1").text("I want to order flowers"));
        assertModelled(RecognizeTextResponse.class, raw.lastJson());
        assertThat(said.sessionState().intent().name()).isEqualTo("OrderFlowers");
        // RecognizeUtterance's payload is the utterance itself (here text/plain), not JSON: the request checks must let it through
        var utterance = lexRuntime.recognizeUtterance(b -> b.botId(id).botAliasId(LexModelsFake.TEST_ALIAS_ID).localeId("en_US")
                        .sessionId("contract-session-1").requestContentType("text/plain; charset=utf-8").responseContentType("text/plain; charset=utf-8"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("I want to order flowers"),
                software.amazon.awssdk.core.sync.ResponseTransformer.toBytes());
        assertThat(utterance.response().sessionId()).isEqualTo("contract-session-1");
        GetSessionResponse session = lexRuntime.getSession(b -> b.botId(id).botAliasId(LexModelsFake.TEST_ALIAS_ID).localeId("en_US")
                .sessionId("contract-session-1"));
        assertModelled(GetSessionResponse.class, raw.lastJson());
        assertThat(session.sessionId()).isEqualTo("contract-session-1");
        DeleteSessionResponse deleted = lexRuntime.deleteSession(b -> b.botId(id).botAliasId(LexModelsFake.TEST_ALIAS_ID).localeId("en_US")
                .sessionId("contract-session-1"));
        assertModelled(DeleteSessionResponse.class, raw.lastJson());
        assertThat(deleted.sessionId()).isEqualTo("contract-session-1");
    }

    // idleSessionTTLInSeconds 60..86400, botName ^([0-9a-zA-Z][_-]?){1,100}$, dataPrivacy required:
    // https://docs.aws.amazon.com/lexv2/latest/APIReference/API_CreateBot.html
    @Test
    void createBot_invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> lexModels.createBot(b -> b.botName("Order").roleArn(ROLE).idleSessionTTLInSeconds(30)
                .dataPrivacy(d -> d.childDirected(false))))
                .isInstanceOfSatisfying(LexModelsV2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("at 'idleSessionTTLInSeconds'");
                });
        assertThatThrownBy(() -> lexModels.createBot(b -> b.botName("Order Flowers").roleArn(ROLE).idleSessionTTLInSeconds(300)
                .dataPrivacy(d -> d.childDirected(false))))
                .isInstanceOfSatisfying(LexModelsV2Exception.class, e -> assertThat(e.getMessage()).contains("at 'botName'"));
        assertThatThrownBy(() -> lexModels.createBot(b -> b.botName("Order").roleArn(ROLE).idleSessionTTLInSeconds(300)))
                .isInstanceOfSatisfying(LexModelsV2Exception.class, e -> assertThat(e.getMessage()).contains("Value null at 'dataPrivacy'"));
        assertThat(models.botCount()).isZero();
    }

    // botId is 10 characters, text 1..1024: https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_RecognizeText.html
    @Test
    void recognizeText_invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> lexRuntime.recognizeText(b -> b.botId("SHORT").botAliasId(LexModelsFake.TEST_ALIAS_ID).localeId("en_US")
                .sessionId("s-1").text("hi")))
                .isInstanceOfSatisfying(LexRuntimeV2Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("at 'botId'");
                });
        assertThatThrownBy(() -> lexRuntime.recognizeText(b -> b.botId("ABCDEFGHIJ").botAliasId(LexModelsFake.TEST_ALIAS_ID).localeId("en_US")
                .sessionId("s-1").text("x".repeat(1025))))
                .isInstanceOfSatisfying(LexRuntimeV2Exception.class, e -> assertThat(e.getMessage())
                        .contains("at 'text' failed to satisfy constraint: Member must have length less than or equal to 1024"));
    }
}
