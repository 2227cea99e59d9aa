package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.bedrock.TraeBedrockClient;
import io.quarkus.arc.DefaultBean;

/**
 * The Bedrock runtime client (converse, streams, tools, code generation). Registered by the deployment module only when its Trae module is on the class path and
 * {@code quarkus.trae.bedrock.enabled} is not false. Built from the shared {@link TraeConfig}; an application bean of the
 * same type replaces it; closed on shutdown.
 */
@Singleton
public class TraeBedrockProducer {

    /**
     * The Bedrock runtime client (converse, streams, tools, code generation).
     *
     * @param config the shared config
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public TraeBedrockClient traeBedrockClient(TraeConfig config) {
        return TraeBedrockClient.create(config);
    }

    /**
     * Closes the bean on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes TraeBedrockClient bean) {
        bean.close();
    }
}
