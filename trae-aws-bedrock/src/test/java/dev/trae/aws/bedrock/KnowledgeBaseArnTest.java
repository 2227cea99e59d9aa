package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.bedrockagentruntime.BedrockAgentRuntimeFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** KnowledgeBase builds inference-profile ARNs with the caller's account (issue 16 point 5). */
@ExtendWith(TraeLocalExtension.class)
class KnowledgeBaseArnTest {
    /**
     * The GetCallerIdentity answer of the STS API reference example
     * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
     */
    private static final String CALLER_IDENTITY = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
                <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata>
                <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
              </ResponseMetadata>
            </GetCallerIdentityResponse>""";

    private final TraeLocal local;
    private HttpServer sts;
    private final List<String> stsActions = new CopyOnWriteArrayList<>();

    KnowledgeBaseArnTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() throws IOException {
        local.fake("bedrock-agent-runtime", new BedrockAgentRuntimeFake())
                .addDocument("KB1", "s3://docs/safety.md", "Pump nozzles are inspected every 30 days by the station manager.");
        local.resetAll();
        sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", x -> {
            String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            stsActions.add(form);
            byte[] body = CALLER_IDENTITY.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/xml");
            x.sendResponseHeaders(form.contains("Action=GetCallerIdentity") ? 200 : 400, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        sts.start();
    }

    @AfterEach
    void tearDown() {
        sts.stop(0);
    }

    private String sentModelArn(int i) {
        return local.server("bedrock-agent-runtime").requests("RetrieveAndGenerate").get(i).json()
                .path("retrieveAndGenerateConfiguration").path("knowledgeBaseConfiguration").path("modelArn").asText();
    }

    @Test
    void ask_withInferenceProfileId_buildsProfileArnWithCallerAccount_fromStsOnce() {
        TraeConfig config = local.configBuilder().endpoint("sts", URI.create("http://127.0.0.1:" + sts.getAddress().getPort())).build();
        try (KnowledgeBase kb = KnowledgeBase.create(config)) {
            kb.ask("KB1", "us.amazon.nova-pro-v1:0", "How often are nozzles inspected?");
            kb.ask("KB1", "eu.anthropic.claude-haiku-4-5-20251001-v1:0", "And who signs?");
            kb.ask("KB1", "amazon.nova-pro-v1:0", "A foundation model");
        }
        assertThat(sentModelArn(0)).isEqualTo("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0");
        assertThat(sentModelArn(1)).isEqualTo("arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0");
        assertThat(sentModelArn(2)).isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0");
        assertThat(stsActions).singleElement().asString().contains("Action=GetCallerIdentity");
    }

    @Test
    void ask_withAccountGiven_needsNoSts() {
        try (KnowledgeBase kb = KnowledgeBase.create(local.config(), "210987654321")) {
            kb.ask("KB1", "global.amazon.nova-2-lite-v1:0", "q");
            assertThatThrownBy(() -> KnowledgeBase.create(local.config(), "12345")).isInstanceOf(TraeValidationException.class);
        }
        assertThat(sentModelArn(0)).isEqualTo("arn:aws:bedrock:us-east-1:210987654321:inference-profile/global.amazon.nova-2-lite-v1:0");
        assertThat(stsActions).isEmpty();
    }
}
