package dev.trae.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TraeLocalStackTest {

    @Test
    void services_whenStarted_matchTheEndpointsTheStackHas() {
        try (TraeLocalStack stack = TraeLocalStack.start(false)) {
            assertThat(stack.local().config().endpoints().keySet())
                    .containsExactlyInAnyOrderElementsOf(TraeLocalStack.services(false));
            assertThat(stack.endpoint("bedrock-runtime").toString()).startsWith("http://127.0.0.1:");
            assertThatThrownBy(() -> stack.endpoint("s3")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void properties_withPrefix_pointEveryServiceAtTheStack() {
        try (TraeLocalStack stack = TraeLocalStack.start(false)) {
            Map<String, String> p = stack.properties("quarkus.trae.");
            assertThat(p).containsAllEntriesOf(TraeLocalStack.fixedProperties("quarkus.trae."))
                    .containsEntry("quarkus.trae.mode", "local")
                    .containsEntry("quarkus.trae.endpoints.bedrock-runtime", stack.endpoint("bedrock-runtime").toString());
            assertThat(p.keySet()).allMatch(k -> k.startsWith("quarkus.trae."));
            assertThat(p.keySet().stream().filter(k -> k.startsWith("quarkus.trae.endpoints.")))
                    .hasSize(TraeLocalStack.services(false).size());
        }
    }
}
