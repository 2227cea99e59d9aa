package dev.trae.spring.autoconfigure;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.core.TraeConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Bedrock client when `trae-aws-bedrock` is on the class path and {@code trae.bedrock.enabled} is not false. Built from the shared
 * {@link TraeConfig}; an application bean of the same type replaces it; closed when the context closes.
 */
@AutoConfiguration(after = TraeAutoConfiguration.class)
@ConditionalOnClass(TraeBedrockClient.class)
@ConditionalOnBean(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.bedrock.enabled", matchIfMissing = true)
public class TraeBedrockAutoConfiguration {

    /** The Bedrock runtime client (converse, streams, tools, code generation) with its cost ledger. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public TraeBedrockClient traeBedrockClient(TraeConfig config) {
        return TraeBedrockClient.create(config);
    }
}
