package dev.trae.oracle;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.job.JobRunner;
import dev.trae.aws.core.job.JobWork;
import dev.trae.aws.core.job.Shard;
import dev.trae.aws.core.job.TraeJob;
import dev.trae.oracle.internal.ExportEngine;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Exports a table or query from Oracle (or any JDBC database) to S3 or a local directory as CSV, JSON
 * Lines or Parquet: streamed in bounded memory, split into files, in parallel key ranges, with a checkpoint
 * after every file so that a failed or cancelled export resumes by job id without lost or duplicated rows.
 * Thread-safe; share one per application.
 *
 * <pre>{@code
 * try (OracleExporter exporter = OracleExporter.create(config)) {
 *     TraeJob<ExportResult> job = exporter.start(r -> r
 *             .source(JdbcSource.url("jdbc:oracle:thin:@//db:1521/FREEPDB1", () -> DbLogin.of("app", password())))
 *             .table("SALES.ORDERS").key("ID").parallelism(4)
 *             .format(ExportFormat.PARQUET).compression(Compression.ZSTD)
 *             .encryption(Encryption.sseKms("alias/lake"))
 *             .destination("s3://lake/raw/orders/"));
 *     job.onProgress(System.out::println);
 *     ExportResult result = job.await(Duration.ofHours(2));
 *     System.out.println(result.manifestUri());
 * }
 * }</pre>
 *
 * <p>After a crash, {@link #resume(String, ExportRequest)} with the same request continues after the last
 * completed file (jobs are kept in the config's {@link dev.trae.aws.core.job.JobStore}; use a directory
 * store to survive a restart of the process).
 */
public final class OracleExporter implements AutoCloseable {
    /** Job kind recorded in the job store. */
    public static final String JOB_KIND = "oracle-export";

    private final TraeConfig config;
    private final boolean pathStyle;
    private final boolean checksumsWhenRequired;
    private final JobRunner runner;
    private final ExecutorService uploads;
    private volatile ServiceClient<S3Client> s3;

    private OracleExporter(Builder b) {
        this.config = b.config;
        boolean local = config.mode() == TraeConfig.Mode.LOCAL;
        this.pathStyle = b.pathStyle != null ? b.pathStyle : local;
        this.checksumsWhenRequired = b.checksumsWhenRequired != null ? b.checksumsWhenRequired : local;
        this.runner = JobRunner.create(config.jobStore());
        AtomicInteger n = new AtomicInteger();
        this.uploads = Executors.newFixedThreadPool(b.uploadThreads, r -> {
            Thread t = new Thread(r, "trae-oracle-upload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** An exporter with default options (path-style S3 and WHEN_REQUIRED checksums in LOCAL mode). */
    public static OracleExporter create(TraeConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public TraeConfig config() {
        return config;
    }

    /** Starts an export in the background. Input is validated before anything is started. */
    public TraeJob<ExportResult> start(ExportRequest request) {
        Objects.requireNonNull(request, "request");
        precheck(request);
        JobWork<ExportResult> work = ctx -> run(request, ctx);
        return request.jobId().isPresent() ? runner.submit(request.jobId().get(), JOB_KIND, work) : runner.submit(JOB_KIND, work);
    }

    /** Builds the request with {@code r} and starts it. */
    public TraeJob<ExportResult> start(Consumer<ExportRequest.Builder> r) {
        ExportRequest.Builder b = ExportRequest.builder();
        r.accept(b);
        return start(b.build());
    }

    /** Runs an export and waits for it. */
    public ExportResult export(ExportRequest request) {
        return start(request).await(Duration.ofDays(365));
    }

    public ExportResult export(Consumer<ExportRequest.Builder> r) {
        return start(r).await(Duration.ofDays(365));
    }

    /**
     * Continues a failed or cancelled export after its last completed file. The request must be the one the job
     * started with (checked against a fingerprint kept in the checkpoint).
     */
    public TraeJob<ExportResult> resume(String jobId, ExportRequest request) {
        Objects.requireNonNull(request, "request");
        precheck(request);
        return runner.resume(jobId, ctx -> run(request, ctx));
    }

    /**
     * Step 1 of an export sharded over several machines (AWS Batch array jobs, Kubernetes Indexed Jobs): plans
     * {@code request.parallelism()} partitions and writes them, with the Oracle SCN every shard reads as of, to
     * {@code _plan.json} at the destination. Run it once, then {@link #runShard} on every shard, then {@link #finish}.
     */
    public ExportResult plan(ExportRequest request) {
        precheck(request);
        return runner.submit(JOB_KIND, ctx -> engine(request, ctx).plan()).await(Duration.ofDays(1));
    }

    /**
     * Step 2: exports the planned partitions that belong to {@code shard} (partition index modulo the shard count),
     * with {@code request.parallelism()} connections; the request must be the one that was planned (checked against
     * the plan's fingerprint; the parallelism may differ). A retried shard skips the partitions an earlier attempt
     * finished and redoes the others from their start, so no row is lost or written twice.
     */
    public TraeJob<ExportResult> startShard(ExportRequest request, Shard shard) {
        Objects.requireNonNull(shard, "shard");
        precheck(request);
        return runner.submit(JOB_KIND, ctx -> engine(request, ctx).runShard(shard.index(), shard.count()));
    }

    /** {@link #startShard} and wait for it. */
    public ExportResult runShard(ExportRequest request, Shard shard) {
        return startShard(request, shard).await(Duration.ofDays(365));
    }

    /**
     * Step 3: checks that every planned partition was exported exactly once (one record per partition, every file
     * it lists present with its size), removes files that no record lists, and writes the one {@code _manifest.json}.
     * Fails, writing nothing, while a partition is missing.
     */
    public ExportResult finish(ExportRequest request) {
        precheck(request);
        return runner.submit(JOB_KIND, ctx -> engine(request, ctx).finish()).await(Duration.ofDays(1));
    }

    private ExportEngine engine(ExportRequest request, dev.trae.aws.core.job.JobContext ctx) throws java.io.IOException {
        return new ExportEngine(request, ExportEngine.sinkFor(request, () -> new ExportEngine.S3Context(this::s3, uploads)),
                config.kmsKeyProvider().orElse(null), ctx);
    }

    private void precheck(ExportRequest request) {
        dev.trae.oracle.internal.ClassPath.requireOptionals(request);
        if (request.encryption().kind() == Encryption.Kind.CLIENT_SIDE && config.kmsKeyProvider().isEmpty()) {
            throw new TraeValidationException("encryption",
                    "client-side encryption needs a KmsKeyProvider in the TraeConfig (trae-security's KMS or local keyring)");
        }
    }

    private ExportResult run(ExportRequest request, dev.trae.aws.core.job.JobContext ctx) throws Exception {
        ctx.tracker().addListener(e -> { });
        ExportEngine engine = engine(request, ctx);
        try {
            ExportResult r = engine.run();
            audit(ctx.jobId(), request, "success", r.rows() + " rows");
            return r;
        } catch (Exception e) {
            audit(ctx.jobId(), request, "failure", e.getClass().getSimpleName());
            throw e;
        }
    }

    private void audit(String jobId, ExportRequest request, String result, String detail) {
        try {
            config.auditSink().record(AuditEvent.of("trae-oracle", "Export", request.destination().toString())
                    .result(result).detail("jobId", jobId).detail("source", request.source().describe())
                    .detail("format", request.format().name()).detail("summary", detail).build());
        } catch (RuntimeException ignored) {
            // audit sinks must not break the caller's path
        }
    }

    /** The guarded S3 client ({@link Services#S3}: resilience, error translation, observation), built on first use. */
    private ServiceClient<S3Client> s3() {
        ServiceClient<S3Client> c = s3;
        if (c == null) {
            synchronized (this) {
                c = s3;
                if (c == null) {
                    // over plain HTTP (a local S3-compatible store) the SDK would sign the payload as aws-chunked
                    // frames, which S3-compatible servers decode slowly or not at all: send one signed body instead
                    boolean plainHttp = config.endpoint("s3").map(u -> "http".equalsIgnoreCase(u.getScheme())).orElse(false);
                    c = AwsClients.of(config).service(Services.S3, S3Client::builder, b -> {
                        b.forcePathStyle(pathStyle);
                        if (plainHttp) {
                            b.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
                        }
                        if (checksumsWhenRequired) {
                            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
                            b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
                        }
                    });
                    s3 = c;
                }
            }
        }
        return c;
    }

    /** Stops running exports (their uploads are aborted) and releases the S3 client. */
    @Override
    public void close() {
        runner.close();
        uploads.shutdownNow();
        ServiceClient<S3Client> c = s3;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "OracleExporter[" + config.mode() + ", pathStyle=" + pathStyle + "]";
    }

    /** Builder for {@link OracleExporter}. */
    public static final class Builder {
        private TraeConfig config;
        private Boolean pathStyle;
        private Boolean checksumsWhenRequired;
        private int uploadThreads = 8;

        private Builder() {
        }

        public Builder config(TraeConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Path-style S3 addressing (default: on in LOCAL mode, off against AWS). */
        public Builder s3PathStyle(boolean on) {
            this.pathStyle = on;
            return this;
        }

        /**
         * Compute request checksums and validate response checksums only when S3 requires them (needed by
         * S3-compatible stores such as S3Proxy; default: on in LOCAL mode).
         */
        public Builder s3ChecksumsWhenRequired(boolean on) {
            this.checksumsWhenRequired = on;
            return this;
        }

        /** Threads uploading parts, shared by all running exports (1 to 256, default 8). */
        public Builder uploadThreads(int n) {
            if (n < 1 || n > 256) {
                throw new TraeValidationException("uploadThreads", "must be between 1 and 256");
            }
            this.uploadThreads = n;
            return this;
        }

        public OracleExporter build() {
            if (config == null) {
                throw new TraeValidationException("config", "is required");
            }
            return new OracleExporter(this);
        }
    }
}
