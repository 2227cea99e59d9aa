package dev.trae.oracle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.trae.oracle.internal.ParquetCodecs;

/** Independent readers for the exported files: an RFC 4180 parser, JSON Lines through Jackson, Parquet through parquet-hadoop. */
final class ReadBack {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ReadBack() {
    }

    static byte[] decompress(byte[] data, Compression c) throws IOException {
        switch (c) {
            case GZIP:
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                    return in.readAllBytes();
                }
            case ZSTD:
                try (InputStream in = new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(data))) {
                    return in.readAllBytes();
                }
            default:
                return data;
        }
    }

    /** Parses CSV; a NULL (empty unquoted field) is Java null, an empty quoted field is "". First row is the header. */
    static List<List<String>> csv(String text, char delim) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = 0;
        int n = text.length();
        boolean fieldStarted = false;
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    continue;
                }
                f.append(c);
                i++;
                continue;
            }
            if (c == '"') {
                quoted = true;
                wasQuoted = true;
                fieldStarted = true;
                i++;
            } else if (c == delim) {
                row.add(wasQuoted || f.length() > 0 ? f.toString() : null);
                f.setLength(0);
                wasQuoted = false;
                fieldStarted = true;
                i++;
            } else if (c == '\r' || c == '\n') {
                row.add(wasQuoted || f.length() > 0 ? f.toString() : null);
                rows.add(row);
                row = new ArrayList<>();
                f.setLength(0);
                wasQuoted = false;
                fieldStarted = false;
                i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
            } else {
                f.append(c);
                fieldStarted = true;
                i++;
            }
        }
        if (fieldStarted || !row.isEmpty()) {
            row.add(wasQuoted || f.length() > 0 ? f.toString() : null);
            rows.add(row);
        }
        return rows;
    }

    static List<JsonNode> jsonl(byte[] data) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Iterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(data);
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    /** Parquet rows as maps of field name to Group value (only present fields). */
    static List<Map<String, Object>> parquet(byte[] data, List<String> names) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        ParquetReadOptions opts = ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build();
        try (ParquetFileReader r = ParquetFileReader.open(new BytesInputFile(data), opts)) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = r.readNextRowGroup()) != null) {
                RecordReader<Group> rr = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
                for (long k = 0; k < pages.getRowCount(); k++) {
                    Group g = rr.read();
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (String name : names) {
                        int idx = schema.getFieldIndex(name);
                        if (g.getFieldRepetitionCount(idx) == 0) {
                            m.put(name, null);
                            continue;
                        }
                        switch (schema.getType(idx).asPrimitiveType().getPrimitiveTypeName()) {
                            case INT32: m.put(name, g.getInteger(idx, 0)); break;
                            case INT64: m.put(name, g.getLong(idx, 0)); break;
                            case BOOLEAN: m.put(name, g.getBoolean(idx, 0)); break;
                            case DOUBLE: m.put(name, g.getDouble(idx, 0)); break;
                            case FLOAT: m.put(name, g.getFloat(idx, 0)); break;
                            default: m.put(name, g.getBinary(idx, 0).getBytes()); break;
                        }
                    }
                    out.add(m);
                }
            }
            out.forEach(x -> { });
        }
        return out;
    }

    static MessageType parquetSchema(byte[] data) throws IOException {
        ParquetReadOptions opts = ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build();
        try (ParquetFileReader r = ParquetFileReader.open(new BytesInputFile(data), opts)) {
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static final class BytesInputFile implements InputFile {
        private final byte[] data;

        BytesInputFile(byte[] data) {
            this.data = data;
        }

        @Override
        public long getLength() {
            return data.length;
        }

        @Override
        public SeekableInputStream newStream() {
            Pos in = new Pos(data);
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() {
                    return in.pos();
                }

                @Override
                public void seek(long newPos) {
                    in.seekTo((int) newPos);
                }
            };
        }
    }

    private static final class Pos extends ByteArrayInputStream {
        Pos(byte[] b) {
            super(b);
        }

        int pos() {
            return pos;
        }

        void seekTo(int p) {
            pos = p;
        }
    }
}
