package dev.trae.oracle.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobContext;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.oracle.Encryption;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.ExportRequest;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.model.Manifest;
import dev.trae.oracle.internal.ExportPlanner.Plan;
import dev.trae.oracle.internal.PartFiles.OpenFile;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs one export as the body of a {@link dev.trae.aws.core.job.TraeJob}: plans the SQL from metadata,
 * splits the work into partitions, streams each partition into files, checkpoints after every file, and
 * writes the manifest. Not reused across jobs.
 */
public final class ExportEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ExportEngine.class);
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int MAX_PARTITION_ATTEMPTS = 3;

    private final ExportRequest req;
    private final Sink sink;
    private final KmsKeyProvider kms;
    private final JobContext ctx;
    private final Object lock = new Object();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicInteger filesDone = new AtomicInteger();
    private ExportState state;
    private Plan plan;
    /** The Parquet row group size actually used: the request's, lowered to fit the heap ({@link #rowGroupBytes}). */
    private long rowGroupBytes;
    /** The exported PostgreSQL snapshot that partitions import, or null. */
    private volatile String snapshotId;
    /** The Oracle SCN that partitions read as of, or null. */
    private volatile String oracleScn;
    /** Whether this run is a step of a sharded export ({@link #plan()}, {@link #runShard}, {@link #finish()}). */
    private boolean sharded;
    /** The export's id in its files' encryption context and manifest: the job's, or in shard steps the plan's. */
    private String planExportId;
    /** Whether partitions read through PostgreSQL's COPY ({@link PgCopyRows}) instead of JDBC result sets. */
    private boolean copy;
    /** What the result tells its caller (why COPY was not used). */
    private final List<String> notes = new ArrayList<>();

    public ExportEngine(ExportRequest req, Sink sink, KmsKeyProvider kms, JobContext ctx) {
        this.req = req;
        this.sink = sink;
        this.kms = kms;
        this.ctx = ctx;
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

    // ------------------------------------------------------------------ SQL pieces

    /**
     * WHERE clause and its parameters for a partition (or for counting when {@code part} is null). With
     * {@code params} null the key bounds are written as literals (COPY takes no parameters; only integer keys
     * and no filter parameters reach that path).
     */
    private String where(ExportState.Partition part, boolean resume, List<Object> params) {
        List<String> conds = new ArrayList<>();
        if (req.where().isPresent()) {
            conds.add("(" + req.where().get() + ")");
            if (params != null) {
                params.addAll(req.whereParams());
            } else if (!req.whereParams().isEmpty()) {
                throw new IllegalStateException("filter parameters cannot be written as literals");
            }
        }
        if (state.incrementalFrom != null) {
            conds.add(plan.quotedKey + " > " + arg(params, plan.key.parse(state.incrementalFrom)));
        }
        if (part != null) {
            if (state.rowidPartitions) {
                conds.add("MOD(ORA_HASH(ROWID), " + state.partitions.size() + ") = " + part.index);
            } else if (part.lo != null) {
                String range = plan.quotedKey + " >= " + arg(params, plan.key.parse(part.lo)) + " AND " + plan.quotedKey
                        + (part.last ? " <= " : " < ") + arg(params, plan.key.parse(part.hi));
                conds.add(part.index == 0 && plan.keyColumn.nullable ? "(" + plan.quotedKey + " IS NULL OR (" + range + "))" : "(" + range + ")");
            }
            if (resume && plan.key != null) {
                if (part.lastKeyNull) {
                    conds.add(plan.quotedKey + " IS NOT NULL");
                } else {
                    conds.add(plan.quotedKey + " > " + arg(params, plan.key.parse(part.lastKey)));
                }
            }
        }
        return conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds);
    }

    /** A bind parameter ({@code ?}, its value added to {@code params}), or with {@code params} null an integer literal. */
    private static String arg(List<Object> params, Object value) {
        if (params != null) {
            params.add(value);
            return "?";
        }
        String digits = value instanceof java.math.BigDecimal ? ((java.math.BigDecimal) value).toPlainString() : String.valueOf(value);
        if (!(value instanceof Long || value instanceof java.math.BigDecimal) || !digits.matches("-?[0-9]{1,40}")) {
            throw new IllegalStateException("only integer keys are written as literals");
        }
        return digits;
    }

    /** The FROM item: the table or query, as of the shared Oracle SCN where there is one. */
    private String source() {
        String scn = oracleScn;
        return scn != null && plan.tableSource ? OracleScn.asOf(plan.from, scn) : plan.from;
    }

    private String partitionSql(ExportState.Partition part, boolean resume, List<Object> params) {
        String sql = plan.select + " FROM " + source() + where(part, resume, params);
        if (plan.quotedKey != null) {
            // NULL keys come first so that a resumed partition can skip them; for a NOT NULL key that clause is left
            // out, since it would keep the database from reading the key's index in order (PostgreSQL sorted every
            // partition's rows instead) and "key IS NULL OR" would keep the first partition from using it at all
            sql += " ORDER BY " + plan.quotedKey + (plan.keyColumn.nullable ? " NULLS FIRST" : "");
        }
        return sql;
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    // ------------------------------------------------------------------ run

    public ExportResult run() throws Exception {
        long start = System.nanoTime();
        ProgressTracker tracker = ctx.tracker();
        tracker.phase("PLANNING", req.source().describe());
        if (req.encryption().kind() == Encryption.Kind.CLIENT_SIDE && kms == null) {
            throw new TraeValidationException("encryption", "client-side encryption needs a KmsKeyProvider in the TraeConfig (trae-security)");
        }
        Map<String, String> saved = ctx.checkpoint();
        Connection snapshotHolder = null;
        // Uploads an earlier run left incomplete are aborted while the database plans: on S3 this first request
        // also pays for the client's set-up (about a second), which then overlaps planning and counting.
        java.util.concurrent.FutureTask<Integer> cleanup = new java.util.concurrent.FutureTask<>(() -> sink.cleanupOrphans(namePrefix()));
        Thread cleaner = new Thread(cleanup, ctx.jobId() + "-cleanup");
        cleaner.setDaemon(true);
        cleaner.start();
        try {
            snapshotHolder = planAndCount(saved);
            int orphans = orphans(cleanup);
            if (orphans > 0) {
                LOG.info("aborted {} incomplete upload(s) left by an earlier run of {}", orphans, ctx.jobId());
            }
            long already = 0;
            for (ExportState.Partition p : state.partitions) {
                for (ExportState.FileEntry f : p.files) {
                    already += f.rows;
                    bytesDone.addAndGet(f.bytes);
                    filesDone.incrementAndGet();
                }
            }
            tracker.set(already);
            tracker.phase("EXPORTING", progressMessage());
            runPartitions();
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
        tracker.phase("MANIFEST", progressMessage());
        Manifest manifest = manifest();
        String manifestName = manifestName();
        sink.putSmall(manifestName, manifest.toJson(), "application/json");
        if (req.incrementalKey().isPresent()) {
            Map<String, String> inc = new LinkedHashMap<>();
            inc.put("column", plan.keyColumn.name);
            inc.put("value", manifest.incremental().get("to"));
            inc.put("jobId", ctx.jobId());
            inc.put("manifest", manifestName);
            sink.putSmall("_incremental.json", JSON.writeValueAsBytes(inc), "application/json");
        }
        tracker.phase("DONE", progressMessage());
        return new ExportResult(ctx.jobId(), sink.uri(manifestName), manifest, Duration.ofNanos(System.nanoTime() - start), ctx.resumed(),
                copy ? ExportResult.PATH_POSTGRES_COPY : ExportResult.PATH_JDBC, notes);
    }

    /** The clean-up's result, its failure rethrown as it was thrown; a cancel while waiting stops the export. */
    private int orphans(java.util.concurrent.FutureTask<Integer> cleanup) throws Exception {
        try {
            return cleanup.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof Exception ? (Exception) c : new TraeClientException(c.toString(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraeCancelledException("export " + ctx.jobId() + " was cancelled; resume it by id");
        }
    }

    /**
     * Plans the export (or loads the saved state) and counts rows. With a shared snapshot on PostgreSQL this
     * connection's REPEATABLE READ transaction exports its snapshot, and the connection is returned open so
     * that the snapshot lives until the partitions are done; otherwise it is closed and null returned.
     */
    private Connection planAndCount(Map<String, String> saved) throws Exception {
        ProgressTracker tracker = ctx.tracker();
        Connection c = req.source().open();
        boolean keep = false;
        try {
            Dialect dialect = Dialect.detect(c);
            if (req.sharedSnapshot() && req.parallelism() > 1) {
                if (dialect == Dialect.POSTGRESQL && sharded) {
                    String note = "PostgreSQL: the partitions of a sharded export cannot share one snapshot (an exported snapshot"
                            + " lives only as long as the planning transaction); each partition reads its own";
                    LOG.info("{}", note);
                    notes.add(note);
                } else if (dialect == Dialect.POSTGRESQL) {
                    c.setReadOnly(true);
                    c.setAutoCommit(false);
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_export_snapshot()"); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        String id = rs.getString(1);
                        if (id == null || !id.matches("[0-9A-Fa-f-]{1,64}")) {
                            throw new SQLException("unexpected snapshot id from pg_export_snapshot()");
                        }
                        snapshotId = id;
                    }
                } else if (dialect == Dialect.ORACLE) {
                    oracleScn = OracleScn.current(c);
                    if (oracleScn == null) {
                        LOG.info("no SCN could be read (DBMS_FLASHBACK, V$DATABASE, TIMESTAMP_TO_SCN); each partition reads its own snapshot");
                    }
                } else {
                    LOG.info("a shared snapshot across partitions is implemented for PostgreSQL and Oracle only; each partition reads its own");
                }
            }

            plan = ExportPlanner.plan(req, c, dialect);
            chooseCopy(c);
            if (oracleScn != null && !OracleScn.usable(c, plan.from, plan.tableSource, oracleScn)) {
                oracleScn = null;
            }
            String fp = fingerprint();
            if (saved.containsKey("state")) {
                state = JSON.readValue(saved.get("state"), ExportState.class);
                if (!fp.equals(state.fingerprint)) {
                    throw new TraeValidationException("jobId", "job " + ctx.jobId()
                            + " was started with a different request (source, columns, format or destination); resume it with the same request");
                }
            } else {
                state = new ExportState();
                state.fingerprint = fp;
                state.incrementalFrom = incrementalFrom();
                planPartitions(c);
                saveCheckpoint();
            }
            if (req.countRows() && !sharded) {
                List<Object> params = new ArrayList<>();
                String sql = "SELECT COUNT(*) FROM " + source() + where(null, false, params);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, params);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        tracker.total(rs.getLong(1));
                    }
                }
            }
            if (state.partitions.stream().filter(p -> !p.done).count() < 2) {
                oracleScn = null;
            }
            keep = snapshotId != null && state.partitions.stream().filter(p -> !p.done).count() > 1;
            if (!keep) {
                snapshotId = null;
            }
            return keep ? c : null;
        } finally {
            if (!keep) {
                c.close();
            }
        }
    }

    /**
     * Takes PostgreSQL's COPY for CSV from PostgreSQL unless the request turned it off or asks for something COPY
     * cannot do; then the JDBC path runs and the reason is logged and noted in the result.
     */
    private void chooseCopy(Connection c) {
        if (plan.dialect != Dialect.POSTGRESQL || req.format() != ExportFormat.CSV) {
            return;
        }
        String refusal = null;
        char d = req.csv().delimiter();
        if (!req.postgresCopy()) {
            refusal = "turned off (postgresCopy(false))";
        } else if (d == 0 || d >= 0x80) {
            refusal = "the delimiter is not a single-byte character, which COPY needs";
        } else if (plan.key != null && (!plan.keyColumn.integral() || plan.keyIndex > plan.columns.size())) {
            refusal = "the key column " + plan.keyColumn.name + " is not an exported integer column (COPY rows are resumed and"
                    + " split on the key read back from their text)";
        } else if (!req.whereParams().isEmpty()) {
            refusal = "the filter has bind parameters, which COPY cannot take";
        } else {
            refusal = PgCopyRows.unavailable(c);
        }
        copy = refusal == null;
        if (refusal != null) {
            String note = "PostgreSQL COPY not used: " + refusal + "; rows are read and formatted through JDBC";
            LOG.info("{}", note);
            notes.add(note);
        }
    }

    private String namePrefix() {
        return req.incrementalKey().isPresent() ? ctx.jobId() + "-part-" : "part-";
    }

    private String manifestName() {
        return req.incrementalKey().isPresent() ? "_manifest-" + ctx.jobId() + ".json" : "_manifest.json";
    }

    private String incrementalFrom() throws IOException {
        if (req.incrementalKey().isEmpty()) {
            return null;
        }
        if (req.incrementalFrom().isPresent()) {
            return plan.key.format(plan.key.parse(req.incrementalFrom().get()));
        }
        Optional<byte[]> st = sink.getSmall("_incremental.json");
        if (st.isEmpty()) {
            return null;
        }
        Map<?, ?> m = JSON.readValue(st.get(), Map.class);
        Object col = m.get("column");
        Object value = m.get("value");
        if (col == null || !plan.keyColumn.name.equalsIgnoreCase(col.toString())) {
            throw new TraeValidationException("incrementalKey", "the destination's _incremental.json tracks column " + col
                    + ", not " + plan.keyColumn.name + "; use another destination");
        }
        return value == null || value.toString().isEmpty() ? null : plan.key.format(plan.key.parse(value.toString()));
    }

    private void planPartitions(Connection c) throws SQLException {
        int n = req.parallelism();
        if (n > 1 && plan.key != null && plan.keyColumn.integral()) {
            List<Object> params = new ArrayList<>();
            String sql = "SELECT MIN(" + plan.quotedKey + "), MAX(" + plan.quotedKey + ") FROM " + source() + where(null, false, params);
            java.math.BigDecimal min;
            java.math.BigDecimal max;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    min = rs.getBigDecimal(1);
                    max = rs.getBigDecimal(2);
                }
            }
            if (min != null) {
                java.math.BigInteger lo = min.toBigIntegerExact();
                java.math.BigInteger hi = max.toBigIntegerExact();
                java.math.BigInteger span = hi.subtract(lo).add(java.math.BigInteger.ONE);
                int parts = span.compareTo(java.math.BigInteger.valueOf(n)) < 0 ? span.intValueExact() : n;
                for (int i = 0; i < parts; i++) {
                    ExportState.Partition p = new ExportState.Partition();
                    p.index = i;
                    java.math.BigInteger a = lo.add(span.multiply(java.math.BigInteger.valueOf(i)).divide(java.math.BigInteger.valueOf(parts)));
                    java.math.BigInteger b = i == parts - 1 ? hi
                            : lo.add(span.multiply(java.math.BigInteger.valueOf(i + 1)).divide(java.math.BigInteger.valueOf(parts)));
                    p.lo = a.toString();
                    p.hi = b.toString();
                    p.last = i == parts - 1;
                    state.partitions.add(p);
                }
                return;
            }
        } else if (n > 1 && plan.dialect == Dialect.ORACLE && plan.tableSource) {
            state.rowidPartitions = true;
            for (int i = 0; i < n; i++) {
                ExportState.Partition p = new ExportState.Partition();
                p.index = i;
                state.partitions.add(p);
            }
            return;
        } else if (n > 1) {
            LOG.warn("parallel export needs an integer key column (or an Oracle table for ROWID hash partitions); exporting with one connection");
        }
        ExportState.Partition p = new ExportState.Partition();
        p.index = 0;
        state.partitions.add(p);
    }

    private String fingerprint() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            StringBuilder s = new StringBuilder();
            s.append(plan.select).append('\n').append(plan.from).append('\n').append(req.where().orElse("")).append('\n')
                    .append(req.whereParams()).append('\n').append(plan.quotedKey).append('\n').append(req.format()).append('\n')
                    .append(req.compression()).append('\n').append(req.csv()).append('\n').append(req.destination()).append('\n')
                    .append(req.maxRowsPerFile()).append('/').append(req.maxBytesPerFile()).append('\n')
                    // a sharded export's partitions are fixed by its plan: each shard may use its own number of connections
                    .append(sharded ? "sharded" : String.valueOf(req.parallelism()))
                    .append('\n').append(req.encryption()).append('\n').append(req.incrementalKey().orElse(""));
            if (req.postgresCopy() && req.format() == ExportFormat.CSV) {
                // files written by COPY carry PostgreSQL's text forms: a resumed job must not mix them with the JDBC path's
                s.append("\npostgres-copy");
            }
            return HexFormat.of().formatHex(d.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void saveCheckpoint() {
        try {
            ctx.saveCheckpoint(Map.of("state", JSON.writeValueAsString(state)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String progressMessage() {
        return String.format(Locale.ROOT, "%.1f MB, %d files", bytesDone.get() / 1e6, filesDone.get());
    }

    /**
     * The Parquet row group size for {@code parallel} open files in a heap of {@code maxHeap} bytes: the
     * requested size, lowered (not below 1 MiB) so that the open row groups, which take about 2.5 times their
     * encoded size in memory, and each open file's S3 part buffers stay within half the heap.
     */
    static long rowGroupBytes(long requested, long maxHeap, int parallel, long partBuffersPerFile) {
        long perFile = maxHeap / 2 / Math.max(1, parallel) - partBuffersPerFile;
        long fit = perFile * 2 / 5;
        return Math.max(1L << 20, Math.min(requested, fit));
    }

    private void runPartitions() throws Exception {
        List<ExportState.Partition> todo = new ArrayList<>();
        synchronized (lock) {
            for (ExportState.Partition p : state.partitions) {
                if (!p.done) {
                    todo.add(p);
                }
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        int parallel = Math.min(todo.size(), req.parallelism());
        long partBuffers = req.destination().getScheme().equalsIgnoreCase("file") ? 0 : (long) req.partSize() * (req.maxPartsInFlight() + 1);
        long maxHeap = Runtime.getRuntime().maxMemory();
        rowGroupBytes = rowGroupBytes(req.parquetRowGroupBytes(), maxHeap, parallel, partBuffers);
        if (req.format() == ExportFormat.PARQUET && rowGroupBytes < req.parquetRowGroupBytes()) {
            LOG.info("Parquet row groups of {} MiB instead of {} MiB: {} open files must fit a {} MiB heap", rowGroupBytes >> 20,
                    req.parquetRowGroupBytes() >> 20, parallel, maxHeap >> 20);
        }
        if (parallel * partBuffers > maxHeap / 2) {
            LOG.warn("{} open files with {} MiB of S3 part buffers each need more than half of the {} MiB heap;"
                    + " lower partSize, maxPartsInFlight or parallelism", parallel, partBuffers >> 20, maxHeap >> 20);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, ctx.jobId() + "-p" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (ExportState.Partition p : todo) {
                futures.add(pool.submit(() -> {
                    exportPartitionWithRetry(p);
                    return null;
                }));
            }
            pool.shutdown();
            Throwable first = null;
            for (Future<?> f : futures) {
                try {
                    waitFor(f);
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                    if (first == null) {
                        first = e.getCause();
                    }
                }
            }
            Throwable f = failure.get();
            if (f != null) {
                throw f instanceof Exception ? (Exception) f : new TraeClientException(f.toString(), f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for a partition; on cancel or interrupt it asks every partition to stop and still waits for their clean-up. */
    private void waitFor(Future<?> f) throws ExecutionException, InterruptedException {
        while (true) {
            try {
                f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                if (ctx.isCancelled()) {
                    failure.compareAndSet(null, new TraeCancelledException("export " + ctx.jobId() + " was cancelled; resume it by id"));
                }
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new TraeCancelledException("export " + ctx.jobId() + " was cancelled; resume it by id"));
                // keep waiting (uninterruptibly) so that uploads are aborted before we return
                Thread.interrupted();
            }
        }
    }

    private void exportPartitionWithRetry(ExportState.Partition p) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                exportPartition(p);
                return;
            } catch (SQLException e) {
                if (failure.get() != null || ctx.isCancelled() || attempt >= MAX_PARTITION_ATTEMPTS || !transientSql(e)) {
                    throw new TraeClientException("export of partition " + p.index + " failed: " + e.getMessage()
                            + " (SQLState " + e.getSQLState() + "); completed files are checkpointed: resume the job by id", e,
                            transientSql(e));
                }
                LOG.warn("partition {} lost its connection ({}); attempt {} continues after the last completed file", p.index,
                        e.getMessage(), attempt + 1);
                Thread.sleep(200L * attempt);
            }
        }
    }

    static boolean transientSql(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLRecoverableException || t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException) {
                String s = ((SQLException) t).getSQLState();
                int code = ((SQLException) t).getErrorCode();
                if (s != null && (s.startsWith("08") || s.startsWith("57P"))) {
                    return true;
                }
                if (code == 17002 || code == 17008 || code == 17410 || code == 3113 || code == 3114 || code == 1089) {
                    return true;
                }
            }
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private void exportPartition(ExportState.Partition p) throws Exception {
        boolean resume;
        synchronized (lock) {
            if (p.done) {
                return;
            }
            resume = plan.key != null && !p.files.isEmpty();
            if (plan.key == null && !p.files.isEmpty()) {
                // no key to continue after: restart this partition; its earlier files are rewritten under the same names
                long rows = 0;
                for (ExportState.FileEntry f : p.files) {
                    rows += f.rows;
                    bytesDone.addAndGet(-f.bytes);
                    filesDone.decrementAndGet();
                    if (!p.stale.contains(f.name)) {
                        p.stale.add(f.name);
                    }
                }
                ctx.tracker().advance(-rows);
                p.files.clear();
                saveCheckpoint();
            }
        }
        ProgressTracker tracker = ctx.tracker();
        try (Connection c = req.source().open()) {
            plan.dialect.prepare(c);
            String snapshot = snapshotId;
            if (snapshot != null) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (java.sql.Statement st = c.createStatement()) {
                    // the id was checked to be hexadecimal digits and dashes when it was exported
                    st.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                }
            }
            String scn = oracleScn;
            if (scn != null && !plan.tableSource) {
                OracleScn.enable(c, scn);
            }
            try (PartitionRows rows = open(c, p, resume)) {
                writeFiles(p, rows, tracker);
            }
            if (c.getAutoCommit() == false) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // read-only transaction
                }
            }
        }
        synchronized (lock) {
            for (String stale : p.stale) {
                boolean rewritten = p.files.stream().anyMatch(f -> f.name.equals(stale));
                if (!rewritten) {
                    sink.delete(stale);
                }
            }
            p.stale.clear();
            p.done = true;
            saveCheckpoint();
        }
        if (sharded) {
            // the partition's one record in the destination: a retried shard skips it, finish lists its files
            sink.putSmall(markerName(p.index), JSON.writeValueAsBytes(p), "application/json");
        }
    }

    /**
     * The partition's rows: PostgreSQL's COPY when the plan chose it, otherwise a JDBC result set (its statement
     * and result set closed with the rows).
     */
    private PartitionRows open(Connection c, ExportState.Partition p, boolean resume) throws SQLException {
        if (copy) {
            return PgCopyRows.start(c, partitionSql(p, resume, null), req.csv().delimiter(), req.csv().nullText(), plan.key,
                    plan.key == null ? -1 : plan.keyIndex - 1);
        }
        List<Object> params = new ArrayList<>();
        String sql = partitionSql(p, resume, params);
        PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ResultSet rs = null;
        try {
            ps.setFetchSize(req.fetchSize());
            bind(ps, params);
            rs = ps.executeQuery();
            ResultSet open = rs;
            PartitionRows rows = PartitionRows.jdbc(rows(rs, ps, p), plan.key, plan.keyIndex);
            return new PartitionRows() {
                @Override
                public boolean next() throws SQLException, IOException {
                    return rows.next();
                }

                @Override
                public Object key() throws SQLException {
                    return rows.key();
                }

                @Override
                public Object lastKey() throws SQLException {
                    return rows.lastKey();
                }

                @Override
                public void write(RowWriter writer) throws SQLException, IOException {
                    rows.write(writer);
                }

                @Override
                public void close() {
                    rows.close();
                    closeQuietly(open);
                    closeQuietly(ps);
                }
            };
        } catch (SQLException | RuntimeException e) {
            closeQuietly(rs);
            closeQuietly(ps);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable a) {
        if (a == null) {
            return;
        }
        try {
            a.close();
        } catch (Exception e) {
            LOG.debug("closing {}: {}", a.getClass().getSimpleName(), e.getMessage());
        }
    }

    /**
     * Streams a partition's rows into files: a file is cut once it is full (rows or bytes) and the key changes,
     * so that every file ends after the last row of its key and a resumed partition continues with {@code key > lastKey}.
     * Each completed file is checkpointed; a file still open when this fails is aborted.
     */
    private void writeFiles(ExportState.Partition p, PartitionRows rows, ProgressTracker tracker) throws Exception {
        OpenFile file = null;
        // the key of the row that filled the file; every row after it in the same file has the same key
        Object fullKey = null;
        boolean full = false;
        long pending = 0;
        try {
            while (rows.next()) {
                if (file != null && full && (plan.key == null || plan.key.compare(rows.key(), fullKey) != 0)) {
                    tracker.advance(pending);
                    pending = 0;
                    completeFile(p, file, fullKey);
                    file = null;
                }
                if (file == null) {
                    checkStop();
                    file = openFile(p);
                    full = false;
                }
                rows.write(file.writer);
                file.rows++;
                if ((++pending & 1023) == 0) {
                    tracker.advance(pending);
                    pending = 0;
                    checkStop();
                }
                // the size is looked at every 64 rows: Parquet's buffered size walks every column's pages,
                // which per row took about a tenth of a Parquet export's CPU
                if (!full && (file.rows >= req.maxRowsPerFile() || (file.rows & 63) == 0
                        && file.object.count() + file.writer.bufferedBytes() >= req.maxBytesPerFile())) {
                    full = true;
                    fullKey = plan.key == null ? null : rows.key();
                }
            }
            tracker.advance(pending);
            pending = 0;
            if (file != null) {
                completeFile(p, file, full ? fullKey : plan.key == null ? null : rows.lastKey());
                file = null;
            }
        } finally {
            if (file != null) {
                tracker.advance(-(file.rows - pending));
                file.object.abort();
            }
        }
    }

    /**
     * The partition's rows (fetch size set): read ahead on a second thread when the request allows it and no column is a LOB
     * (whose stream ends with its row), otherwise on this thread.
     */
    private RowStream rows(ResultSet rs, PreparedStatement ps, ExportState.Partition p) throws SQLException {
        // before a reader thread owns the result set
        rs.setFetchSize(req.fetchSize());
        if (req.readAhead() && PrefetchingRowStream.supports(plan.readColumns)) {
            int batch = Math.max(64, Math.min(4096, req.fetchSize() / 4));
            return new PrefetchingRowStream(rs, ps, plan.readColumns, batch, 3, ctx.jobId() + "-p" + p.index + "-read");
        }
        return RowStream.direct(rs);
    }

    private void checkStop() {
        if (ctx.isCancelled()) {
            throw new TraeCancelledException("export " + ctx.jobId() + " was cancelled; completed files are checkpointed: resume it by id");
        }
        Throwable f = failure.get();
        if (f != null) {
            throw f instanceof TraeException ? new TraeClientException("stopped: another partition failed: " + f.getMessage(), f)
                    : new TraeClientException("stopped: another partition failed: " + f, f);
        }
    }

    private OpenFile openFile(ExportState.Partition p) throws IOException {
        int seq;
        synchronized (lock) {
            seq = p.files.size();
        }
        String ext = req.format().extension();
        if (req.format() != ExportFormat.PARQUET) {
            ext += req.compression().suffix();
        }
        return PartFiles.open(req, sink, kms, plan.columns, exportId(), rowGroupBytes,
                String.format(Locale.ROOT, "%s%05d-%05d.%s", namePrefix(), p.index, seq, ext));
    }

    private void completeFile(ExportState.Partition p, OpenFile f, Object lastKey) throws IOException {
        f.writer.finish();
        SinkObject.Stored stored = f.object.commit();
        synchronized (lock) {
            p.files.add(new ExportState.FileEntry(f.name, f.rows, stored.bytes, stored.sha256));
            if (plan.key != null) {
                p.lastKeyNull = lastKey == null;
                p.lastKey = lastKey == null ? null : plan.key.format(lastKey);
                if (lastKey != null && (p.maxKey == null || plan.key.compare(lastKey, plan.key.parse(p.maxKey)) > 0)) {
                    p.maxKey = p.lastKey;
                }
            }
            saveCheckpoint();
        }
        bytesDone.addAndGet(stored.bytes);
        filesDone.incrementAndGet();
        ctx.tracker().message(progressMessage());
    }

    // ------------------------------------------------------------------ shards

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

    static String markerName(int partition) {
        return String.format(Locale.ROOT, "_partition-%05d.json", partition);
    }

    private String exportId() {
        return planExportId != null ? planExportId : ctx.jobId();
    }

    /**
     * Step 1 of a sharded export: plans the partitions ({@code parallelism} of them) and writes them, with the
     * fingerprint of the request and the Oracle SCN every shard reads as of, to {@code _plan.json} at the destination.
     */
    public ExportResult plan() throws Exception {
        long start = System.nanoTime();
        sharded = true;
        if (req.incrementalKey().isPresent()) {
            throw new TraeValidationException("incrementalKey", "a sharded export is a full export; run incremental exports whole");
        }
        ctx.tracker().phase("PLANNING", req.source().describe());
        Connection held = planAndCount(Map.of());
        if (held != null) {
            held.close();
        }
        ShardPlan doc = new ShardPlan();
        doc.exportId = exportId();
        doc.createdAt = Instant.now().toString();
        doc.database = plan.database;
        doc.fingerprint = state.fingerprint;
        doc.scn = state.partitions.size() > 1 ? oracleScn : null;
        doc.snapshot = doc.scn != null ? "oracle-scn" : "per-partition";
        doc.state = state;
        sink.putSmall(PLAN_NAME, JSON.writeValueAsBytes(doc), "application/json");
        LOG.info("planned {} partitions for {} ({} snapshot)", state.partitions.size(), sink.uri(PLAN_NAME), doc.snapshot);
        return result(sink.uri(PLAN_NAME), manifest(), start);
    }

    /** Reads the plan and checks that it was made for this request; sets the plan's id, partitions and SCN. */
    private void loadPlan() throws Exception {
        Connection c = req.source().open();
        try {
            plan = ExportPlanner.plan(req, c, Dialect.detect(c));
            chooseCopy(c);
        } finally {
            c.close();
        }
        byte[] raw = sink.getSmall(PLAN_NAME).orElseThrow(() -> new TraeValidationException("destination",
                "no " + PLAN_NAME + " at " + sink.uri(PLAN_NAME) + ": run 'export plan' with the same arguments first"));
        ShardPlan doc = JSON.readValue(raw, ShardPlan.class);
        if (!fingerprint().equals(doc.fingerprint)) {
            throw new TraeValidationException("destination", "the plan at " + sink.uri(PLAN_NAME)
                    + " was made for a different request (source, columns, format, file limits or destination); plan again");
        }
        planExportId = doc.exportId;
        state = doc.state;
        oracleScn = doc.scn;
    }

    /**
     * Step 2: exports the plan's partitions whose index modulo {@code count} is {@code index}, with
     * {@code parallelism} connections. A partition that already has its {@code _partition-NNNNN.json} record (an
     * earlier attempt of this shard finished it) is skipped; any other partition of this shard starts over: the
     * files and incomplete uploads an earlier attempt left under its name are removed first, and its record is
     * written only after its last file, so a retried shard neither loses nor duplicates rows.
     */
    public ExportResult runShard(int index, int count) throws Exception {
        long start = System.nanoTime();
        sharded = true;
        ctx.tracker().phase("PLANNING", req.source().describe());
        loadPlan();
        java.util.Set<String> finished = sink.list("_partition-").keySet();
        List<ExportState.Partition> mine = new ArrayList<>();
        int skipped = 0;
        for (ExportState.Partition p : state.partitions) {
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
            String note = skipped + " of this shard's " + mine.size() + " partitions were finished by an earlier attempt";
            LOG.info("{}", note);
            notes.add(note);
        }
        ctx.tracker().phase("EXPORTING", progressMessage());
        runPartitions();
        List<ExportState.Partition> all = state.partitions;
        // the result lists this shard's files (no manifest is written: finish writes the one manifest)
        state.partitions = mine.isEmpty() ? all : mine;
        try {
            return result(sink.uri(PLAN_NAME), manifest(), start);
        } finally {
            state.partitions = all;
        }
    }

    /**
     * Step 3: checks that every partition of the plan has exactly one record and that every file the records list
     * is there with its size, removes files that no record lists (left by killed attempts), and writes the one
     * {@code _manifest.json}.
     */
    public ExportResult finish() throws Exception {
        long start = System.nanoTime();
        sharded = true;
        ctx.tracker().phase("PLANNING", req.source().describe());
        loadPlan();
        java.util.SortedMap<String, Long> objects = sink.list("");
        List<String> problems = new ArrayList<>();
        java.util.Set<String> listed = new java.util.HashSet<>();
        java.util.Set<String> markers = new java.util.HashSet<>();
        for (ExportState.Partition p : state.partitions) {
            String name = markerName(p.index);
            markers.add(name);
            Optional<byte[]> raw = objects.containsKey(name) ? sink.getSmall(name) : Optional.empty();
            if (raw.isEmpty()) {
                problems.add("partition " + p.index + " has no record (its shard has not finished)");
                continue;
            }
            ExportState.Partition done = JSON.readValue(raw.get(), ExportState.Partition.class);
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
            String note = "removed " + strays.size() + " file(s) no partition record lists (left by killed attempts): "
                    + String.join(", ", strays.subList(0, Math.min(10, strays.size())));
            LOG.info("{}", note);
            notes.add(note);
        }
        ctx.tracker().phase("MANIFEST", progressMessage());
        Manifest manifest = manifest();
        sink.putSmall(manifestName(), manifest.toJson(), "application/json");
        ctx.tracker().phase("DONE", progressMessage());
        return result(sink.uri(manifestName()), manifest, start);
    }

    private ExportResult result(String uri, Manifest manifest, long start) {
        return new ExportResult(exportId(), uri, manifest, Duration.ofNanos(System.nanoTime() - start), ctx.resumed(),
                copy ? ExportResult.PATH_POSTGRES_COPY : ExportResult.PATH_JDBC, notes);
    }

    // ------------------------------------------------------------------ manifest

    private Manifest manifest() {
        List<Object> params = new ArrayList<>();
        return ManifestWriter.manifest(req, state, plan, sink, kms, exportId(), partitionSql(state.partitions.get(0), false, params));
    }
}
