package dev.trae.spring.autoconfigure.observation;

import java.util.Objects;
import java.util.function.BiConsumer;

import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.CallObserver;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Core's {@link CallObserver} hook bound to Micrometer: every AWS call made through the Trae resilience layer
 * becomes one {@link Observation} named {@value #NAME} in the application's {@link ObservationRegistry}. With
 * Spring Boot's default handlers that gives a timer {@code trae.aws.call} (and {@code trae.aws.call.active}) tagged
 * with the low-cardinality keys, a span named {@code <service> <operation>} carrying every key, and one counter per
 * event ({@code trae.aws.call.first-token} for Bedrock streams).
 *
 * <p>Keys come from core and the modules: {@code aws.service}, {@code aws.operation}, {@code outcome},
 * {@code attempts}, {@code throttled}, {@code error.code} (low cardinality) and {@code aws.request_id} (high); Bedrock
 * adds the OpenTelemetry {@code gen_ai.*} attributes. Keys that are set only on failure ({@code error.code}) are
 * recorded as {@code none} on success, so every timer of one name has the same tag keys (Prometheus needs that).
 *
 * <p>The time from the start of a call to its {@code first-token} event (Bedrock streams) is handed to an optional
 * recorder with the call's low-cardinality keys; the auto-configuration records it as the timer
 * {@value #TIME_TO_FIRST_TOKEN} (the OpenTelemetry generative-AI metric of that name) when a {@code MeterRegistry}
 * exists.
 *
 * <pre>{@code
 * TraeConfig config = TraeConfig.builder().observer(new MicrometerCallObserver(observationRegistry)).build();
 * }</pre>
 */
public final class MicrometerCallObserver implements CallObserver {
    /** The observation (and metric) name. */
    public static final String NAME = "trae.aws.call";
    /** The timer of the time to the first token of a stream. */
    public static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
    /** The event that marks the first token of a stream. */
    public static final String FIRST_TOKEN = "first-token";

    private final ObservationRegistry registry;
    private final BiConsumer<Iterable<KeyValue>, Long> firstToken;

    /** Observations go to {@code registry}. */
    public MicrometerCallObserver(ObservationRegistry registry) {
        this(registry, (keys, nanos) -> { });
    }

    /**
     * Observations go to {@code registry}; {@code firstToken} receives the low-cardinality keys and the nanoseconds
     * from the start of the call to its {@value #FIRST_TOKEN} event.
     */
    public MicrometerCallObserver(ObservationRegistry registry, BiConsumer<Iterable<KeyValue>, Long> firstToken) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.firstToken = Objects.requireNonNull(firstToken, "firstToken");
    }

    @Override
    public CallObservation start(String service, String operation) {
        Observation o = Observation.createNotStarted(NAME, registry)
                .contextualName(service + " " + operation)
                .lowCardinalityKeyValue("aws.service", service)
                .lowCardinalityKeyValue("aws.operation", operation)
                .lowCardinalityKeyValue("error.code", "none")
                .start();
        return new Bound(o, firstToken);
    }

    /** One call's observation. */
    private static final class Bound implements CallObservation {
        private final Observation observation;
        private final BiConsumer<Iterable<KeyValue>, Long> firstToken;
        private final long startNanos = System.nanoTime();
        private volatile boolean firstTokenSeen;

        Bound(Observation observation, BiConsumer<Iterable<KeyValue>, Long> firstToken) {
            this.observation = observation;
            this.firstToken = firstToken;
        }

        @Override
        public void tag(String key, String value) {
            if (key != null && value != null) {
                observation.lowCardinalityKeyValue(key, value);
            }
        }

        @Override
        public void highCardinalityTag(String key, String value) {
            if (key != null && value != null) {
                observation.highCardinalityKeyValue(key, value);
            }
        }

        @Override
        public void event(String name) {
            if (name != null) {
                observation.event(Observation.Event.of(name));
                if (FIRST_TOKEN.equals(name) && !firstTokenSeen) {
                    firstTokenSeen = true;
                    firstToken.accept(observation.getContext().getLowCardinalityKeyValues(), System.nanoTime() - startNanos);
                }
            }
        }

        @Override
        public void stop(Throwable error) {
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        }
    }
}
