package dev.trae.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.lex.LexClient;
import dev.trae.aws.robotics.SimulationClient;
import dev.trae.aws.training.TrainingClient;
import dev.trae.aws.training.UltraClusterClient;
import dev.trae.aws.vision.VisionClient;
import dev.trae.ocr.OcrEngine;
import dev.trae.oracle.OracleExporter;
import dev.trae.security.AuditLog;
import dev.trae.security.EnvSecretsProvider;
import dev.trae.security.EnvelopeKeyProvider;
import dev.trae.security.SecretsManagerSecretsProvider;
import dev.trae.security.SecretsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every module bean: created when its module is on the class path, absent otherwise, switchable, replaceable, closed. */
class TraeModuleAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("trae.mode=local", "trae.ocr.languages=eng", "trae.ocr.pool-size=1", "trae.security.secrets=none")
            .withConfiguration(AutoConfigurations.of(TraeAutoConfiguration.class, TraeSecurityAutoConfiguration.class,
                    TraeBedrockAutoConfiguration.class, TraeVisionAutoConfiguration.class, TraeLexAutoConfiguration.class,
                    TraeRoboticsAutoConfiguration.class, TraeTrainingAutoConfiguration.class,
                    TraeOracleAutoConfiguration.class, TraeOcrAutoConfiguration.class, TraeSecretsAutoConfiguration.class));

    static Stream<Arguments> modules() {
        return Stream.of(
                Arguments.of("bedrock", TraeBedrockClient.class, List.of(TraeBedrockClient.class)),
                Arguments.of("vision", VisionClient.class, List.of(VisionClient.class)),
                Arguments.of("lex", LexClient.class, List.of(LexClient.class)),
                Arguments.of("robotics", SimulationClient.class, List.of(SimulationClient.class)),
                Arguments.of("training", TrainingClient.class, List.of(TrainingClient.class, UltraClusterClient.class)),
                Arguments.of("oracle", OracleExporter.class, List.of(OracleExporter.class)),
                Arguments.of("ocr", OcrEngine.class, List.of(OcrEngine.class)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void moduleBeans_whenModuleOnClassPath_existAndShareTheConfig(String module, Class<?> marker, List<Class<?>> beans) {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            for (Class<?> type : beans) {
                assertThat(ctx).hasSingleBean(type);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void moduleBeans_whenModuleNotOnClassPath_areAbsentAndTheRestStays(String module, Class<?> marker, List<Class<?>> beans) {
        runner.withClassLoader(new FilteredClassLoader(marker)).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(TraeConfig.class);
            for (Class<?> type : beans) {
                assertThat(ctx.getBeanNamesForType(type)).isEmpty();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void moduleBeans_whenDisabled_areAbsent(String module, Class<?> marker, List<Class<?>> beans) {
        runner.withPropertyValues("trae." + module + ".enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            for (Class<?> type : beans) {
                assertThat(ctx).doesNotHaveBean(type);
            }
        });
    }

    @Test
    void moduleBeans_whenTraeDisabled_areAllAbsent() {
        runner.withPropertyValues("trae.enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(TraeConfig.class);
            modules().forEach(m -> {
                @SuppressWarnings("unchecked")
                List<Class<?>> beans = (List<Class<?>>) m.get()[2];
                beans.forEach(type -> assertThat(ctx).doesNotHaveBean(type));
            });
        });
    }

    static Stream<Arguments> applicationBeans() {
        TraeConfig other = TraeConfig.builder().mode(TraeConfig.Mode.LOCAL).region("ap-south-1").build();
        return Stream.of(
                Arguments.of(TraeBedrockClient.class, (Supplier<Object>) () -> TraeBedrockClient.create(other)),
                Arguments.of(VisionClient.class, (Supplier<Object>) () -> VisionClient.create(other)),
                Arguments.of(LexClient.class, (Supplier<Object>) () -> LexClient.create(other)),
                Arguments.of(SimulationClient.class, (Supplier<Object>) () -> SimulationClient.create(other)),
                Arguments.of(TrainingClient.class, (Supplier<Object>) () -> TrainingClient.create(other)),
                Arguments.of(UltraClusterClient.class, (Supplier<Object>) () -> UltraClusterClient.create(other)),
                Arguments.of(OracleExporter.class, (Supplier<Object>) () -> OracleExporter.create(other)),
                Arguments.of(OcrEngine.class, (Supplier<Object>) () -> OcrEngine.builder().languages("eng").poolSize(1).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applicationBeans")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void moduleBean_whenApplicationDeclaresOne_isTheApplications(Class<?> type, Supplier<Object> create) {
        Object mine = create.get();
        runner.withBean("mine", (Class) type, (Supplier) () -> mine).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(type);
            assertThat(ctx.getBean(type)).isSameAs(mine);
        });
    }

    @Test
    void security_whenApplicationDeclaresItsOwn_theyWin(@TempDir Path dir) {
        AuditLog log = AuditLog.open(dir.resolve("mine.log"));
        EnvelopeKeyProvider key = dev.trae.security.LocalKeyring.createOrLoad(dir.resolve("mine.key"));
        SecretsProvider secrets = EnvSecretsProvider.of(java.util.Map.of(), "MINE_", null);
        runner.withPropertyValues("trae.security.audit-log=" + dir.resolve("audit.log"),
                        "trae.security.local-key-file=" + dir.resolve("key.bin"), "trae.security.secrets=env")
                .withBean(AuditLog.class, () -> log).withBean(EnvelopeKeyProvider.class, () -> key)
                .withBean(SecretsProvider.class, () -> secrets)
                .run(ctx -> {
                    assertThat(ctx.getBean(AuditLog.class)).isSameAs(log);
                    assertThat(ctx.getBean(KmsKeyProvider.class)).isSameAs(key);
                    assertThat(ctx.getBean(SecretsProvider.class)).isSameAs(secrets);
                    assertThat(ctx.getBean(TraeConfig.class).auditSink()).isSameAs(log);
                    assertThat(Files.exists(dir.resolve("key.bin"))).isFalse();
                });
    }

    @Test
    void moduleBeans_useTheSharedConfig() {
        runner.withPropertyValues("trae.region=eu-central-1").run(ctx -> {
            TraeConfig shared = ctx.getBean(TraeConfig.class);
            assertThat(ctx.getBean(TraeBedrockClient.class).config()).isSameAs(shared);
            assertThat(ctx.getBean(LexClient.class).config()).isSameAs(shared);
        });
    }

    @Test
    void moduleBeans_whenContextCloses_areClosed() throws Exception {
        byte[] png = png("CLOSED 42");
        TraeBedrockClient[] bedrock = new TraeBedrockClient[1];
        OcrEngine[] ocr = new OcrEngine[1];
        new ApplicationContextRunner()
                .withPropertyValues("trae.mode=local", "trae.ocr.languages=eng", "trae.ocr.pool-size=1",
                        "trae.endpoints.bedrock-runtime=http://127.0.0.1:9", "trae.resilience.max-attempts=1")
                .withConfiguration(AutoConfigurations.of(TraeAutoConfiguration.class, TraeBedrockAutoConfiguration.class,
                        TraeOcrAutoConfiguration.class))
                .run(ctx -> {
                    bedrock[0] = ctx.getBean(TraeBedrockClient.class);
                    ocr[0] = ctx.getBean(OcrEngine.class);
                    assertThat(ocr[0].recognize(png, "open.png").text()).contains("42");
                });
        // a closed SDK client refuses work before any connection: its timeout scheduler is terminated
        assertThatThrownBy(() -> bedrock[0].converse(r -> r.modelId("amazon.nova-lite-v1:0").user("hi")))
                .hasStackTraceContaining("RejectedExecutionException").hasStackTraceContaining("Terminated");
        // a closed engine's worker pool rejects new pages
        assertThatThrownBy(() -> ocr[0].recognize(png, "closed.png")).isNotNull();
    }

    static byte[] png(String text) throws java.io.IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(400, 100, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 400, 100);
        g.setColor(java.awt.Color.BLACK);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 40));
        g.drawString(text, 20, 65);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void security_whenAuditLogAndKeyFileSet_beansFeedTheSharedConfig(@TempDir Path dir) {
        runner.withPropertyValues("trae.security.audit-log=" + dir.resolve("audit.log"),
                "trae.security.local-key-file=" + dir.resolve("key.bin")).run(ctx -> {
                    assertThat(ctx).hasSingleBean(AuditLog.class).hasSingleBean(EnvelopeKeyProvider.class);
                    TraeConfig config = ctx.getBean(TraeConfig.class);
                    assertThat(config.auditSink()).isSameAs(ctx.getBean(AuditLog.class));
                    assertThat(config.kmsKeyProvider()).containsSame(ctx.getBean(KmsKeyProvider.class));
                    assertThat(Files.exists(dir.resolve("key.bin"))).isTrue();
                });
    }

    @Test
    void security_whenNothingSet_hasNoAuditLogNorKeyProvider() {
        runner.run(ctx -> {
            assertThat(ctx).doesNotHaveBean(AuditLog.class).doesNotHaveBean(KmsKeyProvider.class).doesNotHaveBean(SecretsProvider.class);
            assertThat(ctx.getBean(TraeConfig.class).kmsKeyProvider()).isEmpty();
        });
    }

    @Test
    void secrets_followTheSecretsProperty() {
        runner.withPropertyValues("trae.security.secrets=secrets-manager")
                .run(ctx -> assertThat(ctx.getBean(SecretsProvider.class)).isInstanceOf(SecretsManagerSecretsProvider.class));
        runner.withPropertyValues("trae.security.secrets=env")
                .run(ctx -> assertThat(ctx.getBean(SecretsProvider.class)).isInstanceOf(EnvSecretsProvider.class));
        runner.withPropertyValues("trae.security.enabled=false", "trae.security.audit-log=/tmp/never.log")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SecretsProvider.class).doesNotHaveBean(AuditLog.class));
        runner.withClassLoader(new FilteredClassLoader(AuditLog.class, SecretsProvider.class))
                .withPropertyValues("trae.security.secrets=env")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("traeEnvSecretsProvider"));
    }
}
