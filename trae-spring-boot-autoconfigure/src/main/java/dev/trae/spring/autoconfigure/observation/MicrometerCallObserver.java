package dev.trae.spring.autoconfigure.observation;

import java.util.Objects;

import dev.trae.aws.core.CallObservation;
import dev.trae.aws.core.CallObserver;
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
 * <pre>{@code
 * TraeConfig config = TraeConfig.builder().observer(new MicrometerCallObserver(observationRegistry)).build();
 * }</pre>
 */
public final class MicrometerCallObserver implements CallObserver {
    /** The observation (and metric) name. */
    public static final String NAME = "trae.aws.call";

    private final ObservationRegistry registry;

    /** Observations go to {@code registry}. */
    public MicrometerCallObserver(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public CallObservation start(String service, String operation) {
        Observation o = Observation.createNotStarted(NAME, registry)
                .contextualName(service + " " + operation)
                .lowCardinalityKeyValue("aws.service", service)
                .lowCardinalityKeyValue("aws.operation", operation)
                .lowCardinalityKeyValue("error.code", "none")
                .start();
        return new Bound(o);
    }

    /** One call's observation. */
    private static final class Bound implements CallObservation {
        private final Observation observation;

        Bound(Observation observation) {
            this.observation = observation;
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
