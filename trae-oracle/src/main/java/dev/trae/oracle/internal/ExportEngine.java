package dev.trae.oracle.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.zip.GZIPOutputStream;

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
import dev.trae.oracle.Compression;
import dev.trae.oracle.Encryption;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.ExportRequest;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.model.Manifest;
import dev.trae.oracle.model.ManifestColumn;
import dev.trae.oracle.model.ManifestFile;

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
        return new S3Sink(c.client, c.resilience, c.pool, d.getHost(), prefix, req.encryption(), req.partSize(), req.maxPartsInFlight());
    }

    /** What an S3 sink needs from the exporter. */
    public static final class S3Context {
        final java.util.function.Supplier<software.amazon.awssdk.services.s3.S3Client> client;
        final dev.trae.aws.core.spi.Resilience resilience;
        final ExecutorService pool;

        /** {@code client} is asked for on first use, so that its set-up can overlap planning. */
        public S3Context(java.util.function.Supplier<software.amazon.awssdk.services.s3.S3Client> client,
                         dev.trae.aws.core.spi.Resilience resilience, ExecutorService pool) {
            this.client = client;
            this.resilience = resilience;
            this.pool = pool;
        }
    }

    // ------------------------------------------------------------------ plan

    /** The SQL plan: columns, key, and the statement pieces. */
    static final class Plan {
        Dialect dialect;
        String database;
        List<ColumnInfo> columns;
        /** Every column of the SELECT: {@link #columns} and, when it is not one of them, the key last. */
        List<ColumnInfo> readColumns;
        ColumnInfo keyColumn;
        int keyIndex;
        KeyCodec key;
        String select;
        String from;
        String quotedKey;
        boolean tableSource;
    }

    private Plan plan(Connection c, Dialect dialect) throws SQLException {
        Plan p = new Plan();
        p.dialect = dialect;
        DatabaseMetaData md = c.getMetaData();
        p.database = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
        List<String> available;
        if (req.table().isPresent()) {
            p.tableSource = true;
            String[] resolved = resolveTable(md, req.table().get());
            p.from = (resolved[0] == null ? "" : Identifiers.quote(resolved[0]) + ".") + Identifiers.quote(resolved[1]);
            available = tableColumns(md, resolved[0], resolved[1]);
            if (available.isEmpty()) {
                throw new TraeValidationException("table", "table " + req.table().get() + " has no visible columns");
            }
            if (req.key().isEmpty()) {
                primaryKey(md, resolved[0], resolved[1]).ifPresent(k -> p.quotedKey = k);
            }
        } else {
            p.from = "(" + req.query().get() + ") q";
            available = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + p.from + " WHERE 1=0")) {
                try (ResultSet rs = ps.executeQuery()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        available.add(rs.getMetaData().getColumnLabel(i));
                    }
                }
            }
        }
        List<String> selected = new ArrayList<>();
        if (req.columns().isEmpty()) {
            selected.addAll(available);
        } else {
            for (String want : req.columns()) {
                selected.add(match(available, want, "columns"));
            }
        }
        String keyName = null;
        if (req.key().isPresent()) {
            keyName = match(available, req.key().get(), req.incrementalKey().isPresent() ? "incrementalKey" : "key");
        } else if (p.quotedKey != null) {
            keyName = p.quotedKey;
        }
        StringBuilder sel = new StringBuilder("SELECT ");
        for (int i = 0; i < selected.size(); i++) {
            sel.append(i == 0 ? "" : ", ").append(Identifiers.quote(selected.get(i)));
        }
        int keyIndex = -1;
        if (keyName != null) {
            keyIndex = selected.indexOf(keyName);
            if (keyIndex < 0) {
                sel.append(", ").append(Identifiers.quote(keyName));
                keyIndex = selected.size();
            }
            p.quotedKey = Identifiers.quote(keyName);
        } else {
            p.quotedKey = null;
        }
        p.select = sel.toString();
        // column metadata from an empty result
        try (PreparedStatement ps = c.prepareStatement(p.select + " FROM " + p.from + " WHERE 1=0")) {
            try (ResultSet rs = ps.executeQuery()) {
                List<ColumnInfo> all = ColumnInfo.from(rs.getMetaData(), p.dialect);
                p.readColumns = all;
                p.columns = new ArrayList<>(all.subList(0, selected.size()));
                if (keyIndex >= 0) {
                    p.keyColumn = all.get(keyIndex);
                    p.keyIndex = keyIndex + 1;
                    p.key = new KeyCodec(p.keyColumn);
                }
            }
        }
        return p;
    }

    private String[] resolveTable(DatabaseMetaData md, String table) throws SQLException {
        String[] parts = Identifiers.validateQualified("table", table);
        String schema = parts.length == 2 ? parts[0] : null;
        String name = parts.length == 2 ? parts[1] : parts[0];
        String esc = md.getSearchStringEscape();
        for (String s : variants(schema)) {
            for (String n : variants(name)) {
                try (ResultSet rs = md.getTables(null, s == null ? null : escape(s, esc), escape(n, esc), null)) {
                    while (rs.next()) {
                        String foundSchema = rs.getString("TABLE_SCHEM");
                        String foundName = rs.getString("TABLE_NAME");
                        if (foundName.equalsIgnoreCase(name) && (schema == null || schema.equalsIgnoreCase(foundSchema))) {
                            return new String[] {schema == null ? null : foundSchema, foundName};
                        }
                    }
                }
            }
        }
        throw new TraeValidationException("table", "no table or view named " + table + " is visible to this user");
    }

    private static List<String> variants(String s) {
        List<String> v = new ArrayList<>();
        v.add(s);
        if (s != null) {
            if (!v.contains(s.toUpperCase(Locale.ROOT))) {
                v.add(s.toUpperCase(Locale.ROOT));
            }
            if (!v.contains(s.toLowerCase(Locale.ROOT))) {
                v.add(s.toLowerCase(Locale.ROOT));
            }
        }
        return v;
    }

    private static String escape(String s, String esc) {
        if (esc == null || esc.isEmpty()) {
            return s;
        }
        return s.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    private static List<String> tableColumns(DatabaseMetaData md, String schema, String table) throws SQLException {
        String esc = md.getSearchStringEscape();
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, schema == null ? null : escape(schema, esc), escape(table, esc), "%")) {
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equals(table) && (schema == null || schema.equals(rs.getString("TABLE_SCHEM")))) {
                    rows.add(new Object[] {rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"), rs.getString("TABLE_SCHEM")});
                }
            }
            // without a schema the same table name may exist in several schemas: keep the first schema seen
            String firstSchema = rows.isEmpty() ? null : (String) rows.get(0)[2];
            rows.removeIf(r -> firstSchema != null && !firstSchema.equals(r[2]));
            rows.sort(Comparator.comparingInt(r -> (Integer) r[0]));
            for (Object[] r : rows) {
                out.add((String) r[1]);
            }
        }
        return out;
    }

    private static Optional<String> primaryKey(DatabaseMetaData md, String schema, String table) {
        try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
            List<String> cols = new ArrayList<>();
            while (rs.next()) {
                cols.add(rs.getString("COLUMN_NAME"));
            }
            return cols.size() == 1 ? Optional.of(cols.get(0)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static String match(List<String> available, String want, String parameter) {
        for (String a : available) {
            if (a.equals(want)) {
                return a;
            }
        }
        String found = null;
        for (String a : available) {
            if (a.equalsIgnoreCase(want)) {
                if (found != null) {
                    throw new TraeValidationException(parameter, "column " + want + " is ambiguous (differs only in case)");
                }
                found = a;
            }
        }
        if (found == null) {
            throw new TraeValidationException(parameter, "no column named " + want + " in the source");
        }
        return found;
    }

    // ------------------------------------------------------------------ SQL pieces

    /** WHERE clause and its parameters for a partition (or for counting when {@code part} is null). */
    private String where(ExportState.Partition part, boolean resume, List<Object> params) {
        List<String> conds = new ArrayList<>();
        if (req.where().isPresent()) {
            conds.add("(" + req.where().get() + ")");
            params.addAll(req.whereParams());
        }
        if (state.incrementalFrom != null) {
            conds.add(plan.quotedKey + " > ?");
            params.add(plan.key.parse(state.incrementalFrom));
        }
        if (part != null) {
            if (state.rowidPartitions) {
                conds.add("MOD(ORA_HASH(ROWID), " + state.partitions.size() + ") = " + part.index);
            } else if (part.lo != null) {
                String range = plan.quotedKey + " >= ? AND " + plan.quotedKey + (part.last ? " <= ?" : " < ?");
                params.add(plan.key.parse(part.lo));
                params.add(plan.key.parse(part.hi));
                conds.add(part.index == 0 && plan.keyColumn.nullable ? "(" + plan.quotedKey + " IS NULL OR (" + range + "))" : "(" + range + ")");
            }
            if (resume && plan.key != null) {
                if (part.lastKeyNull) {
                    conds.add(plan.quotedKey + " IS NOT NULL");
                } else {
                    conds.add(plan.quotedKey + " > ?");
                    params.add(plan.key.parse(part.lastKey));
                }
            }
        }
        return conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds);
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
        return new ExportResult(ctx.jobId(), sink.uri(manifestName), manifest, Duration.ofNanos(System.nanoTime() - start), ctx.resumed());
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
                if (dialect == Dialect.POSTGRESQL) {
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

            plan = plan(c, dialect);
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
            if (req.countRows()) {
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
                    .append(req.maxRowsPerFile()).append('/').append(req.maxBytesPerFile()).append('\n').append(req.parallelism())
                    .append('\n').append(req.encryption()).append('\n').append(req.incrementalKey().orElse(""));
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
        List<Object> params = new ArrayList<>();
        String sql = partitionSql(p, resume, params);
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
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(req.fetchSize());
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery();
                     RowStream rows = rows(rs, ps, p)) {
                    Cells row = rows.cells();
                    OpenFile file = null;
                    Object prevKey = null;
                    boolean full = false;
                    long pending = 0;
                    try {
                        while (rows.next()) {
                            Object k = plan.key == null ? null : plan.key.read(row, plan.keyIndex);
                            if (file != null && full && (plan.key == null || plan.key.compare(k, prevKey) != 0)) {
                                tracker.advance(pending);
                                pending = 0;
                                completeFile(p, file, prevKey);
                                file = null;
                            }
                            if (file == null) {
                                checkStop();
                                file = openFile(p);
                                full = false;
                            }
                            file.writer.write(row);
                            file.rows++;
                            prevKey = k;
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
                            }
                        }
                        tracker.advance(pending);
                        pending = 0;
                        if (file != null) {
                            completeFile(p, file, prevKey);
                            file = null;
                        }
                    } finally {
                        if (file != null) {
                            tracker.advance(-(file.rows - pending));
                            file.object.abort();
                        }
                    }
                }
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

    /** A file being written: the sink object and the format writer on top of it. */
    private static final class OpenFile {
        String name;
        SinkObject object;
        RowWriter writer;
        long rows;
    }

    private OpenFile openFile(ExportState.Partition p) throws IOException {
        int seq;
        synchronized (lock) {
            seq = p.files.size();
        }
        OpenFile f = new OpenFile();
        String ext = req.format().extension();
        if (req.format() != ExportFormat.PARQUET) {
            ext += req.compression().suffix();
        }
        f.name = String.format(Locale.ROOT, "%s%05d-%05d.%s", namePrefix(), p.index, seq, ext);
        f.object = sink.create(f.name);
        try {
            OutputStream out = f.object;
            if (req.encryption().kind() == Encryption.Kind.CLIENT_SIDE) {
                out = kms.encryptingStream(out, encryptionContext(f.name));
            }
            if (req.format() != ExportFormat.PARQUET) {
                if (req.compression() == Compression.GZIP) {
                    out = new GZIPOutputStream(out, 1 << 16);
                } else if (req.compression() == Compression.ZSTD) {
                    out = Zstd.stream(out);
                }
            }
            switch (req.format()) {
                case CSV:
                    f.writer = new CsvRowWriter(out, plan.columns, req.csv());
                    break;
                case JSONL:
                    f.writer = new JsonLinesRowWriter(out, plan.columns);
                    break;
                default:
                    f.writer = Parquet.writer(out, plan.columns, req.compression(), rowGroupBytes);
                    break;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            f.object.abort();
            throw e;
        }
        return f;
    }

    private Map<String, String> encryptionContext(String name) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("trae:export-job", ctx.jobId());
        m.put("trae:object", sink.uri(name));
        return m;
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

    // ------------------------------------------------------------------ manifest

    private Manifest manifest() {
        List<ManifestFile> files = new ArrayList<>();
        String maxKey = state.incrementalFrom;
        for (ExportState.Partition p : state.partitions) {
            for (ExportState.FileEntry f : p.files) {
                files.add(new ManifestFile(f.name, sink.uri(f.name), p.index, f.rows, f.bytes, f.sha256));
            }
            if (p.maxKey != null && (maxKey == null || plan.key.compare(plan.key.parse(p.maxKey), plan.key.parse(maxKey)) > 0)) {
                maxKey = p.maxKey;
            }
        }
        List<ManifestColumn> schema = new ArrayList<>();
        for (ColumnInfo c : plan.columns) {
            schema.add(c.toManifest());
        }
        Map<String, String> enc = new LinkedHashMap<>();
        switch (req.encryption().kind()) {
            case SSE_KMS:
                enc.put("type", "sse-kms");
                enc.put("keyId", req.encryption().kmsKeyId().orElse(""));
                break;
            case CLIENT_SIDE:
                enc.put("type", "client-side");
                enc.put("keyId", kms.keyId());
                enc.put("context", "trae:export-job=<jobId>, trae:object=<file uri>");
                break;
            default:
                enc.put("type", "none");
        }
        Map<String, String> inc = null;
        if (req.incrementalKey().isPresent()) {
            inc = new LinkedHashMap<>();
            inc.put("column", plan.keyColumn.name);
            inc.put("from", state.incrementalFrom == null ? "" : state.incrementalFrom);
            inc.put("to", maxKey == null ? "" : maxKey);
        }
        List<Object> params = new ArrayList<>();
        String sql = partitionSql(state.partitions.get(0), false, params);
        return new Manifest(1, ctx.jobId(), Instant.now().toString(), plan.database, sql,
                plan.keyColumn == null ? null : plan.keyColumn.name, req.format().name().toLowerCase(Locale.ROOT),
                req.compression().name().toLowerCase(Locale.ROOT), enc, inc, schema, files);
    }
}
