package dev.trae.aws.robotics.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.job.JobWork;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.robotics.SimulationFailedException;
import dev.trae.aws.robotics.SimulationJob;
import dev.trae.aws.robotics.model.ArraySimulationResult;
import dev.trae.aws.robotics.model.OutputFile;
import dev.trae.aws.robotics.model.Scenario;
import dev.trae.aws.robotics.model.SimulationResult;
import dev.trae.aws.robotics.model.SimulationStatus;
import dev.trae.aws.robotics.model.StatusChange;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * The bodies of simulation jobs: launch (or, when resumed, pick up the Batch job id from the checkpoint), follow to the
 * end, collect logs and output files. Not API.
 */
public final class SimulationRuns {
    /** Progress steps of one simulation: the six Batch states up to the end, then collecting the results. */
    public static final int STEPS = 7;

    private final SimulationLauncher launcher;
    private final JobFollower follower;
    private final SimulationResults results;

    public SimulationRuns(SimulationLauncher launcher, JobFollower follower, SimulationResults results) {
        this.launcher = launcher;
        this.follower = follower;
        this.results = results;
    }

    /** One simulation; fails with {@link SimulationFailedException} when Batch reports FAILED. */
    public JobWork<SimulationResult> single(SimulationJob spec, String queue) {
        return ctx -> {
            ProgressTracker t = ctx.tracker();
            t.total(STEPS);
            Map<String, String> cp = ctx.checkpoint();
            String batchId = cp.get("batchJobId");
            List<StatusChange> history = JobFollower.parseHistory(cp.getOrDefault("history", ""));
            if (batchId == null) {
                batchId = launcher.submit(ctx, spec, queue, List.of());
            } else {
                t.phase("RESUMING", "following Batch job " + batchId);
            }
            JobDetail d = follower.follow(ctx, batchId, history, detail -> {
                SimulationStatus s = SimulationStatus.parse(detail.statusAsString());
                t.set(s.isTerminal() ? STEPS - 1 : s.ordinal() + 1);
            });
            t.phase("COLLECTING", "logs and output files");
            SimulationResult r = results.withLogs(SimulationResults.toResult(spec.name(), d, history));
            if (spec.outputLocation().isPresent()) {
                S3Location loc = spec.outputLocation().get();
                r = r.withOutputFiles(results.listOutputs(loc, OutputPaths.keyPrefix(loc, batchId)));
            }
            t.set(STEPS);
            t.phase(r.status().name(), r.summary());
            if (!r.succeeded()) {
                throw new SimulationFailedException(r);
            }
            return r;
        };
    }

    /** One array job over {@code scenarios}; completes with every child's result, failed children included. */
    public JobWork<ArraySimulationResult> array(SimulationJob spec, String queue, List<Scenario> scenarios) {
        return ctx -> {
            ProgressTracker t = ctx.tracker();
            t.total(scenarios.size());
            Map<String, String> cp = ctx.checkpoint();
            String batchId = cp.get("batchJobId");
            List<StatusChange> history = JobFollower.parseHistory(cp.getOrDefault("history", ""));
            if (batchId == null) {
                batchId = launcher.submit(ctx, spec, queue, scenarios);
            } else {
                t.phase("RESUMING", "following Batch array job " + batchId);
            }
            JobDetail d = follower.follow(ctx, batchId, history, detail -> {
                Map<String, Integer> summary = detail.arrayProperties() == null ? Map.of() : detail.arrayProperties().statusSummary();
                t.set(summary.getOrDefault("SUCCEEDED", 0) + summary.getOrDefault("FAILED", 0));
            });
            t.phase("COLLECTING", "child results, logs and output files");
            Map<Integer, List<OutputFile>> outputs = spec.outputLocation().isPresent()
                    ? outputsByChild(spec.outputLocation().get(), batchId) : Map.of();
            List<SimulationResult> children = new ArrayList<>();
            for (int from = 0; from < scenarios.size(); from += 100) {
                List<String> chunk = new ArrayList<>();
                for (int i = from; i < Math.min(scenarios.size(), from + 100); i++) {
                    chunk.add(batchId + ":" + i);
                }
                Map<String, JobDetail> byId = new HashMap<>();
                follower.describeAll(chunk).forEach(x -> byId.put(x.jobId(), x));
                for (int k = 0; k < chunk.size(); k++) {
                    String id = chunk.get(k);
                    JobDetail c = byId.get(id);
                    if (c == null) {
                        throw new TraeClientException("Batch did not describe child job " + id + " of array job " + batchId);
                    }
                    SimulationResult r = SimulationResults.toResult(spec.name(), c, List.of());
                    if (r.arrayIndex().isEmpty()) {
                        r = new SimulationResult(r.name(), r.batchJobId(), r.status(), r.statusReason(), r.statusHistory(),
                                r.createdAt(), r.startedAt(), r.stoppedAt(), r.containers(), r.outputFiles(), Optional.of(from + k));
                    }
                    // logs of every failed child, and of the first 100 children
                    if (!r.succeeded() || children.size() < 100) {
                        r = results.withLogs(r);
                    }
                    children.add(r.withOutputFiles(outputs.getOrDefault(from + k, List.of())));
                }
            }
            Map<String, Integer> summary = d.arrayProperties() == null ? Map.of() : d.arrayProperties().statusSummary();
            ArraySimulationResult result = new ArraySimulationResult(spec.name(), batchId, SimulationStatus.parse(d.statusAsString()),
                    summary, scenarios, children);
            t.set(scenarios.size());
            t.phase(result.status().name(), result.succeededCount() + " of " + scenarios.size() + " scenarios succeeded");
            return result;
        };
    }

    /** The output files of an array job, by child index ({@code prefix/<parentId>/<index>/...}). */
    private Map<Integer, List<OutputFile>> outputsByChild(S3Location loc, String batchId) {
        Map<Integer, List<OutputFile>> outputs = new HashMap<>();
        String base = OutputPaths.keyPrefix(loc, batchId);
        for (OutputFile f : results.listOutputs(loc, base)) {
            String rest = f.key().substring(base.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(0, slash).matches("\\d{1,5}")) {
                outputs.computeIfAbsent(Integer.parseInt(rest.substring(0, slash)), k -> new ArrayList<>()).add(f);
            }
        }
        return outputs;
    }
}
