package dev.trae.aws.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.aws.bedrock.model.FoundationModel;
import dev.trae.aws.bedrock.model.ModelLifecycle;
import dev.trae.aws.bedrock.model.ResolvedModel;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.testkit.wire.Fault;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.bedrock.BedrockFake;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ModelCatalog against the bedrock control-plane fake: lifecycle, profiles by region, capabilities, caching. */
@ExtendWith(TraeLocalExtension.class)
class CatalogTest {
    private final TraeLocal local;
    private BedrockFake fake;

    CatalogTest(TraeLocal local) {
        this.local = local;
    }

    @BeforeEach
    void setUp() {
        fake = local.fake("bedrock", new BedrockFake());
        local.fake("bedrock-runtime", new BedrockRuntimeFake());
    }

    @Test
    void resolve_whenOnDemandModel_keepsBaseId() {
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            ResolvedModel m = c.resolve("amazon.nova-lite-v1:0");
            assertThat(m.invocationId()).isEqualTo("amazon.nova-lite-v1:0");
            assertThat(m.capabilities().images()).isTrue();
            assertThat(m.capabilities().streaming()).isTrue();
            assertThat(m.warnings()).isEmpty();
        }
    }

    @Test
    void resolve_whenProfileOnlyModel_picksRegionProfile() {
        try (ModelCatalog us = ModelCatalog.create(local.config());
             ModelCatalog eu = ModelCatalog.create(local.configBuilder().region("eu-central-1").build());
             ModelCatalog jp = ModelCatalog.create(local.configBuilder().region("ap-northeast-1").build())) {
            assertThat(us.resolve("amazon.nova-2-lite-v1:0").invocationId()).isEqualTo("us.amazon.nova-2-lite-v1:0");
            assertThat(eu.resolve("anthropic.claude-sonnet-4-20250514-v1:0").invocationId()).isEqualTo("eu.anthropic.claude-sonnet-4-20250514-v1:0");
            assertThat(jp.resolve("amazon.nova-2-lite-v1:0").invocationId()).isEqualTo("jp.amazon.nova-2-lite-v1:0");
            assertThatThrownBy(() -> eu.resolve("us.amazon.nova-2-lite-v1:0")).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("eu.amazon.nova-2-lite-v1:0");
        }
    }

    @Test
    void resolve_whenOnlyGlobalProfile_fallsBackToGlobal() {
        fake.withoutProfiles("anthropic.claude-3-5-haiku-20241022-v1:0");
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            assertThatThrownBy(() -> c.resolve("anthropic.claude-3-5-haiku-20241022-v1:0")).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("needs an inference profile");
        }
    }

    @Test
    void resolve_whenLegacy_warnsWithReplacement() {
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            ResolvedModel m = c.resolve("anthropic.claude-3-haiku-20240307-v1:0");
            assertThat(m.lifecycle()).isEqualTo(ModelLifecycle.LEGACY);
            assertThat(m.warnings()).singleElement().asString().contains("LEGACY").contains("suggested replacement: anthropic.");
        }
    }

    @Test
    void resolve_whenGoneFromCatalog_refusesAsEndOfLife() {
        fake.remove("amazon.nova-canvas-v1:0");
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            assertThatThrownBy(() -> c.resolve("amazon.nova-canvas-v1:0")).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("not in the Bedrock catalog");
        }
    }

    @Test
    void resolve_whenDeclaredEol_refusesNamingReplacement() {
        try (ModelCatalog c = ModelCatalog.builder(local.config()).endOfLife("amazon.titan-text-express-v1", "amazon.nova-micro-v1:0").build()) {
            assertThatThrownBy(() -> c.resolve("amazon.titan-text-express-v1")).hasMessageContaining("amazon.nova-micro-v1:0");
        }
    }

    @Test
    void imageModels_whenCanvasLegacy_skipsItForActiveOne() {
        fake.lifecycle("amazon.nova-canvas-v1:0", "LEGACY").lifecycle("amazon.titan-image-generator-v2:0", "ACTIVE");
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            assertThat(c.imageModels()).extracting(FoundationModel::modelId).containsExactly("amazon.titan-image-generator-v2:0");
        }
    }

    @Test
    void models_whenCalledTwice_areCachedAndRetriedOnThrottle() {
        local.server("bedrock").faults().next("ListFoundationModels", 1, Fault.throttle());
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            assertThat(c.models()).isNotEmpty();
            assertThat(c.models()).isNotEmpty();
            assertThat(c.capabilities("amazon.nova-micro-v1:0").images()).isFalse();
        }
        assertThat(local.server("bedrock").count("ListFoundationModels")).isEqualTo(2);
        assertThat(local.server("bedrock").count("ListInferenceProfiles")).isEqualTo(1);
    }

    @Test
    void bedrockClient_withCatalog_resolvesProfileAndRefusesUnknownBeforeRuntimeCall() {
        try (ModelCatalog c = ModelCatalog.create(local.config());
             TraeBedrockClient b = TraeBedrockClient.builder().config(local.config()).catalog(c).build()) {
            var r = b.converse(x -> x.modelId("amazon.nova-2-lite-v1:0").user("hi"));
            assertThat(r.modelId()).isEqualTo("us.amazon.nova-2-lite-v1:0");
            assertThat(r.cost()).isPresent();
            assertThatThrownBy(() -> b.converse(x -> x.modelId("amazon.nova-9-ultra-v1:0").user("hi")))
                    .isInstanceOf(TraeValidationException.class);
        }
        assertThat(local.server("bedrock-runtime").requests("Converse")).hasSize(1);
        assertThat(local.server("bedrock-runtime").requests("Converse").get(0).pathParam("modelId")).isEqualTo("us.amazon.nova-2-lite-v1:0");
    }
}
