package dev.trae.aws.robotics.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.robotics.model.ContainerResult;
import dev.trae.aws.robotics.model.LogEvent;
import dev.trae.aws.robotics.model.OutputFile;
import dev.trae.aws.robotics.model.SimulationResult;
import dev.trae.aws.robotics.model.SimulationStatus;
import dev.trae.aws.robotics.model.StatusChange;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.TaskContainerDetails;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a finished Batch job left behind: its result from {@code DescribeJobs}, its containers' log lines from
 * CloudWatch Logs (at most {@code maxLogLines} per container; a container that never logged has none), and its output
 * files in S3. Every call is a read ({@link Idempotency#IDEMPOTENT}). Not API.
 */
public final class SimulationResults {
    private final SimulationServices aws;
    private final String logGroup;
    private final int maxLogLines;

    public SimulationResults(SimulationServices aws, String logGroup, int maxLogLines) {
        this.aws = aws;
        this.logGroup = logGroup;
        this.maxLogLines = maxLogLines;
    }

    /** A Batch job's result: status, times, containers (multi-container ECS jobs or the single default container). */
    public static SimulationResult toResult(String name, JobDetail d, List<StatusChange> history) {
        List<ContainerResult> containers = new ArrayList<>();
        if (d.ecsProperties() != null && d.ecsProperties().hasTaskProperties() && !d.ecsProperties().taskProperties().isEmpty()) {
            for (TaskContainerDetails c : d.ecsProperties().taskProperties().get(0).containers()) {
                containers.add(new ContainerResult(c.name(), c.image(), Optional.ofNullable(c.exitCode()), c.reason(),
                        c.logStreamName(), List.of()));
            }
        } else if (d.container() != null) {
            containers.add(new ContainerResult("default", d.container().image(), Optional.ofNullable(d.container().exitCode()),
                    d.container().reason(), d.container().logStreamName(), List.of()));
        }
        Optional<Integer> index = d.arrayProperties() != null && d.arrayProperties().index() != null
                ? Optional.of(d.arrayProperties().index()) : Optional.empty();
        return new SimulationResult(name, d.jobId(), SimulationStatus.parse(d.statusAsString()), d.statusReason(), history,
                d.createdAt() == null ? null : Instant.ofEpochMilli(d.createdAt()),
                Optional.ofNullable(d.startedAt()).map(Instant::ofEpochMilli),
                Optional.ofNullable(d.stoppedAt()).map(Instant::ofEpochMilli), containers, List.of(), index);
    }

    /** {@code r} with the log lines of each of its containers. */
    public SimulationResult withLogs(SimulationResult r) {
        List<ContainerResult> list = new ArrayList<>();
        for (ContainerResult c : r.containers()) {
            list.add(c.logStreamName().isEmpty() ? c : c.withLogLines(readStream(c.logStreamName())));
        }
        return r.withContainers(list);
    }

    /** The lines of one log stream from its start, at most {@code maxLogLines}. */
    public List<String> readStream(String stream) {
        List<String> lines = new ArrayList<>();
        String token = null;
        while (lines.size() < maxLogLines) {
            String t = token;
            GetLogEventsResponse r;
            try {
                r = aws.logs().call("GetLogEvents", Idempotency.IDEMPOTENT, c -> c.getLogEvents(b -> b.logGroupName(logGroup)
                        .logStreamName(stream).startFromHead(true).nextToken(t)));
            } catch (TraeServiceException e) {
                if (notFound(e)) {
                    return lines; // the container never logged
                }
                throw e;
            }
            for (OutputLogEvent e : r.events()) {
                if (lines.size() < maxLogLines) {
                    lines.add(e.message());
                }
            }
            String next = r.nextForwardToken();
            // CloudWatch repeats the forward token at the end of the stream
            if (next == null || next.equals(token) || r.events().isEmpty()) {
                break;
            }
            token = next;
        }
        return lines;
    }

    /** Events of the given streams (by stream name, mapped to container names) matching a filter pattern, in time order. */
    public List<LogEvent> search(Map<String, String> streamToContainer, String pattern) {
        List<LogEvent> out = new ArrayList<>();
        if (streamToContainer.isEmpty()) {
            return out;
        }
        String token = null;
        do {
            String t = token;
            FilterLogEventsResponse r;
            try {
                r = aws.logs().call("FilterLogEvents", Idempotency.IDEMPOTENT, c -> c.filterLogEvents(b -> b.logGroupName(logGroup)
                        .logStreamNames(streamToContainer.keySet()).filterPattern(pattern).nextToken(t)));
            } catch (TraeServiceException e) {
                if (notFound(e)) {
                    return out;
                }
                throw e;
            }
            for (FilteredLogEvent e : r.events()) {
                out.add(new LogEvent(streamToContainer.getOrDefault(e.logStreamName(), e.logStreamName()),
                        Instant.ofEpochMilli(e.timestamp() == null ? 0 : e.timestamp()), e.message()));
                if (out.size() >= maxLogLines) {
                    return out;
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** The objects under {@code keyPrefix} in the location's bucket. */
    public List<OutputFile> listOutputs(S3Location loc, String keyPrefix) {
        List<OutputFile> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response r = aws.s3().call("ListObjectsV2", Idempotency.IDEMPOTENT, c -> c.listObjectsV2(b -> b.bucket(loc.bucket())
                    .prefix(keyPrefix).continuationToken(t)));
            for (S3Object o : r.contents()) {
                out.add(new OutputFile(loc.bucket(), o.key(), o.size() == null ? 0 : o.size(), o.lastModified()));
            }
            token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    private static boolean notFound(TraeServiceException e) {
        return e.errorCode().map(c -> c.equals("ResourceNotFoundException")).orElse(false);
    }
}
