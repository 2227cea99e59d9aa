package dev.trae.oracle.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.trae.aws.core.TraeClientException;

/**
 * The {@code _manifest.json} written next to the exported files: the files with row counts, sizes and
 * SHA-256 checksums, the schema, the source query, format, compression, encryption and, in incremental
 * mode, the key range exported. Immutable; read one back with {@link #parse(byte[])}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "jobId", "createdAt", "database", "sourceQuery", "key", "format", "compression",
        "encryption", "incremental", "schema", "files", "totalRows", "totalBytes"})
public final class Manifest {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final int version;
    private final String jobId;
    private final Instant createdAt;
    private final String database;
    private final String sourceQuery;
    private final String key;
    private final String format;
    private final String compression;
    private final Map<String, String> encryption;
    private final Map<String, String> incremental;
    private final List<ManifestColumn> schema;
    private final List<ManifestFile> files;

    @JsonCreator
    public Manifest(@JsonProperty("version") int version, @JsonProperty("jobId") String jobId,
                    @JsonProperty("createdAt") String createdAt, @JsonProperty("database") String database,
                    @JsonProperty("sourceQuery") String sourceQuery, @JsonProperty("key") String key,
                    @JsonProperty("format") String format, @JsonProperty("compression") String compression,
                    @JsonProperty("encryption") Map<String, String> encryption,
                    @JsonProperty("incremental") Map<String, String> incremental,
                    @JsonProperty("schema") List<ManifestColumn> schema, @JsonProperty("files") List<ManifestFile> files) {
        this.version = version;
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.createdAt = createdAt == null ? Instant.now() : Instant.parse(createdAt);
        this.database = database == null ? "" : database;
        this.sourceQuery = sourceQuery == null ? "" : sourceQuery;
        this.key = key;
        this.format = Objects.requireNonNull(format, "format");
        this.compression = compression == null ? "none" : compression;
        this.encryption = Collections.unmodifiableMap(new LinkedHashMap<>(encryption == null ? Map.of() : encryption));
        this.incremental = incremental == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(incremental));
        this.schema = List.copyOf(schema == null ? List.of() : schema);
        this.files = List.copyOf(files == null ? List.of() : files);
    }

    @JsonProperty("version")
    public int version() {
        return version;
    }

    @JsonProperty("jobId")
    public String jobId() {
        return jobId;
    }

    @JsonIgnore
    public Instant createdAt() {
        return createdAt;
    }

    @JsonProperty("createdAt")
    String createdAtText() {
        return createdAt.toString();
    }

    /** Database product and version, as reported by the driver. */
    @JsonProperty("database")
    public String database() {
        return database;
    }

    /** The SQL each partition ran, with {@code ?} for bound values (partition and resume bounds). */
    @JsonProperty("sourceQuery")
    public String sourceQuery() {
        return sourceQuery;
    }

    /** The ordering key column, if any. */
    @JsonProperty("key")
    public String key() {
        return key;
    }

    @JsonProperty("format")
    public String format() {
        return format;
    }

    @JsonProperty("compression")
    public String compression() {
        return compression;
    }

    /** {@code type} (none, sse-kms, client-side), {@code keyId}, and for client-side the encryption context keys. */
    @JsonProperty("encryption")
    public Map<String, String> encryption() {
        return encryption;
    }

    /** In incremental mode: {@code column}, {@code from} (exclusive, empty for the first run) and {@code to} (inclusive). */
    @JsonProperty("incremental")
    public Map<String, String> incremental() {
        return incremental;
    }

    @JsonProperty("schema")
    public List<ManifestColumn> schema() {
        return schema;
    }

    @JsonProperty("files")
    public List<ManifestFile> files() {
        return files;
    }

    @JsonProperty("totalRows")
    public long totalRows() {
        return files.stream().mapToLong(ManifestFile::rows).sum();
    }

    @JsonProperty("totalBytes")
    public long totalBytes() {
        return files.stream().mapToLong(ManifestFile::bytes).sum();
    }

    /** The manifest as indented JSON (UTF-8). */
    @JsonIgnore
    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a manifest written by {@link #toJson()}. */
    public static Manifest parse(byte[] json) {
        try {
            return MAPPER.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new TraeClientException("manifest is not valid: " + e.getMessage(), e);
        }
    }

    /** A copy with different files. */
    public Manifest withFiles(List<ManifestFile> newFiles) {
        return new Manifest(version, jobId, createdAt.toString(), database, sourceQuery, key, format, compression, encryption,
                incremental, schema, new ArrayList<>(newFiles));
    }

    @Override
    public String toString() {
        return "Manifest[" + jobId + ", " + format + ", " + files.size() + " files, " + totalRows() + " rows]";
    }
}
