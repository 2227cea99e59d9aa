package dev.trae.spring.autoconfigure;

import dev.trae.aws.core.CallObserver;
import dev.trae.spring.autoconfigure.observation.MicrometerCallObserver;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

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

    /**
     * The Micrometer-bound observer; records nothing until the registry has handlers. With a {@code MeterRegistry} the
     * time to a stream's first token is also a timer, {@code gen_ai.server.time_to_first_token}.
     */
    @Bean
    @ConditionalOnMissingBean(CallObserver.class)
    public MicrometerCallObserver traeCallObserver(ObjectProvider<ObservationRegistry> registry, BeanFactory beanFactory) {
        ObservationRegistry observations = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
        if (!ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", getClass().getClassLoader())) {
            return new MicrometerCallObserver(observations);
        }
        return new MicrometerCallObserver(observations, FirstTokenTimer.of(beanFactory));
    }
}
