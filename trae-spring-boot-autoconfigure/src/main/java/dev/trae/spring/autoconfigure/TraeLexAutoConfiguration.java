package dev.trae.spring.autoconfigure;

import dev.trae.aws.lex.LexClient;
import dev.trae.aws.core.TraeConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Lex V2 client when `trae-aws-lex` is on the class path and {@code trae.lex.enabled} is not false. Built from the shared
 * {@link TraeConfig}; an application bean of the same type replaces it; closed when the context closes.
 */
@AutoConfiguration(after = TraeAutoConfiguration.class)
@ConditionalOnClass(LexClient.class)
@ConditionalOnBean(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.lex.enabled", matchIfMissing = true)
public class TraeLexAutoConfiguration {

    /** The Lex V2 client (sessions and bot building). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public LexClient traeLexClient(TraeConfig config) {
        return LexClient.create(config);
    }
}
