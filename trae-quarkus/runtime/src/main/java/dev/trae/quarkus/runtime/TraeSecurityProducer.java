package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.TraeConfig;
import dev.trae.security.EnvSecretsProvider;
import dev.trae.security.SecretsManagerSecretsProvider;
import dev.trae.security.SecretsProvider;
import io.quarkus.arc.DefaultBean;

/**
 * The {@link SecretsProvider}: AWS Secrets Manager through the shared {@link TraeConfig} (default,
 * {@code quarkus.trae.security.secrets=secrets-manager}) or the environment ({@code env}). Registered by the deployment
 * module only when {@code trae-security} is on the class path and {@code quarkus.trae.security.enabled} is not false. An application bean of the same type replaces it; closed on shutdown.
 */
@Singleton
public class TraeSecurityProducer {

    /**
     * The secrets provider. No call is made until a secret is read.
     *
     * @param config the shared config
     * @param settings the {@code quarkus.trae.*} settings
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public SecretsProvider traeSecretsProvider(TraeConfig config, TraeRuntimeConfig settings) {
        TraeRuntimeConfig.Security s = settings.security();
        if (s.secrets() == TraeRuntimeConfig.SecretsSource.ENV) {
            return EnvSecretsProvider.fromEnvironment(s.secretsEnvPrefix());
        }
        return SecretsManagerSecretsProvider.create(config);
    }

    /**
     * Closes the provider on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes SecretsProvider bean) {
        bean.close();
    }
}
