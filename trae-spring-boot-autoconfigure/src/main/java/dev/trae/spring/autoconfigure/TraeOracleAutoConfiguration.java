package dev.trae.spring.autoconfigure;

import dev.trae.oracle.OracleExporter;
import dev.trae.aws.core.TraeConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Oracle (JDBC) to S3 exporter when `trae-oracle` is on the class path and {@code trae.oracle.enabled} is not false. Built from the shared
 * {@link TraeConfig}; an application bean of the same type replaces it; closed when the context closes.
 */
@AutoConfiguration(after = TraeAutoConfiguration.class)
@ConditionalOnClass(OracleExporter.class)
@ConditionalOnBean(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.oracle.enabled", matchIfMissing = true)
public class TraeOracleAutoConfiguration {

    /** The JDBC-to-S3 exporter. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public OracleExporter traeOracleExporter(TraeConfig config) {
        return OracleExporter.create(config);
    }
}
