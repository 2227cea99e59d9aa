package dev.trae.spring.autoconfigure;

import dev.trae.aws.core.TraeConfig;

/**
 * Adjusts the shared {@link TraeConfig} after the {@code trae.*} properties were applied and before it is built:
 * for what properties cannot say (a custom credentials provider, a job store, a cache).
 *
 * <pre>{@code
 * @Bean
 * TraeConfigCustomizer jobsOnDisk() {
 *     return builder -> builder.jobStore(JobStore.directory(Path.of("/var/lib/fuel/jobs")));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TraeConfigCustomizer {
    /** Changes the builder in place. */
    void customize(TraeConfig.Builder builder);
}
