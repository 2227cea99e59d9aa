package dev.trae.aws.training.model;

/**
 * What one instance reported for an SSM Run Command: final status ({@code Success}, {@code Failed},
 * {@code TimedOut}, {@code Cancelled}), exit code and output. Immutable.
 */
public record CommandResult(String instanceId, String status, int exitCode, String stdout, String stderr) {

    public boolean success() {
        return "Success".equals(status) && exitCode == 0;
    }
}
