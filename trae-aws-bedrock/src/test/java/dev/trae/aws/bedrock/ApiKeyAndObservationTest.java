package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.StreamListener;
import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bedrock API keys as bearer tokens on bedrock-runtime (issue 16 point 6) and the GenAI observation keys. */
@ExtendWith(TraeLocalExtension.class)
class ApiKeyAndObservationTest {
    private static final String KEY = "ABSKQmVkcm9ja0FQSUtleS10ZXN0LWtleQ==";
    private static final String NOVA = "amazon.nova-lite-v1:0";
    private final TraeLocal local;
    private BedrockRuntimeFake runtime;

    ApiKeyAndObservationTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() {
        runtime = local.fake("bedrock-runtime", new BedrockRuntimeFake());
        runtime.clear();
        runtime.requireApiKey(null);
        local.resetAll();
    }

    @Test
    void bedrockApiKey_isSentAsBearer_onlyToBedrockRuntime_andNeverShown() {
        runtime.requireApiKey(KEY);
        TraeCredentials creds = TraeCredentials.staticKeys(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).withBedrockApiKey(() -> KEY);
        TraeConfig config = local.configBuilder().credentials(creds).build();
        try (TraeBedrockClient bedrock = TraeBedrockClient.create(config)) {
            assertThat(bedrock.converse(c -> c.modelId(NOVA).user("hi")).text()).isNotEmpty();
            assertThat(bedrock.converseStream(ConverseRequest.builder().modelId(NOVA).user("stream").build(), StreamListener.noop())
                    .await(Duration.ofSeconds(20)).text()).isNotEmpty();
            assertThat(bedrock.toString()).doesNotContain(KEY);
        }
        assertThat(local.server("bedrock-runtime").requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Authorization")).contains("Bearer " + KEY));
        assertThat(creds.toString()).doesNotContain(KEY).contains("bedrockApiKey=");
        assertThat(config.toString()).doesNotContain(KEY);
        // without the key (SigV4 only), the fake refuses as Bedrock does when API keys are required
        try (TraeBedrockClient sigv4 = TraeBedrockClient.create(local.config())) {
            assertThatThrownBy(() -> sigv4.converse(c -> c.modelId(NOVA).user("hi")))
                    .isInstanceOfSatisfying(TraeServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.getMessage()).doesNotContain(KEY);
                    });
        }
    }

    @Test
    void bedrockApiKey_defaultsToTheEnvironmentVariable() {
        TraeCredentials fromEnv = TraeCredentials.bedrockApiKey();
        assertThat(fromEnv.kind()).isEqualTo(TraeCredentials.Kind.DEFAULT_CHAIN);
        assertThat(fromEnv.bedrockApiKeySource()).hasValueSatisfying(
                s -> assertThat(s.get()).isEqualTo(System.getenv(TraeCredentials.BEDROCK_API_KEY_ENV)));
        assertThat(TraeCredentials.BEDROCK_API_KEY_ENV).isEqualTo("AWS_BEARER_TOKEN_BEDROCK");
        assertThat(TraeCredentials.bedrockApiKey(KEY).toString()).doesNotContain(KEY);
    }

    /** Records every observation: low- and high-cardinality keys, events, stops. */
    static final class Recorder {
        final List<Map<String, String>> tags = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> high = new CopyOnWriteArrayList<>();
        final List<List<String>> events = new CopyOnWriteArrayList<>();
        final List<String> operations = new CopyOnWriteArrayList<>();
        final List<Integer> stops = new CopyOnWriteArrayList<>();

        CallObservation start(String service, String operation) {
            Map<String, String> t = new ConcurrentHashMap<>();
            Map<String, String> h = new ConcurrentHashMap<>();
            List<String> e = new CopyOnWriteArrayList<>();
            int index = operations.size();
            operations.add(service + "." + operation);
            tags.add(t);
            high.add(h);
            events.add(e);
            return new CallObservation() {
                @Override
                public void tag(String key, String value) {
                    t.put(key, value);
                }

                @Override
                public void highCardinalityTag(String key, String value) {
                    h.put(key, value);
                }

                @Override
                public void event(String name) {
                    e.add(name);
                }

                @Override
                public void stop(Throwable error) {
                    stops.add(index);
                }
            };
        }
    }

    @Test
    void converseAndStream_areObservedWithGenAiAttributes_usage_andFirstToken() {
        Recorder rec = new Recorder();
        TraeConfig config = local.configBuilder().observer(rec::start).build();
        try (TraeBedrockClient bedrock = TraeBedrockClient.create(config)) {
            var r = bedrock.converse(c -> c.modelId(NOVA).user("What is a pump?"));
            var s = bedrock.converseStream(ConverseRequest.builder().modelId(NOVA).user("Stream it").build(), StreamListener.noop())
                    .await(Duration.ofSeconds(20));
            assertThat(rec.operations).containsExactly("bedrock-runtime.Converse", "bedrock-runtime.ConverseStream");
            for (int i = 0; i < 2; i++) {
                assertThat(rec.tags.get(i)).containsEntry("gen_ai.operation.name", "chat").containsEntry("gen_ai.provider.name", "aws.bedrock")
                        .containsEntry("gen_ai.request.model", NOVA);
            }
            assertThat(rec.high.get(0)).containsEntry("gen_ai.usage.input_tokens", Long.toString(r.usage().inputTokens()))
                    .containsEntry("gen_ai.usage.output_tokens", Long.toString(r.usage().outputTokens()));
            assertThat(rec.high.get(1)).containsEntry("gen_ai.usage.input_tokens", Long.toString(s.usage().inputTokens()))
                    .containsEntry("gen_ai.usage.output_tokens", Long.toString(s.usage().outputTokens()));
            assertThat(rec.events.get(0)).isEmpty();
            assertThat(rec.events.get(1)).containsExactly("first-token");
            assertThat(rec.stops).containsExactly(0, 1);
        }
    }
}
