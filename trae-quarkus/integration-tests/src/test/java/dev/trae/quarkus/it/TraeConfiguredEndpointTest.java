package dev.trae.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.trae.aws.core.TraeConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With an endpoint configured, the Dev Services stay off and the configured endpoint is the one used. */
@QuarkusTest
@TestProfile(TraeConfiguredEndpointTest.OwnEndpoint.class)
class TraeConfiguredEndpointTest {

    /** An application that names its own Bedrock endpoint. */
    public static final class OwnEndpoint implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.trae.endpoints.bedrock-runtime", "http://127.0.0.1:9",
                    "quarkus.trae.mode", "local",
                    "quarkus.trae.region", "eu-central-1");
        }
    }

    @Inject
    TraeConfig config;

    @Test
    void config_whenAnEndpointIsConfigured_doesNotStartTraeLocal() {
        assertThat(config.endpoint("bedrock-runtime")).contains(URI.create("http://127.0.0.1:9"));
        // Trae Local would have pointed every faked service at itself
        assertThat(config.endpoint("textract")).isEmpty();
        assertThat(config.endpoints()).hasSize(1);
        assertThat(config.region()).hasToString("eu-central-1");
    }
}
