package dev.trae.archfixture;

/** Fixture for ArchitectureTest: a public API type exposing AWS SDK and resilience4j types (the rule must report both). */
public final class BadClient {
    public software.amazon.awssdk.regions.Region region() {
        return software.amazon.awssdk.regions.Region.US_EAST_1;
    }

    public void breaker(io.github.resilience4j.circuitbreaker.CircuitBreaker breaker) {
    }
}
