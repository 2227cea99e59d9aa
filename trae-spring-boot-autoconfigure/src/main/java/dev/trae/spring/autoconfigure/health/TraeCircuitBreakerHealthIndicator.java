package dev.trae.spring.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.spi.Resilience;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The state of the shared config's circuit breaker per service (one breaker per service id, shared by every client
 * built from the config). DOWN when a breaker is OPEN or FORCED_OPEN (calls to that service fail at once),
 * UNKNOWN when one is HALF_OPEN (trial calls decide), UP otherwise. Reads resilience4j's in-memory state only.
 */
public final class TraeCircuitBreakerHealthIndicator extends AbstractHealthIndicator {
    private final TraeConfig config;
    private final List<String> services;

    /** Reports the breakers of {@code services} (service ids such as bedrock-runtime). */
    public TraeCircuitBreakerHealthIndicator(TraeConfig config, List<String> services) {
        super("Trae circuit breaker states could not be read");
        this.config = Objects.requireNonNull(config, "config");
        this.services = List.copyOf(services);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Resilience resilience = Resilience.of(config);
        Status status = Status.UP;
        for (String service : services) {
            CircuitBreaker cb = resilience.circuitBreaker(service);
            CircuitBreaker.State state = cb.getState();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", state.name());
            float rate = cb.getMetrics().getFailureRate();
            d.put("failureRate", rate < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", rate));
            d.put("bufferedCalls", cb.getMetrics().getNumberOfBufferedCalls());
            d.put("failedCalls", cb.getMetrics().getNumberOfFailedCalls());
            builder.withDetail(service, d);
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
                status = Status.DOWN;
            } else if (state == CircuitBreaker.State.HALF_OPEN && status == Status.UP) {
                status = Status.UNKNOWN;
            }
        }
        builder.status(status);
    }
}
