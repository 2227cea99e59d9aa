package dev.trae.oracle.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.ExportRequest;

/**
 * The planner of an export: resolves the table (or query), the columns and the key through the database's metadata
 * (names reach the SQL only as the database reported them, quoted) and reads the column types. Stateless.
 */
final class ExportPlanner {
    private ExportPlanner() {
    }

    /** The SQL plan: columns, key, and the statement pieces. */
    static final class Plan {
        Dialect dialect;
        String database;
        List<ColumnInfo> columns;
        /** Every column of the SELECT: {@link #columns} and, when it is not one of them, the key last. */
        List<ColumnInfo> readColumns;
        ColumnInfo keyColumn;
        int keyIndex;
        KeyCodec key;
        String select;
        String from;
        String quotedKey;
        boolean tableSource;
    }

    /** Plans the SELECT for {@code req} from the database's metadata: resolves names, picks the key, reads column types. */
    static Plan plan(ExportRequest req, Connection c, Dialect dialect) throws SQLException {
        Plan p = new Plan();
        p.dialect = dialect;
        DatabaseMetaData md = c.getMetaData();
        p.database = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
        List<String> available;
        if (req.table().isPresent()) {
            p.tableSource = true;
            String[] resolved = resolveTable(md, req.table().get());
            p.from = (resolved[0] == null ? "" : Identifiers.quote(resolved[0]) + ".") + Identifiers.quote(resolved[1]);
            available = tableColumns(md, resolved[0], resolved[1]);
            if (available.isEmpty()) {
                throw new TraeValidationException("table", "table " + req.table().get() + " has no visible columns");
            }
            if (req.key().isEmpty()) {
                primaryKey(md, resolved[0], resolved[1]).ifPresent(k -> p.quotedKey = k);
            }
        } else {
            p.from = "(" + req.query().get() + ") q";
            available = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + p.from + " WHERE 1=0")) {
                try (ResultSet rs = ps.executeQuery()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        available.add(rs.getMetaData().getColumnLabel(i));
                    }
                }
            }
        }
        List<String> selected = new ArrayList<>();
        if (req.columns().isEmpty()) {
            selected.addAll(available);
        } else {
            for (String want : req.columns()) {
                selected.add(match(available, want, "columns"));
            }
        }
        String keyName = null;
        if (req.key().isPresent()) {
            keyName = match(available, req.key().get(), req.incrementalKey().isPresent() ? "incrementalKey" : "key");
        } else if (p.quotedKey != null) {
            keyName = p.quotedKey;
        }
        StringBuilder sel = new StringBuilder("SELECT ");
        for (int i = 0; i < selected.size(); i++) {
            sel.append(i == 0 ? "" : ", ").append(Identifiers.quote(selected.get(i)));
        }
        int keyIndex = -1;
        if (keyName != null) {
            keyIndex = selected.indexOf(keyName);
            if (keyIndex < 0) {
                sel.append(", ").append(Identifiers.quote(keyName));
                keyIndex = selected.size();
            }
            p.quotedKey = Identifiers.quote(keyName);
        } else {
            p.quotedKey = null;
        }
        p.select = sel.toString();
        // column metadata from an empty result
        try (PreparedStatement ps = c.prepareStatement(p.select + " FROM " + p.from + " WHERE 1=0")) {
            try (ResultSet rs = ps.executeQuery()) {
                List<ColumnInfo> all = ColumnInfo.from(rs.getMetaData(), p.dialect);
                p.readColumns = all;
                p.columns = new ArrayList<>(all.subList(0, selected.size()));
                if (keyIndex >= 0) {
                    p.keyColumn = all.get(keyIndex);
                    p.keyIndex = keyIndex + 1;
                    p.key = new KeyCodec(p.keyColumn);
                }
            }
        }
        return p;
    }

    private static String[] resolveTable(DatabaseMetaData md, String table) throws SQLException {
        String[] parts = Identifiers.validateQualified("table", table);
        String schema = parts.length == 2 ? parts[0] : null;
        String name = parts.length == 2 ? parts[1] : parts[0];
        String esc = md.getSearchStringEscape();
        for (String s : variants(schema)) {
            for (String n : variants(name)) {
                try (ResultSet rs = md.getTables(null, s == null ? null : escape(s, esc), escape(n, esc), null)) {
                    while (rs.next()) {
                        String foundSchema = rs.getString("TABLE_SCHEM");
                        String foundName = rs.getString("TABLE_NAME");
                        if (foundName.equalsIgnoreCase(name) && (schema == null || schema.equalsIgnoreCase(foundSchema))) {
                            return new String[] {schema == null ? null : foundSchema, foundName};
                        }
                    }
                }
            }
        }
        throw new TraeValidationException("table", "no table or view named " + table + " is visible to this user");
    }

    private static List<String> variants(String s) {
        List<String> v = new ArrayList<>();
        v.add(s);
        if (s != null) {
            if (!v.contains(s.toUpperCase(Locale.ROOT))) {
                v.add(s.toUpperCase(Locale.ROOT));
            }
            if (!v.contains(s.toLowerCase(Locale.ROOT))) {
                v.add(s.toLowerCase(Locale.ROOT));
            }
        }
        return v;
    }

    private static String escape(String s, String esc) {
        if (esc == null || esc.isEmpty()) {
            return s;
        }
        return s.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    private static List<String> tableColumns(DatabaseMetaData md, String schema, String table) throws SQLException {
        String esc = md.getSearchStringEscape();
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, schema == null ? null : escape(schema, esc), escape(table, esc), "%")) {
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equals(table) && (schema == null || schema.equals(rs.getString("TABLE_SCHEM")))) {
                    rows.add(new Object[] {rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"), rs.getString("TABLE_SCHEM")});
                }
            }
            // without a schema the same table name may exist in several schemas: keep the first schema seen
            String firstSchema = rows.isEmpty() ? null : (String) rows.get(0)[2];
            rows.removeIf(r -> firstSchema != null && !firstSchema.equals(r[2]));
            rows.sort(Comparator.comparingInt(r -> (Integer) r[0]));
            for (Object[] r : rows) {
                out.add((String) r[1]);
            }
        }
        return out;
    }

    private static Optional<String> primaryKey(DatabaseMetaData md, String schema, String table) {
        try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
            List<String> cols = new ArrayList<>();
            while (rs.next()) {
                cols.add(rs.getString("COLUMN_NAME"));
            }
            return cols.size() == 1 ? Optional.of(cols.get(0)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static String match(List<String> available, String want, String parameter) {
        for (String a : available) {
            if (a.equals(want)) {
                return a;
            }
        }
        String found = null;
        for (String a : available) {
            if (a.equalsIgnoreCase(want)) {
                if (found != null) {
                    throw new TraeValidationException(parameter, "column " + want + " is ambiguous (differs only in case)");
                }
                found = a;
            }
        }
        if (found == null) {
            throw new TraeValidationException(parameter, "no column named " + want + " in the source");
        }
        return found;
    }
}
