package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.lex.LexClient;
import io.quarkus.arc.DefaultBean;

/**
 * The Lex V2 client (sessions and bot building). Registered by the deployment module only when its Trae module is on the class path and
 * {@code quarkus.trae.lex.enabled} is not false. Built from the shared {@link TraeConfig}; an application bean of the
 * same type replaces it; closed on shutdown.
 */
@Singleton
public class TraeLexProducer {

    /**
     * The Lex V2 client (sessions and bot building).
     *
     * @param config the shared config
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public LexClient traeLexClient(TraeConfig config) {
        return LexClient.create(config);
    }

    /**
     * Closes the bean on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes LexClient bean) {
        bean.close();
    }
}
