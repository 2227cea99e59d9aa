package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.CallObserver;
import dev.trae.aws.core.TraeConfig;
import io.quarkus.arc.DefaultBean;

/**
 * The shared {@link TraeConfig} bean, built from {@code quarkus.trae.*} with the application's {@link CallObserver}
 * bean when there is exactly one. Every module bean is created from this config, so they share one circuit breaker
 * and one rate limiter per service. An application bean of type {@code TraeConfig} replaces it.
 */
@Singleton
public class TraeCoreProducer {

    /**
     * The one config every Trae bean is built from.
     *
     * @param config the {@code quarkus.trae.*} settings
     * @param observer the application's call observer, if any
     * @return the shared config
     */
    @Produces
    @Singleton
    @DefaultBean
    public TraeConfig traeConfig(TraeRuntimeConfig config, Instance<CallObserver> observer) {
        TraeConfig.Builder b = TraeConfigs.builder(config);
        if (observer.isResolvable()) {
            b.observer(observer.get());
        }
        return b.build();
    }
}
