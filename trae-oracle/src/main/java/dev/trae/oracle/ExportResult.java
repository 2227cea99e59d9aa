package dev.trae.oracle;

import java.time.Duration;
import java.util.Objects;

import dev.trae.oracle.model.Manifest;

/** What an export produced: where its manifest is, totals and timing. Immutable. */
public final class ExportResult {
    private final String jobId;
    private final String manifestUri;
    private final Manifest manifest;
    private final Duration elapsed;
    private final boolean resumed;

    public ExportResult(String jobId, String manifestUri, Manifest manifest, Duration elapsed, boolean resumed) {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.manifestUri = Objects.requireNonNull(manifestUri, "manifestUri");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.resumed = resumed;
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
                + elapsed.toMillis() + " ms, manifest " + manifestUri + "]";
    }
}
