package dev.trae.spring.autoconfigure;

import dev.trae.aws.robotics.SimulationClient;
import dev.trae.aws.core.TraeConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The simulation client when `trae-aws-robotics` is on the class path and {@code trae.robotics.enabled} is not false. Built from the shared
 * {@link TraeConfig}; an application bean of the same type replaces it; closed when the context closes.
 */
@AutoConfiguration(after = TraeAutoConfiguration.class)
@ConditionalOnClass(SimulationClient.class)
@ConditionalOnBean(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.robotics.enabled", matchIfMissing = true)
public class TraeRoboticsAutoConfiguration {

    /** The simulation client (AWS Batch jobs), on {@code trae.robotics.job-queue} when set. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SimulationClient traeSimulationClient(TraeConfig config, TraeProperties properties) {
        SimulationClient.Builder b = SimulationClient.builder().config(config);
        if (properties.getRobotics().getJobQueue() != null) {
            b.jobQueue(properties.getRobotics().getJobQueue());
        }
        return b.build();
    }
}
