package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.TraeConfig;
import dev.trae.oracle.OracleExporter;
import io.quarkus.arc.DefaultBean;

/**
 * The JDBC-to-S3 exporter. Registered by the deployment module only when its Trae module is on the class path and
 * {@code quarkus.trae.oracle.enabled} is not false. Built from the shared {@link TraeConfig}; an application bean of the
 * same type replaces it; closed on shutdown.
 */
@Singleton
public class TraeOracleProducer {

    /**
     * The JDBC-to-S3 exporter.
     *
     * @param config the shared config
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public OracleExporter traeOracleExporter(TraeConfig config) {
        return OracleExporter.create(config);
    }

    /**
     * Closes the bean on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes OracleExporter bean) {
        bean.close();
    }
}
