package dev.trae.oracle;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.internal.Identifiers;

/**
 * What to export, how, and where. Immutable; build it with {@link #builder()} or through the lambda
 * overloads of {@link OracleExporter}. Everything is validated in {@link Builder#build()}, before any
 * connection is opened.
 *
 * <pre>{@code
 * ExportRequest r = ExportRequest.builder()
 *         .source(JdbcSource.url("jdbc:oracle:thin:@//db:1521/FREEPDB1", "app", password))
 *         .table("SALES.ORDERS").columns("ID", "CUSTOMER", "AMOUNT", "CREATED_AT")
 *         .where("STATUS = ?", "SHIPPED")
 *         .key("ID").parallelism(4)
 *         .format(ExportFormat.PARQUET).compression(Compression.ZSTD)
 *         .destination("s3://lake/raw/orders/")
 *         .build();
 * }</pre>
 *
 * <p>Table, column and key names must be plain identifiers ({@code [A-Za-z_][A-Za-z0-9_$#]*}, optionally
 * {@code SCHEMA.TABLE}); they are resolved against the database's metadata and quoted, so a hostile name
 * never reaches the SQL text. {@link Builder#query(String)} and {@link Builder#where(String, Object...)}
 * are SQL by design: pass only trusted text there and bind values as parameters.
 */
public final class ExportRequest {
    /** Smallest S3 multipart part size (5 MiB). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final JdbcSource source;
    private final String table;
    private final String query;
    private final List<String> columns;
    private final String where;
    private final List<Object> whereParams;
    private final String key;
    private final String incrementalKey;
    private final String incrementalFrom;
    private final int parallelism;
    private final boolean sharedSnapshot;
    private final ExportFormat format;
    private final Compression compression;
    private final CsvOptions csv;
    private final URI destination;
    private final long maxRowsPerFile;
    private final long maxBytesPerFile;
    private final int fetchSize;
    private final boolean readAhead;
    private final boolean postgresCopy;
    private final Encryption encryption;
    private final boolean countRows;
    private final long parquetRowGroupBytes;
    private final int partSize;
    private final int maxPartsInFlight;
    private final String jobId;

    private ExportRequest(Builder b) {
        this.source = b.source;
        this.table = b.table;
        this.query = b.query;
        this.columns = Collections.unmodifiableList(new ArrayList<>(b.columns));
        this.where = b.where;
        this.whereParams = Collections.unmodifiableList(new ArrayList<>(b.whereParams));
        this.key = b.key;
        this.incrementalKey = b.incrementalKey;
        this.incrementalFrom = b.incrementalFrom;
        this.parallelism = b.parallelism;
        this.sharedSnapshot = b.sharedSnapshot;
        this.format = b.format;
        this.compression = b.compression;
        this.csv = b.csv;
        this.destination = b.destinationUri;
        this.maxRowsPerFile = b.maxRowsPerFile;
        this.maxBytesPerFile = b.maxBytesPerFile;
        this.fetchSize = b.fetchSize;
        this.readAhead = b.readAhead;
        this.postgresCopy = b.postgresCopy;
        this.encryption = b.encryption;
        this.countRows = b.countRows;
        this.parquetRowGroupBytes = b.parquetRowGroupBytes;
        this.partSize = b.partSize;
        this.maxPartsInFlight = b.maxPartsInFlight;
        this.jobId = b.jobId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.source = source;
        b.table = table;
        b.query = query;
        b.columns.addAll(columns);
        b.where = where;
        b.whereParams.addAll(whereParams);
        b.key = key;
        b.incrementalKey = incrementalKey;
        b.incrementalFrom = incrementalFrom;
        b.parallelism = parallelism;
        b.sharedSnapshot = sharedSnapshot;
        b.format = format;
        b.compression = compression;
        b.csv = csv;
        b.destination = destination.toString();
        b.maxRowsPerFile = maxRowsPerFile;
        b.maxBytesPerFile = maxBytesPerFile;
        b.fetchSize = fetchSize;
        b.readAhead = readAhead;
        b.postgresCopy = postgresCopy;
        b.encryption = encryption;
        b.countRows = countRows;
        b.parquetRowGroupBytes = parquetRowGroupBytes;
        b.partSize = partSize;
        b.maxPartsInFlight = maxPartsInFlight;
        b.jobId = jobId;
        return b;
    }

    public JdbcSource source() {
        return source;
    }

    /** The table ({@code TABLE} or {@code SCHEMA.TABLE}), when exporting a table. */
    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    /** The query, when exporting a query. */
    public Optional<String> query() {
        return Optional.ofNullable(query);
    }

    /** Selected columns; empty means all. */
    public List<String> columns() {
        return columns;
    }

    public Optional<String> where() {
        return Optional.ofNullable(where);
    }

    public List<Object> whereParams() {
        return whereParams;
    }

    /** The ordering key: files end between distinct key values, resume continues after the last exported key, partitions are key ranges. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    public Optional<String> incrementalKey() {
        return Optional.ofNullable(incrementalKey);
    }

    /** An explicit lower bound (exclusive) for the incremental key, overriding the stored watermark. */
    public Optional<String> incrementalFrom() {
        return Optional.ofNullable(incrementalFrom);
    }

    public int parallelism() {
        return parallelism;
    }

    /** Whether parallel partitions read one shared snapshot where the database supports it (see {@link Builder#sharedSnapshot}). */
    public boolean sharedSnapshot() {
        return sharedSnapshot;
    }

    public ExportFormat format() {
        return format;
    }

    public Compression compression() {
        return compression;
    }

    public CsvOptions csv() {
        return csv;
    }

    /** {@code s3://bucket/prefix/} or {@code file:///dir/}. */
    public URI destination() {
        return destination;
    }

    public long maxRowsPerFile() {
        return maxRowsPerFile;
    }

    public long maxBytesPerFile() {
        return maxBytesPerFile;
    }

    public int fetchSize() {
        return fetchSize;
    }

    /** Whether rows are read ahead on a second thread per partition (see {@link Builder#readAhead(boolean)}). */
    public boolean readAhead() {
        return readAhead;
    }

    /** Whether CSV from PostgreSQL may be formatted by the server ({@code COPY ... TO STDOUT}); see {@link Builder#postgresCopy}. */
    public boolean postgresCopy() {
        return postgresCopy;
    }

    public Encryption encryption() {
        return encryption;
    }

    public boolean countRows() {
        return countRows;
    }

    public long parquetRowGroupBytes() {
        return parquetRowGroupBytes;
    }

    public int partSize() {
        return partSize;
    }

    public int maxPartsInFlight() {
        return maxPartsInFlight;
    }

    /** The job id to use; generated when absent. */
    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }

    @Override
    public String toString() {
        return "ExportRequest[source=" + source.describe() + ", " + (table != null ? "table=" + table : "query") + ", format="
                + format + ", compression=" + compression + ", destination=" + destination + ", parallelism=" + parallelism
                + (key != null ? ", key=" + key : "") + (incrementalKey != null ? ", incrementalKey=" + incrementalKey : "")
                + ", encryption=" + encryption + "]";
    }

    /** Builder for {@link ExportRequest}. Not thread-safe. */
    public static final class Builder {
        private JdbcSource source;
        private String table;
        private String query;
        private final List<String> columns = new ArrayList<>();
        private String where;
        private final List<Object> whereParams = new ArrayList<>();
        private String key;
        private String incrementalKey;
        private String incrementalFrom;
        private int parallelism = 1;
        private boolean sharedSnapshot = true;
        private ExportFormat format = ExportFormat.CSV;
        private Compression compression = Compression.NONE;
        private CsvOptions csv = CsvOptions.defaults();
        private String destination;
        private URI destinationUri;
        private long maxRowsPerFile = 1_000_000;
        private long maxBytesPerFile = 256L * 1024 * 1024;
        private int fetchSize = 5_000;
        private boolean readAhead = false;
        private boolean postgresCopy = true;
        private Encryption encryption = Encryption.none();
        private boolean countRows = true;
        private long parquetRowGroupBytes = 32L * 1024 * 1024;
        private int partSize = 8 * 1024 * 1024;
        private int maxPartsInFlight = 2;
        private String jobId;

        private Builder() {
        }

        public Builder source(JdbcSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Exports a table: {@code TABLE} or {@code SCHEMA.TABLE}. */
        public Builder table(String table) {
            this.table = table;
            return this;
        }

        /** Exports the result of a trusted SQL query (wrapped as a subquery). */
        public Builder query(String sql) {
            this.query = sql;
            return this;
        }

        public Builder columns(String... names) {
            return columns(List.of(names));
        }

        public Builder columns(List<String> names) {
            columns.clear();
            columns.addAll(Objects.requireNonNull(names, "columns"));
            return this;
        }

        /** A trusted SQL filter with {@code ?} parameters bound to {@code params}. */
        public Builder where(String sql, Object... params) {
            this.where = sql;
            whereParams.clear();
            whereParams.addAll(List.of(params));
            return this;
        }

        public Builder key(String column) {
            this.key = column;
            return this;
        }

        /** Incremental mode: only rows whose {@code column} is past the last exported value. */
        public Builder incrementalKey(String column) {
            this.incrementalKey = column;
            return this;
        }

        /** Lower bound (exclusive) for the incremental key in ISO or decimal text, instead of the stored watermark. */
        public Builder incrementalFrom(String value) {
            this.incrementalFrom = value;
            return this;
        }

        /**
         * Parallel partitions read the table as of one moment (default on). On PostgreSQL the planning
         * connection opens a REPEATABLE READ transaction, exports its snapshot ({@code pg_export_snapshot()})
         * and holds it while every partition's transaction imports it ({@code SET TRANSACTION SNAPSHOT}), so
         * rows committed during the export are in no partition, and the row count, the key ranges and the
         * files agree. On Oracle the planning connection reads the current SCN ({@code DBMS_FLASHBACK},
         * else {@code V$DATABASE}, else {@code TIMESTAMP_TO_SCN(SYSTIMESTAMP)}, a few seconds old) and every
         * partition reads as of it: {@code FROM t AS OF SCN n} for a table, {@code DBMS_FLASHBACK} on the
         * session for a query; undo retention must cover the export, and an account that cannot read as of
         * the SCN is told so in the log and falls back. A resumed export takes a new snapshot for its
         * unfinished partitions. On other databases each partition reads its own snapshot (logged); a single
         * partition is always one query.
         */
        public Builder sharedSnapshot(boolean on) {
            this.sharedSnapshot = on;
            return this;
        }

        /** Number of connections exporting key ranges at once (1 to 64). */
        public Builder parallelism(int n) {
            this.parallelism = n;
            return this;
        }

        public Builder format(ExportFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        public Builder csv(CsvOptions options) {
            this.csv = Objects.requireNonNull(options, "csv");
            return this;
        }

        /** {@code s3://bucket/prefix/} or {@code file:///absolute/dir/}. */
        public Builder destination(String uri) {
            this.destination = uri;
            return this;
        }

        /** A file is closed once it holds this many rows (default 1,000,000), after the rows that share its last key. */
        public Builder maxRowsPerFile(long rows) {
            this.maxRowsPerFile = rows;
            return this;
        }

        /**
         * A file is closed once it holds about this many bytes (default 256 MiB; at least 1024), after the rows
         * that share its last key. The size is checked every 64 rows, so a file may pass it by up to 63 rows; for
         * Parquet the size of the pages not yet written is the writer's estimate.
         */
        public Builder maxBytesPerFile(long bytes) {
            this.maxBytesPerFile = bytes;
            return this;
        }

        /** Rows fetched per round trip (Oracle row prefetch, PostgreSQL cursor fetch). */
        public Builder fetchSize(int rows) {
            this.fetchSize = rows;
            return this;
        }

        /**
         * Read rows ahead on a second thread per partition, so that the driver's work (waiting for a fetch,
         * decoding) overlaps the formatting (default off). Memory stays bounded: three batches of at most
         * {@code fetchSize / 4} rows (64 to 4096). Tables with CLOB or BLOB columns are always read on one
         * thread, since a LOB's stream ends with its row. It can help when the database is far away (every
         * fetch waits a round trip) and cores are free; with the database on the same two-core host it cost
         * CPU and gained nothing, so more connections ({@link #parallelism}) are the first thing to try.
         */
        public Builder readAhead(boolean on) {
            this.readAhead = on;
            return this;
        }

        /**
         * CSV from PostgreSQL through the server's own formatter (default on): each partition runs
         * {@code COPY (SELECT ...) TO STDOUT (FORMAT csv)} through pgjdbc's {@code CopyManager} and streams the
         * rows' bytes into the files, with the same partitions, shared snapshot, file splitting, checkpoints and
         * manifest as the JDBC path. Values then have PostgreSQL's text forms ({@code t}/{@code f}, {@code \x}
         * hex for bytea, {@code 2024-01-31 12:00:00+00} for timestamptz in UTC) instead of the JDBC path's
         * ({@code true}/{@code false}, base64, ISO 8601). Where COPY cannot do what the request asks (a non-ASCII
         * delimiter, a key that is not an exported integer column, a filter with bind parameters, a driver that
         * cannot be unwrapped to pgjdbc) the export takes the JDBC path and says why in its log and in
         * {@link ExportResult#notes()}. Off: always the JDBC path (the one Oracle uses).
         */
        public Builder postgresCopy(boolean on) {
            this.postgresCopy = on;
            return this;
        }

        public Builder encryption(Encryption encryption) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            return this;
        }

        /** Whether to count the rows first (one {@code COUNT(*)}) so that progress has a total and an ETA. */
        public Builder countRows(boolean count) {
            this.countRows = count;
            return this;
        }

        /**
         * Parquet row group size (buffered in memory per open file; default 32 MiB). Lowered automatically, not
         * below 1 MiB, when the open files' row groups and S3 part buffers would not fit in half the heap
         * (logged at INFO).
         */
        public Builder parquetRowGroupBytes(long bytes) {
            this.parquetRowGroupBytes = bytes;
            return this;
        }

        /** S3 multipart part size (at least 5 MiB). */
        public Builder partSize(int bytes) {
            this.partSize = bytes;
            return this;
        }

        /** Parts uploaded at once per open file; memory per file is about {@code partSize * (maxPartsInFlight + 1)}. */
        public Builder maxPartsInFlight(int n) {
            this.maxPartsInFlight = n;
            return this;
        }

        public Builder jobId(String id) {
            this.jobId = id;
            return this;
        }

        public ExportRequest build() {
            if (source == null) {
                throw new TraeValidationException("source", "is required: a JDBC URL with credentials, or a DataSource");
            }
            if ((table == null) == (query == null)) {
                throw new TraeValidationException("table", "give exactly one of table or query");
            }
            if (table != null) {
                Identifiers.validateQualified("table", table);
            }
            if (query != null && (query.isBlank() || query.length() > 100_000)) {
                throw new TraeValidationException("query", "must be non-blank SQL of at most 100000 characters");
            }
            if (query != null && query.trim().endsWith(";")) {
                throw new TraeValidationException("query", "must be a single statement without a trailing ';'");
            }
            if (columns.size() > 10_000) {
                throw new TraeValidationException("columns", "at most 10000 columns");
            }
            for (String c : columns) {
                Identifiers.validate("columns", c);
            }
            if (columns.stream().map(c -> c.toUpperCase(Locale.ROOT)).distinct().count() != columns.size()) {
                throw new TraeValidationException("columns", "contain a duplicate");
            }
            if (where != null && (where.isBlank() || where.length() > 20_000 || where.contains(";"))) {
                throw new TraeValidationException("where", "must be a non-blank SQL condition without ';' (at most 20000 characters)");
            }
            if (key != null) {
                Identifiers.validate("key", key);
            }
            if (incrementalKey != null) {
                Identifiers.validate("incrementalKey", incrementalKey);
                if (key != null && !key.equalsIgnoreCase(incrementalKey)) {
                    throw new TraeValidationException("key", "with an incremental key, the key must be the same column (or unset)");
                }
                key = incrementalKey;
            }
            if (incrementalFrom != null && incrementalKey == null) {
                throw new TraeValidationException("incrementalFrom", "needs an incremental key");
            }
            if (parallelism < 1 || parallelism > 64) {
                throw new TraeValidationException("parallelism", "must be between 1 and 64, was " + parallelism);
            }
            if (parallelism > 1 && key == null && table == null) {
                throw new TraeValidationException("parallelism", "a parallel export of a query needs a key column to split on");
            }
            if (compression == Compression.SNAPPY && format != ExportFormat.PARQUET) {
                throw new TraeValidationException("compression", "snappy is for Parquet only; use gzip or zstd");
            }
            destinationUri = Destinations.parse(destination);
            if (maxRowsPerFile < 1) {
                throw new TraeValidationException("maxRowsPerFile", "must be positive");
            }
            if (maxBytesPerFile < 1024) {
                throw new TraeValidationException("maxBytesPerFile", "must be at least 1024");
            }
            if (fetchSize < 1 || fetchSize > 1_000_000) {
                throw new TraeValidationException("fetchSize", "must be between 1 and 1000000");
            }
            if (parquetRowGroupBytes < 64 * 1024 || parquetRowGroupBytes > 1024L * 1024 * 1024) {
                throw new TraeValidationException("parquetRowGroupBytes", "must be between 64 KiB and 1 GiB");
            }
            if (partSize < MIN_PART_SIZE || partSize > 512 * 1024 * 1024) {
                throw new TraeValidationException("partSize", "must be between 5 MiB and 512 MiB");
            }
            if (maxPartsInFlight < 1 || maxPartsInFlight > 16) {
                throw new TraeValidationException("maxPartsInFlight", "must be between 1 and 16");
            }
            if (jobId != null) {
                dev.trae.aws.core.spi.JobIds.validate(jobId);
            }
            return new ExportRequest(this);
        }
    }
}
