package dev.trae.oracle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.trae.oracle.model.Manifest;

/** What an export produced: where its manifest is, totals and timing. Immutable. */
public final class ExportResult {
    private final String jobId;
    private final String manifestUri;
    private final Manifest manifest;
    private final Duration elapsed;
    private final boolean resumed;
    private final String path;
    private final List<String> notes;

    public ExportResult(String jobId, String manifestUri, Manifest manifest, Duration elapsed, boolean resumed) {
        this(jobId, manifestUri, manifest, elapsed, resumed, PATH_JDBC, List.of());
    }

    /**
     * A result that also says how rows were read: {@link #PATH_POSTGRES_COPY} or {@link #PATH_JDBC}, and notes such
     * as why the PostgreSQL COPY path was not taken.
     */
    public ExportResult(String jobId, String manifestUri, Manifest manifest, Duration elapsed, boolean resumed, String path,
                        List<String> notes) {
        this.path = Objects.requireNonNull(path, "path");
        this.notes = List.copyOf(notes);
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.manifestUri = Objects.requireNonNull(manifestUri, "manifestUri");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.resumed = resumed;
    }

    /** Rows read through PostgreSQL's {@code COPY ... TO STDOUT}, formatted by the server. */
    public static final String PATH_POSTGRES_COPY = "postgresql-copy";
    /** Rows read through JDBC result sets and formatted by this library (every database). */
    public static final String PATH_JDBC = "jdbc";

    /** How rows were read: {@link #PATH_POSTGRES_COPY} or {@link #PATH_JDBC}. */
    public String path() {
        return path;
    }

    /** What the export wants its caller to know, such as why it did not take the PostgreSQL COPY path; never null. */
    public List<String> notes() {
        return notes;
    }

    public String jobId() {
        return jobId;
    }

    /** {@code s3://bucket/prefix/_manifest.json} or a {@code file:} URI. */
    public String manifestUri() {
        return manifestUri;
    }

    public Manifest manifest() {
        return manifest;
    }

    public long rows() {
        return manifest.totalRows();
    }

    public long bytes() {
        return manifest.totalBytes();
    }

    public int files() {
        return manifest.files().size();
    }

    /** Time of this run (not counting earlier runs of a resumed job). */
    public Duration elapsed() {
        return elapsed;
    }

    public boolean resumed() {
        return resumed;
    }

    /** Rows per second of this run. */
    public double rowsPerSecond() {
        double s = Math.max(1e-3, elapsed.toNanos() / 1e9);
        return rows() / s;
    }

    @Override
    public String toString() {
        return "ExportResult[" + jobId + ": " + rows() + " rows, " + files() + " files, " + bytes() + " bytes in "
                + elapsed.toMillis() + " ms, " + path + ", manifest " + manifestUri + "]";
    }
}
