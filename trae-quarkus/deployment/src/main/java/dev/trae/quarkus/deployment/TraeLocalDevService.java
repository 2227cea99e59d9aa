package dev.trae.quarkus.deployment;

import org.jboss.logging.Logger;

import dev.trae.testkit.TraeLocalStack;
import io.quarkus.deployment.builditem.Startable;

/** The Trae Local stack as a Quarkus Dev Service: started before the application, closed with it. */
final class TraeLocalDevService implements Startable {
    private static final Logger LOG = Logger.getLogger(TraeLocalDevService.class);
    private final boolean s3;
    private volatile TraeLocalStack stack;

    TraeLocalDevService(boolean s3) {
        this.s3 = s3;
    }

    @Override
    public void start() {
        stack = TraeLocalStack.start(s3);
        LOG.infof("Dev Services for Trae started Trae Local: %s", stack);
    }

    String endpoint(String service) {
        TraeLocalStack s = stack;
        if (s == null) {
            throw new IllegalStateException("Trae Local is not started");
        }
        return s.endpoint(service).toString();
    }

    @Override
    public String getConnectionInfo() {
        TraeLocalStack s = stack;
        return s == null ? "Trae Local (not started)" : "Trae Local, bedrock-runtime at " + s.endpoint("bedrock-runtime");
    }

    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        TraeLocalStack s = stack;
        stack = null;
        if (s != null) {
            s.close();
            LOG.info("Dev Services for Trae stopped Trae Local");
        }
    }
}
