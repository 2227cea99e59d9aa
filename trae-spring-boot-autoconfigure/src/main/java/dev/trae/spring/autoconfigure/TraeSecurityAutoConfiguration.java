package dev.trae.spring.autoconfigure;

import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.CallObserver;
import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeConfig;
import dev.trae.security.AuditLog;
import dev.trae.security.EnvelopeKeyProvider;
import dev.trae.security.KmsKeyProviders;
import dev.trae.security.LocalKeyring;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The security beans when {@code trae-security} is on the class path and {@code trae.security.enabled} is not false:
 * <ul>
 *   <li>the hash-chained {@link AuditLog} when {@code trae.security.audit-log} is set; the shared {@link TraeConfig}
 *       then records every audited call in it;</li>
 *   <li>envelope encryption, an {@link EnvelopeKeyProvider} under the KMS key {@code trae.security.kms-key-id} or,
 *       for Trae Local, the local key file {@code trae.security.local-key-file}; the shared config carries it as its
 *       {@link KmsKeyProvider};</li>
 * </ul>
 * The secrets provider is in {@link TraeSecretsAutoConfiguration}, which needs the shared config.
 * Each bean is {@code @ConditionalOnMissingBean} and closed when the context closes. Runs before
 * {@link TraeAutoConfiguration} so that the shared config picks up the audit log and the key provider.
 */
@AutoConfiguration(before = TraeAutoConfiguration.class)
@ConditionalOnClass(AuditLog.class)
@ConditionalOnBooleanProperty(name = {"trae.enabled", "trae.security.enabled"}, matchIfMissing = true)
@EnableConfigurationProperties(TraeProperties.class)
public class TraeSecurityAutoConfiguration {

    /** The audit log file. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(AuditLog.class)
    @ConditionalOnProperty(name = "trae.security.audit-log")
    public AuditLog traeAuditLog(TraeProperties properties) {
        return AuditLog.open(properties.getSecurity().getAuditLog());
    }

    /**
     * Envelope encryption under a KMS key. Its KMS calls use a config built from the same properties (the shared
     * config cannot be used: it carries this provider).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(KmsKeyProvider.class)
    @ConditionalOnProperty(name = "trae.security.kms-key-id")
    public EnvelopeKeyProvider traeKmsKeyProvider(TraeProperties properties, ObjectProvider<CallObserver> observer,
                                                  ObjectProvider<AuditSink> auditSink) {
        TraeConfig.Builder b = TraeConfigFactory.builder(properties);
        observer.ifUnique(b::observer);
        auditSink.ifUnique(b::auditSink);
        return KmsKeyProviders.awsKms(b.build(), properties.getSecurity().getKmsKeyId());
    }

    /** Envelope encryption with a local AES key file (Trae Local, tests); created when missing. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(KmsKeyProvider.class)
    @ConditionalOnExpression("'${trae.security.local-key-file:}' != '' && '${trae.security.kms-key-id:}' == ''")
    public EnvelopeKeyProvider traeLocalKeyProvider(TraeProperties properties, ObjectProvider<AuditSink> auditSink) {
        return LocalKeyring.createOrLoad(properties.getSecurity().getLocalKeyFile(), auditSink.getIfUnique(AuditSink::noop));
    }
}
