package dev.trae.oracle.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of an export's statements (counting, key bounds, one partition's SELECT) from its plan and state. Stateless. */
final class PartitionSql {
    private PartitionSql() {
    }

    /**
     * WHERE clause and its parameters for a partition (or for counting when {@code part} is null). With
     * {@code params} null the key bounds are written as literals (COPY takes no parameters; only integer keys
     * and no filter parameters reach that path).
     */
    static String where(ExportRun run, ExportState.Partition part, boolean resume, List<Object> params) {
        ExportPlanner.Plan plan = run.plan;
        ExportState state = run.state;
        List<String> conds = new ArrayList<>();
        if (run.req.where().isPresent()) {
            conds.add("(" + run.req.where().get() + ")");
            if (params != null) {
                params.addAll(run.req.whereParams());
            } else if (!run.req.whereParams().isEmpty()) {
                throw new IllegalStateException("filter parameters cannot be written as literals");
            }
        }
        if (state.incrementalFrom != null) {
            conds.add(plan.quotedKey + " > " + arg(params, plan.key.parse(state.incrementalFrom)));
        }
        if (part != null) {
            if (state.rowidPartitions) {
                conds.add("MOD(ORA_HASH(ROWID), " + state.partitions.size() + ") = " + part.index);
            } else if (part.lo != null) {
                String range = plan.quotedKey + " >= " + arg(params, plan.key.parse(part.lo)) + " AND " + plan.quotedKey
                        + (part.last ? " <= " : " < ") + arg(params, plan.key.parse(part.hi));
                conds.add(part.index == 0 && plan.keyColumn.nullable ? "(" + plan.quotedKey + " IS NULL OR (" + range + "))" : "(" + range + ")");
            }
            if (resume && plan.key != null) {
                if (part.lastKeyNull) {
                    conds.add(plan.quotedKey + " IS NOT NULL");
                } else {
                    conds.add(plan.quotedKey + " > " + arg(params, plan.key.parse(part.lastKey)));
                }
            }
        }
        return conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds);
    }

    /** A bind parameter ({@code ?}, its value added to {@code params}), or with {@code params} null an integer literal. */
    private static String arg(List<Object> params, Object value) {
        if (params != null) {
            params.add(value);
            return "?";
        }
        String digits = value instanceof java.math.BigDecimal ? ((java.math.BigDecimal) value).toPlainString() : String.valueOf(value);
        if (!(value instanceof Long || value instanceof java.math.BigDecimal) || !digits.matches("-?[0-9]{1,40}")) {
            throw new IllegalStateException("only integer keys are written as literals");
        }
        return digits;
    }

    /** The FROM item: the table or query, as of the shared Oracle SCN where there is one. */
    static String source(ExportRun run) {
        String scn = run.oracleScn;
        return scn != null && run.plan.tableSource ? OracleScn.asOf(run.plan.from, scn) : run.plan.from;
    }

    /** One partition's SELECT, ordered by the key; {@code resume} continues after the partition's last completed file. */
    static String partition(ExportRun run, ExportState.Partition part, boolean resume, List<Object> params) {
        ExportPlanner.Plan plan = run.plan;
        String sql = plan.select + " FROM " + source(run) + where(run, part, resume, params);
        if (plan.quotedKey != null) {
            // NULL keys come first so that a resumed partition can skip them; for a NOT NULL key that clause is left
            // out, since it would keep the database from reading the key's index in order (PostgreSQL sorted every
            // partition's rows instead) and "key IS NULL OR" would keep the first partition from using it at all
            sql += " ORDER BY " + plan.quotedKey + (plan.keyColumn.nullable ? " NULLS FIRST" : "");
        }
        return sql;
    }

    static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }
}
