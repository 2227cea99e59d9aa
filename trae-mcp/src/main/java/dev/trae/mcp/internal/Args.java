package dev.trae.mcp.internal;

import java.util.List;
import java.util.Map;

/**
 * A tool's arguments after they passed its JSON schema: typed getters with defaults. Numbers arrive as any
 * {@link Number}; the schema has already refused wrong types and missing required arguments.
 */
final class Args {
    private final Map<String, Object> values;

    Args(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    String string(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    String string(String name, String dflt) {
        String v = string(name);
        return v == null ? dflt : v;
    }

    int integer(String name, int dflt) {
        Object v = values.get(name);
        return v instanceof Number n ? n.intValue() : dflt;
    }

    boolean bool(String name, boolean dflt) {
        Object v = values.get(name);
        return v instanceof Boolean b ? b : dflt;
    }

    List<String> strings(String name) {
        Object v = values.get(name);
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String name) {
        Object v = values.get(name);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
