package dev.trae.oracle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.trae.oracle.model.Manifest;
import dev.trae.oracle.model.ManifestFile;

/**
 * Canonical string forms of values, computed independently for the source (JDBC) and for each file format,
 * so that a round trip can be compared exactly: NULL stays null, "" stays "", decimals compare by value,
 * zoned timestamps by instant.
 */
final class Canon {
    enum T { LONG, DEC, TEXT, TS, TSTZ, DATE, BYTES, BOOL, DOUBLE }

    record Col(String name, T type, int scale) {
        static Col of(String name, T type) {
            return new Col(name, type, 0);
        }
    }

    private Canon() {
    }

    static String dec(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    static List<List<String>> source(Connection c, String sql, List<Col> cols) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < cols.size(); i++) {
                    int k = i + 1;
                    Object o = rs.getObject(k);
                    if (o == null) {
                        row.add(null);
                        continue;
                    }
                    switch (cols.get(i).type()) {
                        case LONG: row.add(Long.toString(rs.getLong(k))); break;
                        case DEC: row.add(dec(rs.getBigDecimal(k))); break;
                        case TEXT: row.add(rs.getString(k)); break;
                        case TS: row.add(rs.getObject(k, LocalDateTime.class).toString()); break;
                        case TSTZ: row.add(rs.getObject(k, OffsetDateTime.class).toInstant().toString()); break;
                        case DATE: row.add(rs.getObject(k, LocalDate.class).toString()); break;
                        case BYTES: row.add(HexFormat.of().formatHex(rs.getBytes(k))); break;
                        case BOOL: row.add(Boolean.toString(rs.getBoolean(k))); break;
                        default: row.add(Double.toString(rs.getDouble(k))); break;
                    }
                }
                out.add(row);
            }
        }
        return out;
    }

    static String fromText(String s, T t) {
        if (s == null) {
            return null;
        }
        switch (t) {
            case LONG: return Long.toString(Long.parseLong(s));
            case DEC: return dec(new BigDecimal(s));
            case TEXT: return s;
            // the JDBC path writes ISO 8601; PostgreSQL's COPY (DateStyle ISO, UTC) writes "2024-02-29 23:59:59.5+00"
            case TS: return LocalDateTime.parse(s.replace(' ', 'T')).toString();
            case TSTZ: return OffsetDateTime.parse(pgOffset(s.replace(' ', 'T'))).toInstant().toString();
            case DATE: return LocalDate.parse(s).toString();
            // base64 from the JDBC path, PostgreSQL's hex form (\x...) from COPY
            case BYTES: return s.startsWith("\\x") ? s.substring(2) : HexFormat.of().formatHex(Base64.getDecoder().decode(s));
            // true/false from the JDBC path, t/f from COPY
            case BOOL: return Boolean.toString(s.equals("true") || s.equals("t"));
            default: return Double.toString(Double.parseDouble(s));
        }
    }

    /** PostgreSQL's short offsets ({@code +00}, {@code +05:30}) as java.time reads them ({@code +00:00}). */
    private static String pgOffset(String s) {
        return s.matches(".*[+-]\\d\\d$") ? s + ":00" : s;
    }

    static String fromJson(JsonNode n, T t) throws java.io.IOException {
        if (n == null || n.isNull()) {
            return null;
        }
        switch (t) {
            case LONG:
                if (!n.isIntegralNumber()) {
                    throw new AssertionError("not an integer: " + n);
                }
                return Long.toString(n.longValue());
            case DEC:
                if (!n.isNumber()) {
                    throw new AssertionError("decimal not a JSON number: " + n);
                }
                return dec(n.decimalValue());
            case BOOL:
                if (!n.isBoolean()) {
                    throw new AssertionError("not a boolean: " + n);
                }
                return Boolean.toString(n.booleanValue());
            case DOUBLE:
                return Double.toString(n.doubleValue());
            case BYTES:
                return HexFormat.of().formatHex(n.binaryValue());
            default:
                if (!n.isTextual()) {
                    throw new AssertionError("not a string: " + n);
                }
                return fromText(n.textValue(), t);
        }
    }

    static String fromParquet(Object v, Col c) {
        if (v == null) {
            return null;
        }
        switch (c.type()) {
            case LONG: return Long.toString((Long) v);
            case DEC:
                if (v instanceof Integer) {
                    return dec(BigDecimal.valueOf((Integer) v, c.scale()));
                }
                if (v instanceof Long) {
                    return dec(BigDecimal.valueOf((Long) v, c.scale()));
                }
                return c.scale() < 0 ? dec(new BigDecimal(new String((byte[]) v, StandardCharsets.UTF_8)))
                        : dec(new BigDecimal(new BigInteger((byte[]) v), c.scale()));
            case TEXT: return new String((byte[]) v, StandardCharsets.UTF_8);
            case TS: {
                long micros = (Long) v;
                return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC).toString();
            }
            case TSTZ: {
                long micros = (Long) v;
                return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
            }
            case DATE: return LocalDate.ofEpochDay((Integer) v).toString();
            case BYTES: return HexFormat.of().formatHex((byte[]) v);
            case BOOL: return Boolean.toString((Boolean) v);
            default: return Double.toString(((Number) v).doubleValue());
        }
    }

    /** Reads every file of a manifest through {@code fetch} and returns canonical rows. */
    static List<List<String>> exported(Manifest m, java.util.function.Function<ManifestFile, byte[]> fetch, List<Col> cols,
                                       ExportFormat format, Compression compression) throws java.io.IOException {
        List<List<String>> out = new ArrayList<>();
        for (ManifestFile f : m.files()) {
            byte[] raw = fetch.apply(f);
            switch (format) {
                case CSV: {
                    List<List<String>> rows = ReadBack.csv(ReadBack.utf8(ReadBack.decompress(raw, compression)), ',');
                    List<String> header = rows.get(0);
                    for (int i = 0; i < cols.size(); i++) {
                        if (!header.get(i).equalsIgnoreCase(cols.get(i).name())) {
                            throw new AssertionError("header " + header + " does not match " + cols);
                        }
                    }
                    for (List<String> r : rows.subList(1, rows.size())) {
                        List<String> row = new ArrayList<>();
                        for (int i = 0; i < cols.size(); i++) {
                            row.add(fromText(r.get(i), cols.get(i).type()));
                        }
                        out.add(row);
                    }
                    if (rows.size() - 1 != f.rows()) {
                        throw new AssertionError(f.path() + ": manifest says " + f.rows() + " rows, file has " + (rows.size() - 1));
                    }
                    break;
                }
                case JSONL: {
                    List<JsonNode> rows = ReadBack.jsonl(ReadBack.decompress(raw, compression));
                    for (JsonNode n : rows) {
                        List<String> row = new ArrayList<>();
                        for (Col c : cols) {
                            JsonNode v = field(n, c.name());
                            row.add(fromJson(v, c.type()));
                        }
                        out.add(row);
                    }
                    if (rows.size() != f.rows()) {
                        throw new AssertionError(f.path() + ": manifest says " + f.rows() + " rows, file has " + rows.size());
                    }
                    break;
                }
                default: {
                    List<String> names = new ArrayList<>();
                    org.apache.parquet.schema.MessageType schema = ReadBack.parquetSchema(raw);
                    for (Col c : cols) {
                        names.add(schema.getFields().stream().map(org.apache.parquet.schema.Type::getName)
                                .filter(x -> x.equalsIgnoreCase(c.name())).findFirst().orElseThrow());
                    }
                    List<Map<String, Object>> rows = ReadBack.parquet(raw, names);
                    for (Map<String, Object> r : rows) {
                        List<String> row = new ArrayList<>();
                        for (int i = 0; i < cols.size(); i++) {
                            row.add(fromParquet(r.get(names.get(i)), cols.get(i)));
                        }
                        out.add(row);
                    }
                    if (rows.size() != f.rows()) {
                        throw new AssertionError(f.path() + ": manifest says " + f.rows() + " rows, file has " + rows.size());
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v != null) {
            return v;
        }
        var it = n.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return n.get(f);
            }
        }
        throw new AssertionError("no field " + name + " in " + n);
    }
}
