package dev.trae.oracle.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.job.JobContext;
import dev.trae.oracle.ExportRequest;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.model.Manifest;
import dev.trae.oracle.internal.ExportPlanner.Plan;

/**
 * What the parts of one export share: the request, sink and job, the plan and checkpointed state, the shared
 * snapshot, the totals and the first failure. The planner ({@link PartitionPlanner}) fills it, the partition
 * runner ({@link PartitionRunner}) and the shard steps ({@link ShardSteps}) work on it, {@link ManifestWriter}
 * reads it. {@link #state} is mutated under {@link #lock}. Not reused across jobs.
 */
final class ExportRun {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRun.class);

    /** The mapper of the state and step documents, built on first use ({@link #json()}). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** The mapper of the export's state, markers and plan documents. */
    static ObjectMapper json() {
        return Json.MAPPER;
    }

    /**
     * Builds the mapper and its serializer of {@link ExportState}, which the planner's first checkpoint needs: about
     * 40 ms of class loading and introspection that the export engine runs beside planning, on the thread that also
     * cleans up orphaned uploads, instead of after it. Never throws.
     */
    static void warmJson() {
        try {
            Json.MAPPER.writeValueAsString(new ExportState());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            LOG.debug("warming the state mapper: {}", e.toString());
        }
    }

    final ExportRequest req;
    final Sink sink;
    final KmsKeyProvider kms;
    final JobContext ctx;
    final Object lock = new Object();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicLong bytesDone = new AtomicLong();
    final AtomicInteger filesDone = new AtomicInteger();
    ExportState state;
    Plan plan;
    /** The Parquet row group size actually used: the request's, lowered to fit the heap ({@link PartitionRunner#rowGroupBytes}). */
    long rowGroupBytes;
    /** The exported PostgreSQL snapshot that partitions import, or null. */
    volatile String snapshotId;
    /** The Oracle SCN that partitions read as of, or null. */
    volatile String oracleScn;
    /** Whether this run is a step of a sharded export ({@link ShardSteps}). */
    boolean sharded;
    /** The export's id in its files' encryption context and manifest: the job's, or in shard steps the plan's. */
    String planExportId;
    /** Whether partitions read through PostgreSQL's COPY ({@link PgCopyRows}) instead of JDBC result sets. */
    boolean copy;
    /** What the result tells its caller (why COPY was not used). */
    final List<String> notes = new ArrayList<>();

    ExportRun(ExportRequest req, Sink sink, KmsKeyProvider kms, JobContext ctx) {
        this.req = req;
        this.sink = sink;
        this.kms = kms;
        this.ctx = ctx;
    }

    String exportId() {
        return planExportId != null ? planExportId : ctx.jobId();
    }

    /** The prefix of the part files' names (an incremental export's carry its job id). */
    String namePrefix() {
        return req.incrementalKey().isPresent() ? ctx.jobId() + "-part-" : "part-";
    }

    String manifestName() {
        return req.incrementalKey().isPresent() ? "_manifest-" + ctx.jobId() + ".json" : "_manifest.json";
    }

    /** Logs {@code note} and adds it to what the result tells its caller. */
    void note(String note) {
        LOG.info("{}", note);
        notes.add(note);
    }

    void saveCheckpoint() {
        try {
            ctx.saveCheckpoint(Map.of("state", json().writeValueAsString(state)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result of a step that took from {@code startNanos} and wrote {@code uri}. */
    ExportResult result(String uri, Manifest manifest, long startNanos) {
        return new ExportResult(exportId(), uri, manifest, Duration.ofNanos(System.nanoTime() - startNanos), ctx.resumed(),
                copy ? ExportResult.PATH_POSTGRES_COPY : ExportResult.PATH_JDBC, notes);
    }

    String progressMessage() {
        return String.format(Locale.ROOT, "%.1f MB, %d files", bytesDone.get() / 1e6, filesDone.get());
    }
}
