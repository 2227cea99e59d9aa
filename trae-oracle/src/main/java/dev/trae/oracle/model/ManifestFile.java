package dev.trae.oracle.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One exported file in a {@link Manifest}: its name relative to the export prefix, partition, row count, size and SHA-256. Immutable. */
public final class ManifestFile {
    private final String path;
    private final String uri;
    private final int partition;
    private final long rows;
    private final long bytes;
    private final String sha256;

    @JsonCreator
    public ManifestFile(@JsonProperty("path") String path, @JsonProperty("uri") String uri,
                        @JsonProperty("partition") int partition, @JsonProperty("rows") long rows,
                        @JsonProperty("bytes") long bytes, @JsonProperty("sha256") String sha256) {
        this.path = Objects.requireNonNull(path, "path");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.partition = partition;
        this.rows = rows;
        this.bytes = bytes;
        this.sha256 = Objects.requireNonNull(sha256, "sha256");
    }

    /** Name relative to the export prefix, such as {@code part-00000-00003.csv.gz}. */
    @JsonProperty("path")
    public String path() {
        return path;
    }

    /** Full location: {@code s3://bucket/prefix/part-...} or {@code file:///dir/part-...}. */
    @JsonProperty("uri")
    public String uri() {
        return uri;
    }

    @JsonProperty("partition")
    public int partition() {
        return partition;
    }

    @JsonProperty("rows")
    public long rows() {
        return rows;
    }

    /** Size of the stored object (after compression and encryption). */
    @JsonProperty("bytes")
    public long bytes() {
        return bytes;
    }

    /** Lowercase hex SHA-256 of the stored object bytes. */
    @JsonProperty("sha256")
    public String sha256() {
        return sha256;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ManifestFile)) {
            return false;
        }
        ManifestFile f = (ManifestFile) o;
        return f.path.equals(path) && f.uri.equals(uri) && f.partition == partition && f.rows == rows && f.bytes == bytes
                && f.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, rows, sha256);
    }

    @Override
    public String toString() {
        return path + " (" + rows + " rows, " + bytes + " bytes)";
    }
}
