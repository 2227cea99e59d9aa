package dev.trae.oracle.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.ExportFormat;

/**
 * The planner of an export run: the plan from metadata ({@link ExportPlanner}), the read path (COPY or JDBC),
 * the shared snapshot, the partitions (or the saved state of a resumed job) and the row count. Fills its
 * {@link ExportRun}.
 */
final class PartitionPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionPlanner.class);

    private final ExportRun run;

    PartitionPlanner(ExportRun run) {
        this.run = run;
    }

    /**
     * Plans the export (or loads the saved state) and counts rows. With a shared snapshot on PostgreSQL this
     * connection's REPEATABLE READ transaction exports its snapshot, and the connection is returned open so
     * that the snapshot lives until the partitions are done; otherwise it is closed and null returned.
     */
    Connection planAndCount(Map<String, String> saved) throws Exception {
        var req = run.req;
        Connection c = req.source().open();
        boolean keep = false;
        try {
            Dialect dialect = Dialect.detect(c);
            if (req.sharedSnapshot() && req.parallelism() > 1) {
                if (dialect == Dialect.POSTGRESQL && run.sharded) {
                    run.note("PostgreSQL: the partitions of a sharded export cannot share one snapshot (an exported snapshot"
                            + " lives only as long as the planning transaction); each partition reads its own");
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
                        run.snapshotId = id;
                    }
                } else if (dialect == Dialect.ORACLE) {
                    run.oracleScn = OracleScn.current(c);
                    if (run.oracleScn == null) {
                        LOG.info("no SCN could be read (DBMS_FLASHBACK, V$DATABASE, TIMESTAMP_TO_SCN); each partition reads its own snapshot");
                    }
                } else {
                    LOG.info("a shared snapshot across partitions is implemented for PostgreSQL and Oracle only; each partition reads its own");
                }
            }

            run.plan = ExportPlanner.plan(req, c, dialect);
            chooseCopy(c);
            if (run.oracleScn != null && !OracleScn.usable(c, run.plan.from, run.plan.tableSource, run.oracleScn)) {
                run.oracleScn = null;
            }
            String fp = fingerprint();
            if (saved.containsKey("state")) {
                run.state = ExportRun.json().readValue(saved.get("state"), ExportState.class);
                if (!fp.equals(run.state.fingerprint)) {
                    throw new TraeValidationException("jobId", "job " + run.ctx.jobId()
                            + " was started with a different request (source, columns, format or destination); resume it with the same request");
                }
            } else {
                run.state = new ExportState();
                run.state.fingerprint = fp;
                run.state.incrementalFrom = incrementalFrom();
                planPartitions(c);
                run.saveCheckpoint();
            }
            if (req.countRows() && !run.sharded) {
                List<Object> params = new ArrayList<>();
                String sql = "SELECT COUNT(*) FROM " + PartitionSql.source(run) + PartitionSql.where(run, null, false, params);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    PartitionSql.bind(ps, params);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        run.ctx.tracker().total(rs.getLong(1));
                    }
                }
            }
            if (run.state.partitions.stream().filter(p -> !p.done).count() < 2) {
                run.oracleScn = null;
            }
            keep = run.snapshotId != null && run.state.partitions.stream().filter(p -> !p.done).count() > 1;
            if (!keep) {
                run.snapshotId = null;
            }
            return keep ? c : null;
        } finally {
            if (!keep) {
                c.close();
            }
        }
    }

    /** The plan and read path only (a shard step, whose partitions come from the sharded export's plan). */
    void planOnly() throws SQLException {
        try (Connection c = run.req.source().open()) {
            run.plan = ExportPlanner.plan(run.req, c, Dialect.detect(c));
            chooseCopy(c);
        }
    }

    /**
     * Takes PostgreSQL's COPY for CSV from PostgreSQL unless the request turned it off or asks for something COPY
     * cannot do; then the JDBC path runs and the reason is logged and noted in the result.
     */
    private void chooseCopy(Connection c) {
        var req = run.req;
        var plan = run.plan;
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
        run.copy = refusal == null;
        if (refusal != null) {
            run.note("PostgreSQL COPY not used: " + refusal + "; rows are read and formatted through JDBC");
        }
    }

    private String incrementalFrom() throws IOException {
        var req = run.req;
        var plan = run.plan;
        if (req.incrementalKey().isEmpty()) {
            return null;
        }
        if (req.incrementalFrom().isPresent()) {
            return plan.key.format(plan.key.parse(req.incrementalFrom().get()));
        }
        Optional<byte[]> st = run.sink.getSmall("_incremental.json");
        if (st.isEmpty()) {
            return null;
        }
        Map<?, ?> m = ExportRun.json().readValue(st.get(), Map.class);
        Object col = m.get("column");
        Object value = m.get("value");
        if (col == null || !plan.keyColumn.name.equalsIgnoreCase(col.toString())) {
            throw new TraeValidationException("incrementalKey", "the destination's _incremental.json tracks column " + col
                    + ", not " + plan.keyColumn.name + "; use another destination");
        }
        return value == null || value.toString().isEmpty() ? null : plan.key.format(plan.key.parse(value.toString()));
    }

    private void planPartitions(Connection c) throws SQLException {
        var plan = run.plan;
        var state = run.state;
        int n = run.req.parallelism();
        if (n > 1 && plan.key != null && plan.keyColumn.integral()) {
            List<Object> params = new ArrayList<>();
            String sql = "SELECT MIN(" + plan.quotedKey + "), MAX(" + plan.quotedKey + ") FROM " + PartitionSql.source(run)
                    + PartitionSql.where(run, null, false, params);
            java.math.BigDecimal min;
            java.math.BigDecimal max;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                PartitionSql.bind(ps, params);
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

    /** The request's fingerprint: a resumed job or a shard step must run the request its state or plan was made for. */
    String fingerprint() {
        var req = run.req;
        var plan = run.plan;
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            StringBuilder s = new StringBuilder();
            s.append(plan.select).append('\n').append(plan.from).append('\n').append(req.where().orElse("")).append('\n')
                    .append(req.whereParams()).append('\n').append(plan.quotedKey).append('\n').append(req.format()).append('\n')
                    .append(req.compression()).append('\n').append(req.csv()).append('\n').append(req.destination()).append('\n')
                    .append(req.maxRowsPerFile()).append('/').append(req.maxBytesPerFile()).append('\n')
                    // a sharded export's partitions are fixed by its plan: each shard may use its own number of connections
                    .append(run.sharded ? "sharded" : String.valueOf(req.parallelism()))
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
}
