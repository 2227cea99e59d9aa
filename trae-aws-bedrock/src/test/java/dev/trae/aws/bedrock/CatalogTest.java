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
            assertThat(eu.resolve("anthropic.claude-sonnet-4-6").invocationId()).isEqualTo("eu.anthropic.claude-sonnet-4-6");
            assertThat(jp.resolve("amazon.nova-2-lite-v1:0").invocationId()).isEqualTo("jp.amazon.nova-2-lite-v1:0");
            assertThatThrownBy(() -> eu.resolve("us.amazon.nova-2-lite-v1:0")).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("eu.amazon.nova-2-lite-v1:0");
        }
    }

    @Test
    void resolve_whenOnlyGlobalProfile_fallsBackToGlobal() {
        fake.withoutProfiles("anthropic.claude-haiku-4-5-20251001-v1:0");
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            assertThatThrownBy(() -> c.resolve("anthropic.claude-haiku-4-5-20251001-v1:0")).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("needs an inference profile");
        }
    }

    @Test
    void resolve_whenLegacy_warnsWithReplacement() {
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            // the built-in table names the replacement (Sonnet 4.5 is Legacy since 2026-10-08)
            ResolvedModel m = c.resolve("anthropic.claude-sonnet-4-5-20250929-v1:0");
            assertThat(m.lifecycle()).isEqualTo(ModelLifecycle.LEGACY);
            assertThat(m.warnings()).singleElement().asString().contains("LEGACY").contains("use anthropic.claude-sonnet-4-6");
            // a Legacy model the table does not know: the catalog suggests an ACTIVE model of the same provider
            ResolvedModel titan = c.resolve("amazon.titan-text-express-v1");
            assertThat(titan.warnings()).singleElement().asString().contains("LEGACY").contains("suggested replacement: amazon.");
        }
    }

    @Test
    void resolve_whenNotInCatalog_passesThroughWithWarning() {
        fake.remove("stability.stable-image-core-v1:1");
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            ResolvedModel m = c.resolve("stability.stable-image-core-v1:1");
            assertThat(m.invocationId()).isEqualTo("stability.stable-image-core-v1:1");
            assertThat(m.warnings()).singleElement().asString().contains("not in the Bedrock catalog").contains("passing it through");
        }
        // the list did not have it, so GetFoundationModel was asked once (and answered 404)
        assertThat(local.server("bedrock").count("GetFoundationModel")).isEqualTo(1);
    }

    @Test
    void resolve_whenModelAddedAfterListing_takesFactsFromGetFoundationModel() {
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            c.models();
            fake.put(new BedrockFake.Model("anthropic.claude-sonnet-5-5", "Anthropic", "Claude Sonnet 5.5", java.util.List.of("TEXT", "IMAGE"),
                    java.util.List.of("TEXT"), true, java.util.List.of("ON_DEMAND"), java.util.List.of(), "ACTIVE"));
            ResolvedModel m = c.resolve("anthropic.claude-sonnet-5-5");
            assertThat(m.warnings()).isEmpty();
            assertThat(m.capabilities().images()).isTrue();
            assertThat(m.capabilities().streaming()).isTrue();
            // caching and context window are not in the API and the family is unknown: not claimed false
            assertThat(m.capabilities().known()).isFalse();
            assertThat(m.capabilities().promptCaching()).isTrue();
            assertThat(m.invocationId()).isEqualTo("anthropic.claude-sonnet-5-5");
        }
        assertThat(local.server("bedrock").count("GetFoundationModel")).isEqualTo(1);
    }

    @Test
    void resolve_whenDeclaredEol_refusesNamingReplacement() {
        try (ModelCatalog c = ModelCatalog.builder(local.config()).endOfLife("amazon.titan-text-express-v1", "amazon.nova-micro-v1:0").build()) {
            assertThatThrownBy(() -> c.resolve("amazon.titan-text-express-v1")).hasMessageContaining("amazon.nova-micro-v1:0");
        }
    }

    @Test
    void imageModels_whenPreferredOneLegacy_skipsItForActiveOne() {
        fake.put(GeneratorsTest.imageModel("stability.stable-image-ultra-v1:1")).lifecycle("stability.stable-image-core-v1:1", "LEGACY");
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            assertThat(c.imageModels()).extracting(FoundationModel::modelId).containsExactly("stability.stable-image-ultra-v1:1");
        }
    }

    @Test
    void customizations_areThoseOfAwsFineTuningTable_contextLengthVariantsOnly() {
        // custom-model-fine-tuning.html#custom-model-supported: Nova 2 Lite :256k, Nova Lite/Pro :300k, Nova Micro :128k (and models
        // past their EOL); the inference ids, Titan Text G1 - Express and the plain Claude 3 Haiku id report none
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            assertThat(c.models()).filteredOn(m -> m.customizations().contains("FINE_TUNING")).extracting(FoundationModel::modelId)
                    .containsExactlyInAnyOrder("amazon.nova-2-lite-v1:0:256k", "amazon.nova-lite-v1:0:300k", "amazon.nova-pro-v1:0:300k",
                            "amazon.nova-micro-v1:0:128k");
            // Nova 1 Micro, Lite and Pro are distillation students (Pro also a teacher): nova/latest/userguide/customization.html
            assertThat(c.models()).filteredOn(m -> m.customizations().contains("DISTILLATION")).extracting(FoundationModel::modelId)
                    .containsExactlyInAnyOrder("amazon.nova-lite-v1:0:300k", "amazon.nova-pro-v1:0:300k", "amazon.nova-micro-v1:0:128k");
        }
        // and Bedrock refuses a fine-tuning job on an id that is not customizable
        try (var raw = dev.trae.aws.core.spi.AwsClients.of(local.config()).sync(ModelCatalog.SERVICE,
                software.amazon.awssdk.services.bedrock.BedrockClient::builder)) {
            for (String id : java.util.List.of("anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-text-express-v1", "amazon.nova-2-lite-v1:0")) {
                assertThatThrownBy(() -> raw.createModelCustomizationJob(b -> b.jobName("ft-" + Math.abs(id.hashCode())).customModelName("m")
                        .roleArn("arn:aws:iam::123456789012:role/R").baseModelIdentifier(id)
                        .trainingDataConfig(t -> t.s3Uri("s3://b/x.jsonl")).outputDataConfig(o -> o.s3Uri("s3://b/out/"))))
                        .as(id).isInstanceOf(software.amazon.awssdk.services.bedrock.model.ValidationException.class);
            }
        }
    }

    @Test
    void catalog_hasNoNovaCanvas_pastItsEol_andTheTableRefusesIt() {
        try (ModelCatalog c = ModelCatalog.create(local.config())) {
            assertThat(c.imageModels()).extracting(FoundationModel::modelId).containsExactly("stability.stable-image-core-v1:1");
            assertThatThrownBy(() -> c.resolve("amazon.nova-canvas-v1:0")).isInstanceOf(TraeValidationException.class)
                    .hasMessageContaining("end of life");
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
    void bedrockClient_withCatalog_resolvesProfileAndPassesUnknownThrough() {
        try (ModelCatalog c = ModelCatalog.create(local.config());
             TraeBedrockClient b = TraeBedrockClient.builder().config(local.config()).catalog(c).build()) {
            var r = b.converse(x -> x.modelId("amazon.nova-2-lite-v1:0").user("hi"));
            assertThat(r.modelId()).isEqualTo("us.amazon.nova-2-lite-v1:0");
            // Nova 2 Lite: USD 0.0003 per 1k input and 0.0025 per 1k output tokens, booked under its base id
            assertThat(r.cost()).hasValueSatisfying(x -> assertThat(x).isEqualByComparingTo(
                    new java.math.BigDecimal("0.0003").multiply(java.math.BigDecimal.valueOf(r.usage().inputTokens()))
                            .add(new java.math.BigDecimal("0.0025").multiply(java.math.BigDecimal.valueOf(r.usage().outputTokens())))
                            .divide(java.math.BigDecimal.valueOf(1000))));
            // a newer Claude the catalog does not know: passed through, and its cache point is not refused
            var u = b.converse(x -> x.modelId("us.anthropic.claude-sonnet-5-5-v1:0").system("Be terse.").systemCachePoint().user("hi"));
            assertThat(u.modelId()).isEqualTo("us.anthropic.claude-sonnet-5-5-v1:0");
        }
        assertThat(local.server("bedrock-runtime").requests("Converse")).hasSize(2);
        assertThat(local.server("bedrock-runtime").requests("Converse").get(0).pathParam("modelId")).isEqualTo("us.amazon.nova-2-lite-v1:0");
    }

    @Test
    void defaultClient_resolvesToRegionProfile_throughLazyCatalog_offlineSendsBareId() {
        local.fake("bedrock-runtime", new BedrockRuntimeFake().controlPlane(fake));
        try (TraeBedrockClient b = TraeBedrockClient.create(local.config())) {
            assertThat(local.server("bedrock").count("ListFoundationModels")).isZero();
            var r = b.converse(x -> x.modelId("anthropic.claude-haiku-4-5-20251001-v1:0").user("hi"));
            assertThat(r.modelId()).isEqualTo("us.anthropic.claude-haiku-4-5-20251001-v1:0");
            b.converse(x -> x.modelId("amazon.nova-2-lite-v1:0").user("hi"));
            assertThat(b.offline()).isFalse();
            assertThat(b.catalog()).isPresent();
        }
        assertThat(local.server("bedrock").count("ListFoundationModels")).isEqualTo(1);
        try (TraeBedrockClient offline = TraeBedrockClient.builder().config(local.config()).offline().build()) {
            assertThatThrownBy(() -> offline.converse(x -> x.modelId("anthropic.claude-haiku-4-5-20251001-v1:0").user("hi")))
                    .isInstanceOfSatisfying(dev.trae.aws.core.TraeServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("inference profile");
                    });
        }
    }
}
