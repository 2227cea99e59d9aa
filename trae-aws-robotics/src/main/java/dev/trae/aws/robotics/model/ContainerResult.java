package dev.trae.aws.robotics.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one container of a simulation did.
 *
 * @param name          the container name ({@code robot} or {@code simulation} for jobs built from a {@code SimulationJob})
 * @param image         the container image
 * @param exitCode      the exit code, empty when the container never ran or is still running
 * @param reason        Batch's reason text, empty when none
 * @param logStreamName the CloudWatch Logs stream, empty before the container started
 * @param logLines      the log lines fetched after the job finished (empty when not fetched)
 */
public record ContainerResult(String name, String image, Optional<Integer> exitCode, String reason, String logStreamName,
                              List<String> logLines) {
    public ContainerResult {
        Objects.requireNonNull(name, "name");
        image = image == null ? "" : image;
        exitCode = exitCode == null ? Optional.empty() : exitCode;
        reason = reason == null ? "" : reason;
        logStreamName = logStreamName == null ? "" : logStreamName;
        logLines = List.copyOf(logLines == null ? List.of() : logLines);
    }

    /** Whether the container exited with code 0. */
    public boolean succeeded() {
        return exitCode.map(c -> c == 0).orElse(false);
    }

    /** A copy with the given log lines. */
    public ContainerResult withLogLines(List<String> lines) {
        return new ContainerResult(name, image, exitCode, reason, logStreamName, lines);
    }
}
