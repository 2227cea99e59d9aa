package dev.trae.spring.autoconfigure;

import dev.trae.aws.core.CallObserver;
import dev.trae.spring.autoconfigure.observation.MicrometerCallObserver;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds core's {@link CallObserver} hook to Micrometer when {@code micrometer-observation} is on the class path
 * (Spring Boot's actuator brings it): every AWS call becomes an observation named {@code trae.aws.call} in the
 * application's {@link ObservationRegistry}. Off with {@code trae.observation.enabled=false}; an application
 * {@code CallObserver} bean replaces it.
 */
@AutoConfiguration(before = TraeAutoConfiguration.class)
@ConditionalOnClass({ObservationRegistry.class, CallObserver.class})
@ConditionalOnBooleanProperty(name = {"trae.enabled", "trae.observation.enabled"}, matchIfMissing = true)
public class TraeObservationAutoConfiguration {

    /** The Micrometer-bound observer; records nothing until the registry has handlers. */
    @Bean
    @ConditionalOnMissingBean(CallObserver.class)
    public MicrometerCallObserver traeCallObserver(ObjectProvider<ObservationRegistry> registry) {
        return new MicrometerCallObserver(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
