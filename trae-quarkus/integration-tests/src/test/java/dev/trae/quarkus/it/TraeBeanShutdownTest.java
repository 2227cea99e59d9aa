package dev.trae.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.core.TraeClientException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Destroying a Trae bean (what the container does to every bean on shutdown) closes the client through the
 * extension's disposer. In an application of its own (a test profile), so the other tests keep their beans.
 */
@QuarkusTest
@TestProfile(TraeBeanShutdownTest.Isolated.class)
class TraeBeanShutdownTest {

    /** Its own application instance. */
    public static final class Isolated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.trae.user-agent-suffix", "shutdown-test");
        }
    }

    @Test
    void destroy_bedrockBean_closesTheClient() {
        InstanceHandle<TraeBedrockClient> handle = Arc.container().instance(TraeBedrockClient.class);
        TraeBedrockClient client = handle.get();
        assertThat(client.converse(r -> r.modelId("amazon.nova-lite-v1:0").user("before")).text()).isEqualTo("Answer to: before");

        handle.destroy();

        // the closed SDK client's executor refuses the call
        assertThatThrownBy(() -> client.converse(r -> r.modelId("amazon.nova-lite-v1:0").user("after")))
                .isInstanceOf(TraeClientException.class)
                .hasStackTraceContaining("RejectedExecutionException");
        // the container makes a new one on the next lookup
        TraeBedrockClient again = Arc.container().instance(TraeBedrockClient.class).get();
        assertThat(again).isNotSameAs(client);
        assertThat(again.converse(r -> r.modelId("amazon.nova-lite-v1:0").user("again")).text()).isEqualTo("Answer to: again");
    }
}
