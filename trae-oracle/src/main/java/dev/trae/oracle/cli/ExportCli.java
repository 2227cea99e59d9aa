package dev.trae.oracle.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.job.JobStatus;
import dev.trae.aws.core.job.JobStore;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.aws.core.progress.ConsoleProgressBar;
import dev.trae.oracle.Compression;
import dev.trae.oracle.DbLogin;
import dev.trae.oracle.Encryption;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.ExportRequest;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.JdbcSource;
import dev.trae.oracle.OracleExporter;
import dev.trae.aws.core.job.Shard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line: {@code java -jar trae-oracle-cli.jar export --jdbc-url URL --user U --password-env VAR
 * (--table T | --query SQL) --format csv|jsonl|parquet --out s3://bucket/prefix|file:///dir [--s3-endpoint URL]
 * [--parallel N] [--resume] [--incremental-key COL]}. Prints the manifest location and the totals.
 */
@Command(name = "trae-oracle", mixinStandardHelpOptions = true, version = "trae-oracle 0.1.0",
        description = "Export a table or query from Oracle (or any JDBC database) to S3 or a directory.",
        subcommands = {ExportCli.Export.class})
public final class ExportCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI and returns its exit code (0 success, 1 export failed, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with the environment {@code export run --shard auto} reads. */
    public static int run(String[] args, PrintStream out, PrintStream err, java.util.Map<String, String> env) {
        Export.ENV.set(env);
        CommandLine cl = new CommandLine(new ExportCli());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parse) -> {
            err.println("error: " + e.getMessage());
            return e instanceof dev.trae.aws.core.TraeValidationException ? 2 : 1;
        });
        Export.OUT.set(out);
        Export.ERR.set(err);
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return 2;
    }

    /**
     * The options every export command takes: the source, the format and the destination (the same for the steps of a
     * sharded export, whose plan checks that they did not change).
     */
    static final class Common {

        @Option(names = "--jdbc-url", description = "JDBC URL, e.g. jdbc:oracle:thin:@//host:1521/SERVICE")
        String jdbcUrl;
        @Option(names = "--user", description = "database user")
        String user;
        @Option(names = "--password-env", description = "name of the environment variable holding the password")
        String passwordEnv;
        @Option(names = "--table", description = "TABLE or SCHEMA.TABLE")
        String table;
        @Option(names = "--query", description = "a trusted SQL query (instead of --table)")
        String query;
        @Option(names = "--columns", split = ",", description = "columns to export (default: all)")
        List<String> columns;
        @Option(names = "--where", description = "a trusted SQL filter")
        String where;
        @Option(names = "--key", description = "ordering/partitioning key column (default: the primary key)")
        String key;
        @Option(names = "--format", defaultValue = "csv", description = "csv, jsonl or parquet (default: ${DEFAULT-VALUE})")
        String format;
        @Option(names = "--compression", defaultValue = "none", description = "none, gzip, zstd (snappy for parquet)")
        String compression;
        @Option(names = "--out", description = "s3://bucket/prefix/ or file:///dir/")
        String out;
        @Option(names = "--s3-endpoint", description = "S3-compatible endpoint (path-style; http allowed)")
        URI s3Endpoint;
        @Option(names = "--region", defaultValue = "us-east-1")
        String region;
        @Option(names = "--parallel", defaultValue = "1", description = "connections exporting key ranges at once")
        int parallel;
        @Option(names = "--resume", description = "continue the export that these same arguments started")
        boolean resume;
        @Option(names = "--job-id", description = "job id (default: derived from the arguments, so --resume finds it)")
        String jobId;
        @Option(names = "--job-dir", defaultValue = ".trae/jobs", description = "where checkpoints are kept (default: ${DEFAULT-VALUE})")
        Path jobDir;
        @Option(names = "--incremental-key", description = "export only rows past the last exported value of this column")
        String incrementalKey;
        @Option(names = "--max-rows-per-file", defaultValue = "1000000")
        long maxRowsPerFile;
        @Option(names = "--fetch-size", defaultValue = "5000")
        int fetchSize;
        @Option(names = "--read-ahead", negatable = true, defaultValue = "false",
                description = "read rows ahead on a second thread per partition (--no-read-ahead, the default, reads on the writing thread)")
        boolean readAhead;

        // picocli: an option that is true by default is declared by its negative name (declared as --pg-copy, the
        // negative form --no-pg-copy set it to true, the default, and the COPY path could not be turned off)
        @Option(names = "--no-pg-copy", negatable = true, defaultValue = "true",
                description = "--no-pg-copy reads CSV from PostgreSQL through JDBC instead of the server's COPY ... TO STDOUT (--pg-copy, the default)")
        boolean pgCopy;

        @Option(names = "--sse-kms", description = "KMS key for SSE-KMS")
        String sseKms;
        @Option(names = "--no-progress", description = "no progress bar")
        boolean noProgress;
        @Option(names = "--report-heap", hidden = true, description = "print the peak heap use (benchmarks)")
        boolean reportHeap;


        /** The request these options describe, without a job id. */
        ExportRequest.Builder request() {
            if (jdbcUrl == null) {
                throw new dev.trae.aws.core.TraeValidationException("jdbc-url", "is required");
            }
            if (out == null) {
                throw new dev.trae.aws.core.TraeValidationException("out", "is required: s3://bucket/prefix/ or file:///dir/");
            }
            JdbcSource source;
            if (user != null) {
                String pw = "";
                if (passwordEnv != null) {
                    pw = Export.ENV.get() == null ? System.getenv(passwordEnv) : Export.ENV.get().get(passwordEnv);
                    if (pw == null) {
                        throw new dev.trae.aws.core.TraeValidationException("password-env", "environment variable " + passwordEnv + " is not set");
                    }
                }
                String password = pw;
                source = JdbcSource.url(jdbcUrl, () -> DbLogin.of(user, password));
            } else {
                source = JdbcSource.url(jdbcUrl);
            }
            ExportRequest.Builder b = ExportRequest.builder().source(source).format(ExportFormat.parse(format))
                    .compression(Compression.parse(compression)).destination(out).parallelism(parallel)
                    .maxRowsPerFile(maxRowsPerFile).fetchSize(fetchSize).readAhead(readAhead).postgresCopy(pgCopy)
                    // the row count only feeds the progress bar's total and ETA: without the bar it is a scan for nothing
                    .countRows(!noProgress);
            if (table != null) {
                b.table(table);
            }
            if (query != null) {
                b.query(query);
            }
            if (columns != null) {
                b.columns(columns);
            }
            if (where != null) {
                b.where(where);
            }
            if (key != null) {
                b.key(key);
            }
            if (incrementalKey != null) {
                b.incrementalKey(incrementalKey);
            }
            if (sseKms != null) {
                b.encryption(Encryption.sseKms(sseKms));
            }
            return b;
        }

        TraeConfig config(JobStore store) {
            TraeConfig.Builder cb = TraeConfig.builder().region(region).jobStore(store);
            if (s3Endpoint != null) {
                cb.endpoint("s3", s3Endpoint);
                if ("http".equalsIgnoreCase(s3Endpoint.getScheme())) {
                    cb.mode(TraeConfig.Mode.LOCAL);
                }
            }
            return cb.build();
        }

        OracleExporter exporter(TraeConfig config) {
            return OracleExporter.builder().config(config).s3PathStyle(s3Endpoint != null).s3ChecksumsWhenRequired(s3Endpoint != null).build();
        }

        /** Prints the totals (and the heap and CPU figures the benchmark reads). */
        void print(ExportResult r, PrintStream o, PrintStream e, HeapWatch heap) {
            o.println("manifest: " + r.manifestUri());
            o.printf(Locale.ROOT, "rows: %d%nfiles: %d%nbytes: %d%nseconds: %.1f%nrows/s: %.0f%njob: %s%n", r.rows(), r.files(),
                    r.bytes(), r.elapsed().toMillis() / 1000.0, r.rowsPerSecond(), r.jobId());
            o.println("path: " + r.path());
            for (String note : r.notes()) {
                e.println("note: " + note);
            }
            if (heap != null) {
                heap.close();
                o.println("peak-heap-bytes: " + heap.peakUsed());
                o.println("peak-live-heap-bytes: " + heap.peakLive());
                o.println("max-heap-bytes: " + Runtime.getRuntime().maxMemory());
                o.println("process-cpu-nanos: " + HeapWatch.processCpuNanos());
            }
        }

        String derivedId() {
            try {
                String s = jdbcUrl + "|" + table + "|" + query + "|" + columns + "|" + where + "|" + format + "|" + compression + "|" + out
                        + "|" + incrementalKey;
                byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
                return "export-" + HexFormat.of().formatHex(d, 0, 6);
            } catch (java.security.NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** The export subcommand: a whole export in this process, or with a step subcommand one step of a sharded export. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export rows to CSV, JSON Lines or Parquet files.",
            subcommands = {ExportCli.Plan.class, ExportCli.Run.class, ExportCli.Finish.class})
    static final class Export implements Callable<Integer> {
        static final InheritableThreadLocal<PrintStream> OUT = new InheritableThreadLocal<>();
        static final InheritableThreadLocal<PrintStream> ERR = new InheritableThreadLocal<>();
        static final InheritableThreadLocal<java.util.Map<String, String>> ENV = new InheritableThreadLocal<>();

        @CommandLine.Mixin
        Common c = new Common();

        @Override
        public Integer call() {
            PrintStream o = OUT.get() == null ? System.out : OUT.get();
            PrintStream e = ERR.get() == null ? System.err : ERR.get();
            HeapWatch heap = c.reportHeap ? new HeapWatch() : null;
            ExportRequest.Builder b = c.request();
            JobStore store = JobStore.directory(c.jobDir);
            String id = c.jobId != null ? c.jobId : c.derivedId();
            if (c.jobId == null && c.incrementalKey != null) {
                // every incremental run is a new job; --resume picks the latest unfinished one
                String base = id;
                String unfinished = store.list().stream().filter(r -> r.id().startsWith(base + "-") && r.status() != JobStatus.SUCCEEDED)
                        .max(java.util.Comparator.comparing(r -> r.updated())).map(r -> r.id()).orElse(null);
                id = c.resume && unfinished != null ? unfinished : base + "-" + System.currentTimeMillis();
            }
            b.jobId(id);
            ExportRequest request = b.build();
            TraeConfig config = c.config(store);
            try (OracleExporter exporter = c.exporter(config)) {
                TraeJob<ExportResult> job;
                var existing = config.jobStore().find(id);
                if (existing.isPresent() && existing.get().status() == JobStatus.SUCCEEDED && !c.resume) {
                    throw new dev.trae.aws.core.TraeValidationException("job-id", "job " + id
                            + " already succeeded; pass another --job-id to export again");
                }
                if (c.resume && existing.isPresent()) {
                    if (existing.get().status() == JobStatus.SUCCEEDED) {
                        o.println("job " + id + " already succeeded");
                        return 0;
                    }
                    e.println("resuming " + id);
                    job = exporter.resume(id, request);
                } else {
                    if (existing.isPresent()) {
                        config.jobStore().delete(id);
                    }
                    job = exporter.start(request);
                }
                ExportResult r;
                if (c.noProgress) {
                    r = job.await(Duration.ofDays(30));
                } else {
                    try (ConsoleProgressBar bar = ConsoleProgressBar.create("export", e)) {
                        job.onProgress(bar);
                        r = job.await(Duration.ofDays(30));
                    }
                }
                c.print(r, o, e, heap);
                return 0;
            } catch (TraeException ex) {
                e.println("error: " + ex.getMessage());
                e.println("job " + id + ": rerun the same command with --resume to continue after the last completed file");
                return ex instanceof dev.trae.aws.core.TraeValidationException ? 2 : 1;
            }
        }
    }

    /** Runs one step of a sharded export with its own job store and prints its result. */
    private abstract static class Step implements Callable<Integer> {
        @CommandLine.Mixin
        Common c = new Common();

        abstract ExportResult step(OracleExporter exporter, ExportRequest request);

        @Override
        public Integer call() {
            PrintStream o = Export.OUT.get() == null ? System.out : Export.OUT.get();
            PrintStream e = Export.ERR.get() == null ? System.err : Export.ERR.get();
            HeapWatch heap = c.reportHeap ? new HeapWatch() : null;
            ExportRequest.Builder b = c.request().countRows(false);
            // the plan's job id names the export in its files' encryption context and its manifest
            b.jobId(c.jobId != null ? c.jobId : c.derivedId());
            ExportRequest request = b.build();
            // a step's own bookkeeping is in memory: what a retried step needs is at the destination
            TraeConfig config = c.config(JobStore.inMemory());
            try (OracleExporter exporter = c.exporter(config)) {
                c.print(step(exporter, request), o, e, heap);
                return 0;
            } catch (TraeException ex) {
                e.println("error: " + ex.getMessage());
                return ex instanceof dev.trae.aws.core.TraeValidationException ? 2 : 1;
            }
        }
    }

    /** {@code export plan}: writes the partition plan (and the Oracle SCN) to the destination. */
    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Step 1 of a sharded export: write --parallel N partitions and the snapshot to OUT/_plan.json.")
    static final class Plan extends Step {
        @Override
        ExportResult step(OracleExporter exporter, ExportRequest request) {
            return exporter.plan(request);
        }
    }

    /** {@code export run --shard auto}: exports this shard's partitions of the plan. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Step 2: export this shard's partitions (--shard auto reads AWS Batch's or Kubernetes' index).")
    static final class Run extends Step {
        @Option(names = "--shard", defaultValue = "auto",
                description = "auto (AWS_BATCH_JOB_ARRAY_INDEX and _SIZE, or JOB_COMPLETION_INDEX with --shards) or INDEX/COUNT")
        String shard;
        @Option(names = "--shards", description = "number of shards (required with JOB_COMPLETION_INDEX: Kubernetes does not pass it)")
        Integer shards;

        @Override
        ExportResult step(OracleExporter exporter, ExportRequest request) {
            java.util.Map<String, String> env = Export.ENV.get() == null ? System.getenv() : Export.ENV.get();
            Shard s = shard.equals("auto") ? Shard.fromEnvironment(env, shards) : Shard.parse(shard);
            return exporter.runShard(request, s);
        }
    }

    /** {@code export finish}: checks every partition is there exactly once and writes the manifest. */
    @Command(name = "finish", mixinStandardHelpOptions = true,
            description = "Step 3: check that every planned partition was exported exactly once and write OUT/_manifest.json.")
    static final class Finish extends Step {
        @Override
        ExportResult step(OracleExporter exporter, ExportRequest request) {
            return exporter.finish(request);
        }
    }
}
