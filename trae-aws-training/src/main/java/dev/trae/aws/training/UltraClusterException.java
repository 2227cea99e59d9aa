package dev.trae.aws.training;

import java.util.List;

import dev.trae.aws.core.TraeException;
import dev.trae.aws.training.model.ClusterState;

/**
 * An UltraCluster step failed. Everything the launch had created was torn down before this was
 * thrown; {@link #leftovers()} lists what teardown could not delete (empty when nothing was left), so
 * that nothing leaks silently. The failed step's exception is the cause.
 */
public class UltraClusterException extends TraeException {
    private static final long serialVersionUID = 1L;
    private final ClusterState failedState;
    private final List<String> leftovers;

    public UltraClusterException(String clusterName, ClusterState failedState, List<String> leftovers, Throwable cause) {
        super("UltraCluster " + clusterName + " failed in " + failedState + ": " + (cause == null ? "" : cause.getMessage())
                + (leftovers.isEmpty() ? " - everything it created was torn down"
                : " - teardown could NOT delete " + leftovers + "; delete them by hand"), cause);
        this.failedState = failedState;
        this.leftovers = List.copyOf(leftovers);
    }

    public ClusterState failedState() {
        return failedState;
    }

    /** Resources teardown could not delete; empty when nothing was left behind. */
    public List<String> leftovers() {
        return leftovers;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
