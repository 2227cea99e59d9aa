package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.robotics.SimulationClient;
import io.quarkus.arc.DefaultBean;

/**
 * The simulation client (AWS Batch jobs), on {@code quarkus.trae.robotics.job-queue} when set. Registered by the deployment module only when its Trae module is on the class path and
 * {@code quarkus.trae.robotics.enabled} is not false. Built from the shared {@link TraeConfig}; an application bean of the
 * same type replaces it; closed on shutdown.
 */
@Singleton
public class TraeRoboticsProducer {

    /**
     * The simulation client (AWS Batch jobs), on {@code quarkus.trae.robotics.job-queue} when set.
     *
     * @param config the shared config
     * @param settings the {@code quarkus.trae.*} settings
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public SimulationClient traeSimulationClient(TraeConfig config, TraeRuntimeConfig settings) {
        SimulationClient.Builder b = SimulationClient.builder().config(config);
        settings.robotics().jobQueue().ifPresent(b::jobQueue);
        return b.build();
    }

    /**
     * Closes the bean on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes SimulationClient bean) {
        bean.close();
    }
}
