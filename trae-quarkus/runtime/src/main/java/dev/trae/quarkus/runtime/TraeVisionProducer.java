package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.vision.VisionClient;
import io.quarkus.arc.DefaultBean;

/**
 * The Rekognition and Textract client, with the {@code quarkus.trae.vision.*} limits. Registered by the deployment module only when its Trae module is on the class path and
 * {@code quarkus.trae.vision.enabled} is not false. Built from the shared {@link TraeConfig}; an application bean of the
 * same type replaces it; closed on shutdown.
 */
@Singleton
public class TraeVisionProducer {

    /**
     * The Rekognition and Textract client, with the {@code quarkus.trae.vision.*} limits.
     *
     * @param config the shared config
     * @param settings the {@code quarkus.trae.*} settings
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public VisionClient traeVisionClient(TraeConfig config, TraeRuntimeConfig settings) {
        TraeRuntimeConfig.Vision v = settings.vision();
        VisionClient.Builder b = VisionClient.builder().config(config);
        v.rekognitionTps().ifPresent(b::rekognitionTps);
        v.textractTps().ifPresent(b::textractTps);
        v.parallelism().ifPresent(b::parallelism);
        return b.build();
    }

    /**
     * Closes the bean on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes VisionClient bean) {
        bean.close();
    }
}
