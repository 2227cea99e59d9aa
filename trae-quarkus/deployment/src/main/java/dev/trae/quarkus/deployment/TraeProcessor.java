package dev.trae.quarkus.deployment;

import dev.trae.quarkus.runtime.TraeBedrockProducer;
import dev.trae.quarkus.runtime.TraeBuildTimeConfig;
import dev.trae.quarkus.runtime.TraeCoreProducer;
import dev.trae.quarkus.runtime.TraeLexProducer;
import dev.trae.quarkus.runtime.TraeOcrProducer;
import dev.trae.quarkus.runtime.TraeOracleProducer;
import dev.trae.quarkus.runtime.TraeRoboticsProducer;
import dev.trae.quarkus.runtime.TraeSecurityProducer;
import dev.trae.quarkus.runtime.TraeTrainingProducer;
import dev.trae.quarkus.runtime.TraeVisionProducer;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;

/**
 * Registers the shared {@code TraeConfig} producer, and the producer of each Trae module that is on the application's
 * class path and not switched off with {@code quarkus.trae.<module>.enabled=false}. A producer whose module is absent
 * is never registered, so the extension pulls in no module the application did not add.
 */
class TraeProcessor {
    static final String FEATURE = "trae";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    void beans(TraeBuildTimeConfig config, BuildProducer<AdditionalBeanBuildItem> beans) {
        beans.produce(AdditionalBeanBuildItem.unremovableOf(TraeCoreProducer.class));
        register(beans, config.bedrock(), "dev.trae.aws.bedrock.TraeBedrockClient", TraeBedrockProducer.class);
        register(beans, config.vision(), "dev.trae.aws.vision.VisionClient", TraeVisionProducer.class);
        register(beans, config.lex(), "dev.trae.aws.lex.LexClient", TraeLexProducer.class);
        register(beans, config.robotics(), "dev.trae.aws.robotics.SimulationClient", TraeRoboticsProducer.class);
        register(beans, config.training(), "dev.trae.aws.training.TrainingClient", TraeTrainingProducer.class);
        register(beans, config.oracle(), "dev.trae.oracle.OracleExporter", TraeOracleProducer.class);
        register(beans, config.ocr(), "dev.trae.ocr.OcrEngine", TraeOcrProducer.class);
        register(beans, config.security(), "dev.trae.security.SecretsProvider", TraeSecurityProducer.class);
    }

    private static void register(BuildProducer<AdditionalBeanBuildItem> beans, TraeBuildTimeConfig.Module module,
                                 String moduleClass, Class<?> producer) {
        if (module.enabled() && QuarkusClassLoader.isClassPresentAtRuntime(moduleClass)) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(producer));
        }
    }
}
