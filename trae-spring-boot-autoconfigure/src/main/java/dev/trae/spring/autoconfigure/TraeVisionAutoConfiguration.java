package dev.trae.spring.autoconfigure;

import dev.trae.aws.vision.VisionClient;
import dev.trae.aws.core.TraeConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The vision client when `trae-aws-vision` is on the class path and {@code trae.vision.enabled} is not false. Built from the shared
 * {@link TraeConfig}; an application bean of the same type replaces it; closed when the context closes.
 */
@AutoConfiguration(after = TraeAutoConfiguration.class)
@ConditionalOnClass(VisionClient.class)
@ConditionalOnBean(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.vision.enabled", matchIfMissing = true)
public class TraeVisionAutoConfiguration {

    /** The Rekognition and Textract client, with the {@code trae.vision.*} limits. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public VisionClient traeVisionClient(TraeConfig config, TraeProperties properties) {
        TraeProperties.Vision v = properties.getVision();
        VisionClient.Builder b = VisionClient.builder().config(config);
        if (v.getRekognitionTps() != null) {
            b.rekognitionTps(v.getRekognitionTps());
        }
        if (v.getTextractTps() != null) {
            b.textractTps(v.getTextractTps());
        }
        if (v.getParallelism() != null) {
            b.parallelism(v.getParallelism());
        }
        return b.build();
    }
}
