package dev.trae.testkit.wire;

import dev.trae.testkit.TraeLocal;

/**
 * A fake AWS service: it registers its operations on a {@link FakeAwsServer} and keeps its own state
 * (buckets, bots, jobs...). Install it with {@link TraeLocal#fake(String, FakeService)}.
 */
@FunctionalInterface
public interface FakeService {
    void install(FakeAwsServer server);
}
