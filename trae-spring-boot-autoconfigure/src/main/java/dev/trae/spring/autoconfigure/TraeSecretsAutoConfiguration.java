package dev.trae.spring.autoconfigure;

import dev.trae.aws.core.TraeConfig;
import dev.trae.security.EnvSecretsProvider;
import dev.trae.security.SecretsManagerSecretsProvider;
import dev.trae.security.SecretsProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@link SecretsProvider} when {@code trae-security} is on the class path: AWS Secrets Manager through the shared
 * {@link TraeConfig} (default, {@code trae.security.secrets=secrets-manager}), the environment
 * ({@code trae.security.secrets=env}) or none ({@code none}). An application {@code SecretsProvider} replaces it.
 */
@AutoConfiguration(after = TraeAutoConfiguration.class)
@ConditionalOnClass(SecretsProvider.class)
@ConditionalOnBean(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.security.enabled", matchIfMissing = true)
public class TraeSecretsAutoConfiguration {

    /** AWS Secrets Manager. No call is made until a secret is read. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SecretsProvider.class)
    @ConditionalOnExpression("!'${trae.security.secrets:secrets-manager}'.equalsIgnoreCase('env')"
            + " && !'${trae.security.secrets:secrets-manager}'.equalsIgnoreCase('none')")
    public SecretsProvider traeSecretsProvider(TraeConfig config) {
        return SecretsManagerSecretsProvider.create(config);
    }

    /** Environment variables named {@code trae.security.secrets-env-prefix} followed by the secret id. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SecretsProvider.class)
    @ConditionalOnProperty(name = "trae.security.secrets", havingValue = "env")
    public SecretsProvider traeEnvSecretsProvider(TraeProperties properties) {
        return EnvSecretsProvider.fromEnvironment(properties.getSecurity().getSecretsEnvPrefix());
    }
}
