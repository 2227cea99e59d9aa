package dev.trae.oracle.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.oracle.ExportRequest;
import dev.trae.oracle.internal.ExportPlanner.Plan;
import dev.trae.oracle.model.Manifest;
import dev.trae.oracle.model.ManifestColumn;
import dev.trae.oracle.model.ManifestFile;

/** Builds an export's {@code _manifest.json}: files with row counts, sizes and SHA-256, schema, encryption, incremental range. */
final class ManifestWriter {
    private ManifestWriter() {
    }

    /** The manifest of what the run's state lists (the first partition's SQL as its source query). */
    static Manifest manifest(ExportRun run) {
        String sourceQuery = PartitionSql.partition(run, run.state.partitions.get(0), false, new ArrayList<>());
        return manifest(run.req, run.state, run.plan, run.sink, run.kms, run.exportId(), sourceQuery);
    }

    /** Writes the run's manifest under {@link ExportRun#manifestName()} and returns it. */
    static Manifest write(ExportRun run) throws IOException {
        Manifest manifest = manifest(run);
        run.sink.putSmall(run.manifestName(), manifest.toJson(), "application/json");
        return manifest;
    }

    /**
     * An incremental export's {@code _incremental.json}: the key column and the largest key exported so far, which the
     * next run starts after, and the job and manifest that wrote it.
     */
    static void writeIncremental(ExportRun run, Manifest manifest) throws IOException {
        Map<String, String> inc = new LinkedHashMap<>();
        inc.put("column", run.plan.keyColumn.name);
        inc.put("value", manifest.incremental().get("to"));
        inc.put("jobId", run.ctx.jobId());
        inc.put("manifest", run.manifestName());
        run.sink.putSmall("_incremental.json", ExportRun.json().writeValueAsBytes(inc), "application/json");
    }

    /** The manifest of what {@code state} lists; {@code sourceQuery} is the first partition's SQL. */
    static Manifest manifest(ExportRequest req, ExportState state, Plan plan, Sink sink, KmsKeyProvider kms, String exportId,
                             String sourceQuery) {
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
        return new Manifest(1, exportId, Instant.now().toString(), plan.database, sourceQuery,
                plan.keyColumn == null ? null : plan.keyColumn.name, req.format().name().toLowerCase(Locale.ROOT),
                req.compression().name().toLowerCase(Locale.ROOT), enc, inc, schema, files);
    }
}
