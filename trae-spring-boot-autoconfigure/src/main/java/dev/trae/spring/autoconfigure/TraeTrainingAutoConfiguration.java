package dev.trae.spring.autoconfigure;

import dev.trae.aws.training.TrainingClient;
import dev.trae.aws.training.UltraClusterClient;
import dev.trae.aws.core.TraeConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The training and UltraCluster clients when `trae-aws-training` is on the class path and {@code trae.training.enabled} is not false. Built from the shared
 * {@link TraeConfig}; an application bean of the same type replaces it; closed when the context closes.
 */
@AutoConfiguration(after = TraeAutoConfiguration.class)
@ConditionalOnClass(TrainingClient.class)
@ConditionalOnBean(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.training.enabled", matchIfMissing = true)
public class TraeTrainingAutoConfiguration {

    /** The SageMaker training client. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public TrainingClient traeTrainingClient(TraeConfig config) {
        return TrainingClient.create(config);
    }

    /** The EC2 UltraCluster (Capacity Block) client. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public UltraClusterClient traeUltraClusterClient(TraeConfig config) {
        return UltraClusterClient.create(config);
    }
}
