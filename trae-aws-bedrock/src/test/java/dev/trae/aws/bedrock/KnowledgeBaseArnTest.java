package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.bedrockagentruntime.BedrockAgentRuntimeFake;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.aws.sts.StsFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** KnowledgeBase builds inference-profile ARNs with the caller's account (issue 16 point 5). */
@ExtendWith(TraeLocalExtension.class)
class KnowledgeBaseArnTest {
    private final TraeLocal local;
    private StsFake sts;

    KnowledgeBaseArnTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() {
        local.fake("bedrock-agent-runtime", new BedrockAgentRuntimeFake())
                .addDocument("KB1", "s3://docs/safety.md", "Pump nozzles are inspected every 30 days by the station manager.");
        sts = local.fake("sts", new StsFake()).identity(EmbeddedS3.ACCESS_KEY, "arn:aws:iam::123456789012:user/alice", "AIDAEXAMPLE");
        local.resetAll();
    }

    private String sentModelArn(int i) {
        return local.server("bedrock-agent-runtime").requests("RetrieveAndGenerate").get(i).json()
                .path("retrieveAndGenerateConfiguration").path("knowledgeBaseConfiguration").path("modelArn").asText();
    }

    @Test
    void ask_withInferenceProfileId_buildsProfileArnWithCallerAccount_fromStsOnce() {
        int before = sts.calls();
        try (KnowledgeBase kb = KnowledgeBase.create(local.config())) {
            kb.ask("KB1", "us.amazon.nova-pro-v1:0", "How often are nozzles inspected?");
            kb.ask("KB1", "eu.anthropic.claude-haiku-4-5-20251001-v1:0", "And who signs?");
            kb.ask("KB1", "amazon.nova-pro-v1:0", "A foundation model");
        }
        assertThat(sentModelArn(0)).isEqualTo("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0");
        assertThat(sentModelArn(1)).isEqualTo("arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0");
        assertThat(sentModelArn(2)).isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0");
        assertThat(sts.calls() - before).as("GetCallerIdentity once, cached").isEqualTo(1);
    }

    @Test
    void ask_withAccountGiven_needsNoSts() {
        int before = sts.calls();
        try (KnowledgeBase kb = KnowledgeBase.create(local.config(), "210987654321")) {
            kb.ask("KB1", "global.amazon.nova-2-lite-v1:0", "q");
            assertThatThrownBy(() -> KnowledgeBase.create(local.config(), "12345")).isInstanceOf(TraeValidationException.class);
        }
        assertThat(sentModelArn(0)).isEqualTo("arn:aws:bedrock:us-east-1:210987654321:inference-profile/global.amazon.nova-2-lite-v1:0");
        assertThat(sts.calls()).isEqualTo(before);
    }
}
