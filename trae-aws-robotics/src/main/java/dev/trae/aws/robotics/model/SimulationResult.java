package dev.trae.aws.robotics.model;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Results and analytics of one simulation (or one child of an array simulation): the final status and
 * reason, the status history seen by the client, timing, exit code and logs per container, and the output
 * files listed from S3.
 *
 * @param name          the simulation name
 * @param batchJobId    the AWS Batch job id ({@code parent:index} for an array child)
 * @param status        the final (or latest) status
 * @param statusReason  Batch's status reason, empty when none
 * @param statusHistory the statuses in the order the client saw them
 * @param createdAt     when Batch created the job
 * @param startedAt     when the containers started, if they did
 * @param stoppedAt     when the job stopped, if it did
 * @param containers    one entry per container
 * @param outputFiles   objects under the job's output prefix (empty without an output location)
 * @param arrayIndex    the scenario index for an array child
 */
public record SimulationResult(String name, String batchJobId, SimulationStatus status, String statusReason,
                               List<StatusChange> statusHistory, Instant createdAt, Optional<Instant> startedAt,
                               Optional<Instant> stoppedAt, List<ContainerResult> containers, List<OutputFile> outputFiles,
                               Optional<Integer> arrayIndex) {
    public SimulationResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(batchJobId, "batchJobId");
        Objects.requireNonNull(status, "status");
        statusReason = statusReason == null ? "" : statusReason;
        statusHistory = List.copyOf(statusHistory);
        createdAt = createdAt == null ? Instant.EPOCH : createdAt;
        startedAt = startedAt == null ? Optional.empty() : startedAt;
        stoppedAt = stoppedAt == null ? Optional.empty() : stoppedAt;
        containers = List.copyOf(containers);
        outputFiles = List.copyOf(outputFiles);
        arrayIndex = arrayIndex == null ? Optional.empty() : arrayIndex;
    }

    public boolean succeeded() {
        return status == SimulationStatus.SUCCEEDED;
    }

    /** Run time from start to stop, when both are known. */
    public Optional<Duration> duration() {
        return startedAt.isPresent() && stoppedAt.isPresent()
                ? Optional.of(Duration.between(startedAt.get(), stoppedAt.get())) : Optional.empty();
    }

    /** Time from creation to start (queueing and image pulls), when the job started. */
    public Optional<Duration> queueTime() {
        return startedAt.map(s -> Duration.between(createdAt, s));
    }

    /** Exit code per container name, for containers that exited. */
    public Map<String, Integer> exitCodes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        containers.forEach(c -> c.exitCode().ifPresent(code -> m.put(c.name(), code)));
        return m;
    }

    /** One container by name. */
    public Optional<ContainerResult> container(String containerName) {
        return containers.stream().filter(c -> c.name().equals(containerName)).findFirst();
    }

    /** Total bytes written to the output location. */
    public long outputBytes() {
        return outputFiles.stream().mapToLong(OutputFile::size).sum();
    }

    /** A copy with other output files. */
    public SimulationResult withOutputFiles(List<OutputFile> files) {
        return new SimulationResult(name, batchJobId, status, statusReason, statusHistory, createdAt, startedAt, stoppedAt,
                containers, files, arrayIndex);
    }

    /** A copy with other containers (for example with their logs). */
    public SimulationResult withContainers(List<ContainerResult> list) {
        return new SimulationResult(name, batchJobId, status, statusReason, statusHistory, createdAt, startedAt, stoppedAt,
                list, outputFiles, arrayIndex);
    }

    /** A copy with another status history. */
    public SimulationResult withStatusHistory(List<StatusChange> history) {
        return new SimulationResult(name, batchJobId, status, statusReason, history, createdAt, startedAt, stoppedAt,
                containers, outputFiles, arrayIndex);
    }

    /** A one-line summary: status, duration, exit codes, output count. */
    public String summary() {
        return name + " " + batchJobId + ": " + status + duration().map(d -> " in " + d.toMillis() + " ms").orElse("")
                + " exit codes " + exitCodes() + (statusReason.isEmpty() ? "" : " (" + statusReason + ")")
                + ", " + outputFiles.size() + " output file(s)";
    }
}
