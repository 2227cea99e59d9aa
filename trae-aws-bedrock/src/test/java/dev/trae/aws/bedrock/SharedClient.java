package dev.trae.aws.bedrock;

import dev.trae.testkit.TraeLocal;

/**
 * One {@link TraeBedrockClient} for the stream tests of a class (closing an async Netty client takes about two
 * seconds, per client): {@link #get} creates it on first use and empties its ledger; close it in {@code @AfterAll}.
 */
final class SharedClient implements AutoCloseable {
    private TraeBedrockClient client;

    synchronized TraeBedrockClient get(TraeLocal local) {
        if (client == null) {
            client = TraeBedrockClient.create(local.config());
        }
        client.ledger().reset();
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
