package dev.trae.aws.core;

import dev.trae.aws.core.spi.AwsClients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sts.StsClient;

class AwsClientsTest {

    @Test
    void sync_appliesRegionAndEndpointFromConfig() {
        TraeConfig config = TraeConfig.builder().mode(TraeConfig.Mode.LOCAL).region("eu-west-1")
                .credentials(TraeCredentials.staticKeys("AKIAEXAMPLE000000000", "secret-secret"))
                .endpoint("sts", URI.create("http://127.0.0.1:1")).build();
        try (StsClient sts = AwsClients.of(config).sync("sts", StsClient::builder)) {
            assertThat(sts.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
            assertThat(sts.serviceClientConfiguration().endpointOverride()).hasValue(URI.create("http://127.0.0.1:1"));
        }
    }

    @Test
    void sync_rejectsBlankServiceName() {
        TraeConfig config = TraeConfig.builder().credentials(TraeCredentials.staticKeys("AKIAEXAMPLE000000000", "s-secret")).build();
        assertThatThrownBy(() -> AwsClients.of(config).sync(" ", StsClient::builder)).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void resilience_isSharedAcrossFactoriesOfTheSameConfig() {
        TraeConfig config = TraeConfig.builder().build();
        assertThat(AwsClients.of(config).resilience()).isSameAs(AwsClients.of(config.toBuilder().build()).resilience());
    }
}
