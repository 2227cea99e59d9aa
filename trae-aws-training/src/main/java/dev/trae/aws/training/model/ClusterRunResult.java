package dev.trae.aws.training.model;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a whole UltraCluster lifecycle run: the instances, each instance's command output,
 * the states passed through, and anything teardown could not delete (empty when nothing was left). Immutable.
 */
public record ClusterRunResult(String clusterName, List<String> instanceIds, Map<String, CommandResult> outputs,
                               List<ClusterState> states, List<String> leftovers) {

    public ClusterRunResult {
        instanceIds = List.copyOf(instanceIds);
        outputs = Map.copyOf(outputs);
        states = List.copyOf(states);
        leftovers = List.copyOf(leftovers);
    }

    /** Whether every instance's command succeeded. */
    public boolean allSucceeded() {
        return !outputs.isEmpty() && outputs.values().stream().allMatch(CommandResult::success);
    }
}
