package dev.trae.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.CallObserver;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.spring.autoconfigure.observation.MicrometerCallObserver;
import dev.trae.spring.test.TraeLocalStack;
import dev.trae.testkit.wire.Fault;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * The Micrometer binding end to end: real AWS SDK calls through core's guarded {@link ServiceClient} against Trae
 * Local, recorded by the auto-configured {@link MicrometerCallObserver} into an {@link ObservationRegistry} with
 * Micrometer's meter handler (timers, counters) and tracing handler (spans) attached.
 */
class TraeObservationTest {
    private static final String MODEL = "amazon.nova-lite-v1:0";
    /** The fake's default chunk size (BedrockRuntimeFake). */
    private static final int DEFAULT_CHUNK = 12;
    private static TraeLocalStack stack;

    private SimpleMeterRegistry meters;
    private SimpleTracer tracer;
    private ObservationRegistry observations;

    @BeforeAll
    static void startLocal() {
        stack = TraeLocalStack.start(false);
    }

    @AfterAll
    static void stopLocal() {
        stack.close();
    }

    @BeforeEach
    void registries() {
        stack.reset();
        meters = new SimpleMeterRegistry();
        tracer = new SimpleTracer();
        observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TraeObservationAutoConfiguration.class, TraeAutoConfiguration.class,
                        TraeBedrockAutoConfiguration.class))
                .withPropertyValues(stack.properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .withBean(ObservationRegistry.class, () -> observations)
                .withBean(SimpleMeterRegistry.class, () -> meters);
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private Timer timer(String... tags) {
        return meters.find(MicrometerCallObserver.NAME).tags(tags).timer();
    }

    @Test
    void observer_whenMicrometerPresent_isTheSharedConfigsObserver() {
        runner().run(ctx -> {
            assertThat(ctx).hasSingleBean(MicrometerCallObserver.class);
            assertThat(ctx.getBean(TraeConfig.class).observer()).isSameAs(ctx.getBean(CallObserver.class));
        });
    }

    @Test
    void observer_whenDisabledOrMicrometerAbsent_isNoop() {
        runner().withPropertyValues("trae.observation.enabled=false").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(CallObserver.class);
            assertThat(ctx.getBean(TraeConfig.class).observer()).isSameAs(CallObserver.NOOP);
        });
        runner().withClassLoader(new FilteredClassLoader(ObservationRegistry.class)).run(ctx -> {
            assertThat(ctx).doesNotHaveBean(CallObserver.class);
            assertThat(ctx.getBean(TraeConfig.class).observer()).isSameAs(CallObserver.NOOP);
        });
    }

    @Test
    void observer_whenApplicationDeclaresOne_isTheApplications() {
        CallObserver mine = (s, o) -> CallObservation.NOOP;
        runner().withBean(CallObserver.class, () -> mine)
                .run(ctx -> assertThat(ctx.getBean(TraeConfig.class).observer()).isSameAs(mine));
    }

    @Test
    void converse_recordsOneTimerAndOneSpanWithTheCallKeys() {
        runner().run(ctx -> {
            try (ServiceClient<BedrockRuntimeClient> bedrock = AwsClients.of(ctx.getBean(TraeConfig.class))
                    .service(Services.BEDROCK_RUNTIME, BedrockRuntimeClient::builder)) {
                ConverseResponse r = bedrock.call("Converse", c -> c.converse(b -> b.modelId(MODEL).messages(user("Diesel price?"))));
                assertThat(r.output().message().content()).isNotEmpty();
                Timer t = timer("aws.service", "bedrock-runtime", "aws.operation", "Converse", "outcome", "success",
                        "attempts", "1", "throttled", "false", "error.code", "none");
                assertThat(t).as("timer among %s", meterIds()).isNotNull();
                assertThat(t.count()).isEqualTo(1);
                assertThat(t.totalTime(TimeUnit.NANOSECONDS)).isPositive();
                SimpleSpan span = tracer.onlySpan();
                assertThat(span.getName()).isEqualTo("bedrock-runtime Converse");
                assertThat(span.getTags()).containsEntry("aws.service", "bedrock-runtime").containsEntry("outcome", "success")
                        .containsKey("aws.request_id");
                assertThat(span.getTags().get("aws.request_id")).isEqualTo(r.responseMetadata().requestId());
                assertThat(span.getError()).isNull();
            }
        });
    }

    @Test
    void converse_whenThrottledOnceThenRetried_recordsTwoAttemptsAndTheThrottle() {
        // Bedrock answers 429 ThrottlingException when the account's quota is exceeded:
        // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
        stack.local().server("bedrock-runtime").faults().next("Converse", 1, Fault.throttle());
        runner().run(ctx -> {
            try (ServiceClient<BedrockRuntimeClient> bedrock = AwsClients.of(ctx.getBean(TraeConfig.class))
                    .service(Services.BEDROCK_RUNTIME, BedrockRuntimeClient::builder)) {
                bedrock.call("Converse", c -> c.converse(b -> b.modelId(MODEL).messages(user("Diesel price?"))));
                assertThat(stack.local().server("bedrock-runtime").count("Converse")).isEqualTo(2);
                Timer t = timer("outcome", "success", "attempts", "2", "throttled", "true");
                assertThat(t).as("timer among %s", meterIds()).isNotNull();
                assertThat(t.count()).isEqualTo(1);
                assertThat(tracer.getSpans()).hasSize(1);
                assertThat(tracer.onlySpan().getTags()).containsEntry("attempts", "2").containsEntry("throttled", "true");
            }
        });
    }

    @Test
    void converse_whenThrottledEveryTime_recordsTheFailureOnTimerAndSpan() {
        stack.local().server("bedrock-runtime").faults().always("Converse", Fault.throttle());
        runner().withPropertyValues("trae.resilience.max-attempts=2").run(ctx -> {
            try (ServiceClient<BedrockRuntimeClient> bedrock = AwsClients.of(ctx.getBean(TraeConfig.class))
                    .service(Services.BEDROCK_RUNTIME, BedrockRuntimeClient::builder)) {
                assertThatThrownBy(() -> bedrock.call("Converse", c -> c.converse(b -> b.modelId(MODEL).messages(user("x")))))
                        .isInstanceOf(TraeServiceException.class);
                Timer t = timer("outcome", "throttled", "attempts", "2", "throttled", "true", "error.code", "ThrottlingException");
                assertThat(t).as("timer among %s", meterIds()).isNotNull();
                assertThat(tracer.onlySpan().getError()).isInstanceOf(TraeServiceException.class);
            } finally {
                stack.local().server("bedrock-runtime").faults().clear();
            }
        });
    }

    @Test
    void converseStream_recordsFirstTokenEventOnSpanAndCounter() {
        stack.bedrockRuntime().streaming(8, Duration.ofMillis(20));
        runner().run(ctx -> {
            try (ServiceClient<BedrockRuntimeAsyncClient> bedrock = AwsClients.of(ctx.getBean(TraeConfig.class))
                    .asyncService(Services.BEDROCK_RUNTIME, BedrockRuntimeAsyncClient::builder)) {
                StringBuilder text = new StringBuilder();
                AtomicBoolean first = new AtomicBoolean();
                CallObservation observation = bedrock.start("ConverseStream");
                ConverseStreamRequest req = ConverseStreamRequest.builder().modelId(MODEL).messages(user("Tell me a story")).build();
                CompletableFuture<Void> done = bedrock.callAsync("ConverseStream", Idempotency.DEFAULT, observation,
                        c -> c.converseStream(req, ConverseStreamResponseHandler.builder()
                                .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                                        .onContentBlockDelta(d -> {
                                            if (first.compareAndSet(false, true)) {
                                                observation.event("first-token"); // as trae-aws-bedrock does on the first delta
                                            }
                                            text.append(d.delta().text());
                                        }).build())
                                .build()));
                done.get(30, TimeUnit.SECONDS);
                assertThat(text).isNotEmpty();
                Timer t = timer("aws.operation", "ConverseStream", "outcome", "success");
                assertThat(t).as("timer among %s", meterIds()).isNotNull();
                assertThat(meters.find(MicrometerCallObserver.NAME + ".first-token").counter()).isNotNull()
                        .satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
                Timer ttft = meters.find(MicrometerCallObserver.TIME_TO_FIRST_TOKEN)
                        .tags("aws.service", "bedrock-runtime", "aws.operation", "ConverseStream").timer();
                assertThat(ttft).as("timer among %s", meterIds()).isNotNull();
                assertThat(ttft.count()).isEqualTo(1);
                assertThat(ttft.totalTime(TimeUnit.NANOSECONDS)).isPositive()
                        .isLessThanOrEqualTo(timer("aws.operation", "ConverseStream").totalTime(TimeUnit.NANOSECONDS));
                SimpleSpan span = tracer.onlySpan();
                assertThat(span.getName()).isEqualTo("bedrock-runtime ConverseStream");
                assertThat(span.getEvents()).extracting(Map.Entry::getValue).containsExactly("first-token");
            } finally {
                stack.bedrockRuntime().streaming(DEFAULT_CHUNK, Duration.ZERO);
            }
        });
    }

    @Test
    void bedrockClient_converse_isObservedWithGenAiKeys() {
        runner().run(ctx -> {
            ctx.getBean(TraeBedrockClient.class).converse(r -> r.modelId(MODEL).user("Diesel price?"));
            // the client may also load the model catalog (its own spans); the Converse call has exactly one span
            List<SimpleSpan> converse = tracer.getSpans().stream()
                    .filter(s -> s.getName().equals("bedrock-runtime Converse")).collect(Collectors.toList());
            assertThat(converse).as("spans %s", tracer.getSpans().stream().map(SimpleSpan::getName).collect(Collectors.toList()))
                    .hasSize(1);
            assertThat(converse.get(0).getTags()).containsEntry("aws.operation", "Converse").containsKey("gen_ai.request.model");
        });
    }

    private List<String> meterIds() {
        return meters.getMeters().stream().map(m -> m.getId().toString()).collect(Collectors.toList());
    }

}
