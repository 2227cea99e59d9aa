package dev.trae.oracle.internal;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.model.Manifest;

/**
 * The three steps of a sharded export on an existing engine (AWS Batch array jobs, Kubernetes Indexed Jobs):
 * {@link #plan()} writes the partitions to {@code _plan.json}, {@link #runShard} exports one shard's partitions and
 * records each finished one in {@code _partition-NNNNN.json}, {@link #finish()} checks that every partition is
 * there exactly once and writes the one manifest.
 */
final class ShardSteps {
    private static final Logger LOG = LoggerFactory.getLogger(ShardSteps.class);

    /** The plan of a sharded export, written to its destination by {@link #plan()}. */
    static final String PLAN_NAME = "_plan.json";

    /** What {@link #plan()} writes: the partitions, the request's fingerprint and the snapshot every shard reads. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public static final class ShardPlan {
        public int version = 1;
        public String exportId;
        public String createdAt;
        public String database;
        public String fingerprint;
        /** "oracle-scn" (every partition reads as of {@link #scn}) or "per-partition". */
        public String snapshot;
        public String scn;
        public ExportState state;
    }

    private final ExportRun run;
    private final PartitionPlanner planner;

    ShardSteps(ExportRun run) {
        this.run = run;
        this.planner = new PartitionPlanner(run);
        run.sharded = true;
    }

    static String markerName(int partition) {
        return String.format(Locale.ROOT, "_partition-%05d.json", partition);
    }

    /**
     * Step 1 of a sharded export: plans the partitions ({@code parallelism} of them) and writes them, with the
     * fingerprint of the request and the Oracle SCN every shard reads as of, to {@code _plan.json} at the destination.
     */
    ExportResult plan() throws Exception {
        long start = System.nanoTime();
        if (run.req.incrementalKey().isPresent()) {
            throw new TraeValidationException("incrementalKey", "a sharded export is a full export; run incremental exports whole");
        }
        run.ctx.tracker().phase("PLANNING", run.req.source().describe());
        Connection held = planner.planAndCount(Map.of());
        if (held != null) {
            held.close();
        }
        ExportState state = run.state;
        ShardPlan doc = new ShardPlan();
        doc.exportId = run.exportId();
        doc.createdAt = Instant.now().toString();
        doc.database = run.plan.database;
        doc.fingerprint = state.fingerprint;
        doc.scn = state.partitions.size() > 1 ? run.oracleScn : null;
        doc.snapshot = doc.scn != null ? "oracle-scn" : "per-partition";
        doc.state = state;
        run.sink.putSmall(PLAN_NAME, ExportRun.json().writeValueAsBytes(doc), "application/json");
        LOG.info("planned {} partitions for {} ({} snapshot)", state.partitions.size(), run.sink.uri(PLAN_NAME), doc.snapshot);
        return run.result(run.sink.uri(PLAN_NAME), ManifestWriter.manifest(run), start);
    }

    /** Reads the plan and checks that it was made for this request; sets the plan's id, partitions and SCN. */
    private void loadPlan() throws Exception {
        planner.planOnly();
        Sink sink = run.sink;
        byte[] raw = sink.getSmall(PLAN_NAME).orElseThrow(() -> new TraeValidationException("destination",
                "no " + PLAN_NAME + " at " + sink.uri(PLAN_NAME) + ": run 'export plan' with the same arguments first"));
        ShardPlan doc = ExportRun.json().readValue(raw, ShardPlan.class);
        if (!planner.fingerprint().equals(doc.fingerprint)) {
            throw new TraeValidationException("destination", "the plan at " + sink.uri(PLAN_NAME)
                    + " was made for a different request (source, columns, format, file limits or destination); plan again");
        }
        run.planExportId = doc.exportId;
        run.state = doc.state;
        run.oracleScn = doc.scn;
    }

    /**
     * Step 2: exports the plan's partitions whose index modulo {@code count} is {@code index}, with
     * {@code parallelism} connections. A partition that already has its {@code _partition-NNNNN.json} record (an
     * earlier attempt of this shard finished it) is skipped; any other partition of this shard starts over: the
     * files and incomplete uploads an earlier attempt left under its name are removed first, and its record is
     * written only after its last file, so a retried shard neither loses nor duplicates rows.
     */
    ExportResult runShard(int index, int count) throws Exception {
        long start = System.nanoTime();
        Sink sink = run.sink;
        run.ctx.tracker().phase("PLANNING", run.req.source().describe());
        loadPlan();
        java.util.Set<String> finished = sink.list("_partition-").keySet();
        List<ExportState.Partition> mine = new ArrayList<>();
        int skipped = 0;
        for (ExportState.Partition p : run.state.partitions) {
            if (p.index % count != index) {
                p.done = true;
                continue;
            }
            mine.add(p);
            if (finished.contains(markerName(p.index))) {
                p.done = true;
                skipped++;
                continue;
            }
            String prefix = String.format(Locale.ROOT, "part-%05d-", p.index);
            for (String leftover : sink.list(prefix).keySet()) {
                sink.delete(leftover);
            }
            sink.cleanupOrphans(prefix);
            p.files.clear();
            p.stale.clear();
            p.done = false;
            p.lastKey = null;
            p.lastKeyNull = false;
            p.maxKey = null;
        }
        if (skipped > 0) {
            run.note(skipped + " of this shard's " + mine.size() + " partitions were finished by an earlier attempt");
        }
        run.ctx.tracker().phase("EXPORTING", run.progressMessage());
        new PartitionRunner(run).runPartitions();
        List<ExportState.Partition> all = run.state.partitions;
        // the result lists this shard's files (no manifest is written: finish writes the one manifest)
        run.state.partitions = mine.isEmpty() ? all : mine;
        try {
            return run.result(sink.uri(PLAN_NAME), ManifestWriter.manifest(run), start);
        } finally {
            run.state.partitions = all;
        }
    }

    /**
     * Step 3: checks that every partition of the plan has exactly one record and that every file the records list
     * is there with its size, removes files that no record lists (left by killed attempts), and writes the one
     * {@code _manifest.json}.
     */
    ExportResult finish() throws Exception {
        long start = System.nanoTime();
        Sink sink = run.sink;
        run.ctx.tracker().phase("PLANNING", run.req.source().describe());
        loadPlan();
        java.util.SortedMap<String, Long> objects = sink.list("");
        List<String> problems = new ArrayList<>();
        java.util.Set<String> listed = new java.util.HashSet<>();
        java.util.Set<String> markers = new java.util.HashSet<>();
        for (ExportState.Partition p : run.state.partitions) {
            String name = markerName(p.index);
            markers.add(name);
            Optional<byte[]> raw = objects.containsKey(name) ? sink.getSmall(name) : Optional.empty();
            if (raw.isEmpty()) {
                problems.add("partition " + p.index + " has no record (its shard has not finished)");
                continue;
            }
            ExportState.Partition done = ExportRun.json().readValue(raw.get(), ExportState.Partition.class);
            if (done.index != p.index || !java.util.Objects.equals(done.lo, p.lo) || !java.util.Objects.equals(done.hi, p.hi)) {
                problems.add(name + " describes another partition than the plan's " + p.index);
                continue;
            }
            for (ExportState.FileEntry f : done.files) {
                Long size = objects.get(f.name);
                if (!listed.add(f.name)) {
                    problems.add(f.name + " is listed twice");
                } else if (size == null) {
                    problems.add(f.name + " (partition " + p.index + ") is missing");
                } else if (size != f.bytes) {
                    problems.add(f.name + " has " + size + " bytes, its record says " + f.bytes);
                }
            }
            p.files = done.files;
            p.maxKey = done.maxKey;
            p.done = true;
        }
        for (String n : objects.keySet()) {
            if (n.startsWith("_partition-") && !markers.contains(n)) {
                problems.add(n + " is not a partition of the plan");
            }
        }
        if (!problems.isEmpty()) {
            throw new TraeClientException("cannot finish " + sink.uri("") + ": " + problems.size() + " problem(s): "
                    + String.join("; ", problems.subList(0, Math.min(20, problems.size()))));
        }
        List<String> strays = new ArrayList<>();
        for (String n : objects.keySet()) {
            if (n.startsWith("part-") && !listed.contains(n)) {
                sink.delete(n);
                strays.add(n);
            }
        }
        if (!strays.isEmpty()) {
            run.note("removed " + strays.size() + " file(s) no partition record lists (left by killed attempts): "
                    + String.join(", ", strays.subList(0, Math.min(10, strays.size()))));
        }
        run.ctx.tracker().phase("MANIFEST", run.progressMessage());
        Manifest manifest = ManifestWriter.write(run);
        run.ctx.tracker().phase("DONE", run.progressMessage());
        return run.result(sink.uri(run.manifestName()), manifest, start);
    }
}
