package dev.trae.quarkus.deployment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.trae.quarkus.runtime.TraeBuildTimeConfig;
import dev.trae.testkit.TraeLocalStack;
import io.quarkus.deployment.IsDevServicesSupportedByLaunchMode;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;

/**
 * Dev Services for Trae: in dev and test mode, when no {@code quarkus.trae.endpoints.*} is configured, Trae Local (the
 * testkit's {@link TraeLocalStack}, the same stack Spring's {@code @TraeLocalTest} starts) runs in the build JVM and
 * {@code quarkus.trae.*} points at it: local mode, test credentials, short timeouts and one endpoint per fake. Quarkus
 * starts it before the application and closes it on shutdown.
 */
class TraeDevServicesProcessor {
    private static final Logger LOG = Logger.getLogger(TraeDevServicesProcessor.class);
    static final String PREFIX = "quarkus.trae.";
    static final String ENDPOINTS = PREFIX + "endpoints.";

    @BuildStep(onlyIf = { IsDevServicesSupportedByLaunchMode.class, DevServicesConfig.Enabled.class })
    DevServicesResultBuildItem traeLocal(TraeBuildTimeConfig config) {
        if (!config.devservices().enabled()) {
            LOG.debug("Trae Dev Services are disabled (quarkus.trae.devservices.enabled=false)");
            return null;
        }
        for (String name : ConfigProvider.getConfig().getPropertyNames()) {
            if (name.startsWith(ENDPOINTS)) {
                LOG.debugf("Trae Dev Services not started: %s is configured", name);
                return null;
            }
        }
        boolean s3 = config.devservices().s3();
        Map<String, Function<TraeLocalDevService, String>> endpoints = new LinkedHashMap<>();
        for (String service : TraeLocalStack.services(s3)) {
            endpoints.put(ENDPOINTS + service, local -> local.endpoint(service));
        }
        return DevServicesResultBuildItem.<TraeLocalDevService> owned()
                .feature(TraeProcessor.FEATURE)
                .description("Trae Local: loopback fakes of the AWS services the Trae modules call" + (s3 ? ", embedded S3" : ""))
                .serviceConfig(s3)
                .startable(() -> new TraeLocalDevService(s3))
                .config(TraeLocalStack.fixedProperties(PREFIX))
                .configProvider(endpoints)
                .build();
    }
}
