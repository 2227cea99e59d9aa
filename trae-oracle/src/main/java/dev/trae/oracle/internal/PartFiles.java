package dev.trae.oracle.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import dev.trae.aws.core.KmsKeyProvider;
import dev.trae.oracle.Compression;
import dev.trae.oracle.Encryption;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.ExportRequest;

/**
 * Opens the part files of an export: the sink object, then client-side encryption, compression and the format
 * writer on top of it, in that order. Stateless.
 */
final class PartFiles {
    private PartFiles() {
    }

    /**
     * The next file of partition {@code p} ({@code <prefix>PPPPP-SSSSS.<ext>}, its sequence the partition's count of
     * completed files) with the run's format, compression, encryption and row group size.
     */
    static OpenFile open(ExportRun run, ExportState.Partition p) throws IOException {
        int seq;
        synchronized (run.lock) {
            seq = p.files.size();
        }
        ExportRequest req = run.req;
        String ext = req.format().extension();
        if (req.format() != ExportFormat.PARQUET) {
            ext += req.compression().suffix();
        }
        return open(req, run.sink, run.kms, run.plan.columns, run.exportId(), run.rowGroupBytes,
                String.format(Locale.ROOT, "%s%05d-%05d.%s", run.namePrefix(), p.index, seq, ext));
    }

    /**
     * A new file {@code name} with the request's format, compression and encryption; {@code exportId} goes into the
     * encryption context. If anything fails the sink object is aborted.
     */
    static OpenFile open(ExportRequest req, Sink sink, KmsKeyProvider kms, List<ColumnInfo> columns, String exportId,
                         long rowGroupBytes, String name) throws IOException {
        OpenFile f = new OpenFile();
        f.name = name;
        f.object = sink.create(f.name);
        try {
            OutputStream out = f.object;
            if (req.encryption().kind() == Encryption.Kind.CLIENT_SIDE) {
                out = kms.encryptingStream(out, encryptionContext(sink, exportId, f.name));
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
                    f.writer = new CsvRowWriter(out, columns, req.csv());
                    break;
                case JSONL:
                    f.writer = new JsonLinesRowWriter(out, columns);
                    break;
                default:
                    f.writer = Parquet.writer(out, columns, req.compression(), rowGroupBytes);
                    break;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            f.object.abort();
            throw e;
        }
        return f;
    }

    private static Map<String, String> encryptionContext(Sink sink, String exportId, String name) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("trae:export-job", exportId);
        m.put("trae:object", sink.uri(name));
        return m;
    }

    /** A file being written: the sink object and the format writer on top of it. */
    static final class OpenFile {
        String name;
        SinkObject object;
        RowWriter writer;
        long rows;
    }
}
