package dev.trae.spring.autoconfigure;

import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.CallObserver;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The shared {@link TraeConfig}: built from the {@code trae.*} properties, with the application's
 * {@link CallObserver} (the Micrometer binding when Micrometer is present), {@link AuditSink} and
 * {@link KmsKeyProvider} beans when there are any, then every {@link TraeConfigCustomizer}. Every module bean is
 * created from this one config, so they share one breaker and one rate limiter per service.
 * An application that declares its own {@code TraeConfig} bean replaces it.
 */
@AutoConfiguration
@ConditionalOnClass(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TraeProperties.class)
public class TraeAutoConfiguration {

    /** The one config every Trae bean is built from. */
    @Bean
    @ConditionalOnMissingBean
    public TraeConfig traeConfig(TraeProperties properties, ObjectProvider<CallObserver> observer,
                                 ObjectProvider<AuditSink> auditSink, ObjectProvider<KmsKeyProvider> kmsKeyProvider,
                                 ObjectProvider<TraeConfigCustomizer> customizers) {
        TraeConfig.Builder b = TraeConfigFactory.builder(properties);
        observer.ifUnique(b::observer);
        auditSink.ifUnique(b::auditSink);
        kmsKeyProvider.ifUnique(b::kmsKeyProvider);
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }
}
