package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.training.TrainingClient;
import dev.trae.aws.training.UltraClusterClient;
import io.quarkus.arc.DefaultBean;

/**
 * The training and UltraCluster clients. Registered by the deployment module only when {@code trae-aws-training} is on
 * the class path and {@code quarkus.trae.training.enabled} is not false. Built from the shared {@link TraeConfig}; an
 * application bean of the same type replaces each; closed on shutdown.
 */
@Singleton
public class TraeTrainingProducer {

    /**
     * The SageMaker training client.
     *
     * @param config the shared config
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public TrainingClient traeTrainingClient(TraeConfig config) {
        return TrainingClient.create(config);
    }

    /**
     * The EC2 UltraCluster (Capacity Block) client.
     *
     * @param config the shared config
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public UltraClusterClient traeUltraClusterClient(TraeConfig config) {
        return UltraClusterClient.create(config);
    }

    /**
     * Closes the training client on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes TrainingClient bean) {
        bean.close();
    }

    /**
     * Closes the UltraCluster client on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes UltraClusterClient bean) {
        bean.close();
    }
}
