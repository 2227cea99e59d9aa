package dev.trae.oracle.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.oracle.Encryption;
import dev.trae.oracle.ExportRequest;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.model.Manifest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs one export as the body of a {@link dev.trae.aws.core.job.TraeJob}, coordinating its parts: the
 * {@link PartitionPlanner} plans the SQL from metadata and splits the work into partitions, the
 * {@link PartitionRunner} streams each partition into files ({@link PartFiles}) and checkpoints after every
 * file, and the {@link ManifestWriter} writes the manifest; the steps of a sharded export are {@link ShardSteps}.
 * Not reused across jobs.
 */
public final class ExportEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ExportEngine.class);

    private final ExportRun run;

    public ExportEngine(ExportRequest req, Sink sink, KmsKeyProvider kms, JobContext ctx) {
        this.run = new ExportRun(req, sink, kms, ctx);
    }

    /** Creates the sink for a request's destination. */
    public static Sink sinkFor(ExportRequest req, java.util.function.Supplier<S3Context> s3) throws IOException {
        URI d = req.destination();
        if ("file".equalsIgnoreCase(d.getScheme())) {
            return new LocalSink(Path.of(d));
        }
        S3Context c = s3.get();
        String prefix = d.getPath() == null ? "" : d.getPath();
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new S3Sink(c.client, c.pool, d.getHost(), prefix, req.encryption(), req.partSize(), req.maxPartsInFlight());
    }

    /** What an S3 sink needs from the exporter. */
    public static final class S3Context {
        final java.util.function.Supplier<ServiceClient<S3Client>> client;
        final ExecutorService pool;

        /** {@code client} (guarded: resilience, translation, observation) is asked for on first use, so that its set-up can overlap planning. */
        public S3Context(java.util.function.Supplier<ServiceClient<S3Client>> client, ExecutorService pool) {
            this.client = client;
            this.pool = pool;
        }
    }

    /**
     * The whole export: plans (or resumes from the checkpoint), runs the unfinished partitions, and writes the
     * manifest (and for an incremental export {@code _incremental.json}).
     */
    public ExportResult run() throws Exception {
        long start = System.nanoTime();
        ExportRequest req = run.req;
        JobContext ctx = run.ctx;
        ProgressTracker tracker = ctx.tracker();
        tracker.phase("PLANNING", req.source().describe());
        if (req.encryption().kind() == Encryption.Kind.CLIENT_SIDE && run.kms == null) {
            throw new TraeValidationException("encryption", "client-side encryption needs a KmsKeyProvider in the TraeConfig (trae-security)");
        }
        Map<String, String> saved = ctx.checkpoint();
        Connection snapshotHolder = null;
        // Uploads an earlier run left incomplete are aborted while the database plans: on S3 this first request
        // also pays for the client's set-up (about a second), which then overlaps planning and counting. The same
        // thread first builds the JSON mapper of the planner's checkpoint.
        FutureTask<Integer> cleanup = new FutureTask<>(() -> {
            ExportRun.warmJson();
            return run.sink.cleanupOrphans(run.namePrefix());
        });
        Thread cleaner = new Thread(cleanup, ctx.jobId() + "-cleanup");
        cleaner.setDaemon(true);
        cleaner.start();
        try {
            snapshotHolder = new PartitionPlanner(run).planAndCount(saved);
            int orphans = orphans(cleanup);
            if (orphans > 0) {
                LOG.info("aborted {} incomplete upload(s) left by an earlier run of {}", orphans, ctx.jobId());
            }
            long already = 0;
            for (ExportState.Partition p : run.state.partitions) {
                for (ExportState.FileEntry f : p.files) {
                    already += f.rows;
                    run.bytesDone.addAndGet(f.bytes);
                    run.filesDone.incrementAndGet();
                }
            }
            tracker.set(already);
            tracker.phase("EXPORTING", run.progressMessage());
            new PartitionRunner(run).runPartitions();
        } finally {
            if (!cleanup.isDone()) {
                // planning failed or was cancelled: stop the clean-up before returning
                cleanup.cancel(true);
                try {
                    cleaner.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (snapshotHolder != null) {
                try {
                    snapshotHolder.rollback();
                    snapshotHolder.close();
                } catch (SQLException e) {
                    LOG.debug("closing the snapshot connection: {}", e.getMessage());
                }
            }
        }
        tracker.phase("MANIFEST", run.progressMessage());
        Manifest manifest = ManifestWriter.write(run);
        if (req.incrementalKey().isPresent()) {
            ManifestWriter.writeIncremental(run, manifest);
        }
        tracker.phase("DONE", run.progressMessage());
        return run.result(run.sink.uri(run.manifestName()), manifest, start);
    }

    /** The clean-up's result, its failure rethrown as it was thrown; a cancel while waiting stops the export. */
    private int orphans(FutureTask<Integer> cleanup) throws Exception {
        try {
            return cleanup.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof Exception ? (Exception) c : new TraeClientException(c.toString(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraeCancelledException("export " + run.ctx.jobId() + " was cancelled; resume it by id");
        }
    }

    /** Step 1 of a sharded export: writes the partition plan ({@link ShardSteps#plan()}). */
    public ExportResult plan() throws Exception {
        return new ShardSteps(run).plan();
    }

    /** Step 2 of a sharded export: exports shard {@code index} of {@code count} ({@link ShardSteps#runShard}). */
    public ExportResult runShard(int index, int count) throws Exception {
        return new ShardSteps(run).runShard(index, count);
    }

    /** Step 3 of a sharded export: checks every partition and writes the one manifest ({@link ShardSteps#finish()}). */
    public ExportResult finish() throws Exception {
        return new ShardSteps(run).finish();
    }
}
