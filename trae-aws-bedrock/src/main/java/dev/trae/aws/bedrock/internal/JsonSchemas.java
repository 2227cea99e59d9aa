package dev.trae.aws.bedrock.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.bedrock.model.Description;
import dev.trae.aws.core.TraeValidationException;

/**
 * JSON schemas for Java types, for typed tools and structured output: records (every non-Optional
 * component required), enums, strings, numbers, booleans, lists, sets, arrays and string-keyed maps.
 */
public final class JsonSchemas {
    private static final int MAX_DEPTH = 10;

    private JsonSchemas() {
    }

    /** The schema of a type; it must be a record (the top level of a tool input is an object). */
    public static ObjectNode of(Class<?> type) {
        if (!type.isRecord()) {
            throw new TraeValidationException("type", type.getName() + " must be a record to describe a tool input or structured output");
        }
        return schema(type, 0);
    }

    private static ObjectNode schema(Type t, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TraeValidationException("type", "nesting deeper than " + MAX_DEPTH + " levels (recursive type?)");
        }
        ObjectNode s = Docs.MAPPER.createObjectNode();
        if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.set("items", schema(p.getActualTypeArguments()[0], depth + 1));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (p.getActualTypeArguments()[0] != String.class) {
                    throw new TraeValidationException("type", "map keys must be strings, in " + t);
                }
                s.put("type", "object");
                s.set("additionalProperties", schema(p.getActualTypeArguments()[1], depth + 1));
                return s;
            }
            if (raw == Optional.class) {
                return schema(p.getActualTypeArguments()[0], depth + 1);
            }
            throw new TraeValidationException("type", "unsupported generic type " + t);
        }
        if (t instanceof GenericArrayType) {
            s.put("type", "array");
            s.set("items", schema(((GenericArrayType) t).getGenericComponentType(), depth + 1));
            return s;
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class || c == char.class || c == Character.class || CharSequence.class.isAssignableFrom(c)) {
            s.put("type", "string");
        } else if (c == int.class || c == long.class || c == short.class || c == byte.class || c == Integer.class
                || c == Long.class || c == Short.class || c == Byte.class || c == BigInteger.class) {
            s.put("type", "integer");
        } else if (c == double.class || c == float.class || c == Double.class || c == Float.class || c == BigDecimal.class) {
            s.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            s.put("type", "boolean");
        } else if (c.isEnum()) {
            s.put("type", "string");
            ArrayNode e = s.putArray("enum");
            for (Object v : c.getEnumConstants()) {
                e.add(((Enum<?>) v).name());
            }
        } else if (c.isArray()) {
            s.put("type", "array");
            s.set("items", schema(c.getComponentType(), depth + 1));
        } else if (c.isRecord()) {
            s.put("type", "object");
            Description d = c.getAnnotation(Description.class);
            if (d != null) {
                s.put("description", d.value());
            }
            ObjectNode props = s.putObject("properties");
            ArrayNode required = s.putArray("required");
            for (RecordComponent rc : c.getRecordComponents()) {
                ObjectNode ps = schema(rc.getGenericType(), depth + 1);
                Description cd = rc.getAnnotation(Description.class);
                if (cd != null) {
                    ps.put("description", cd.value());
                }
                props.set(rc.getName(), ps);
                if (rc.getType() != Optional.class) {
                    required.add(rc.getName());
                }
            }
        } else {
            throw new TraeValidationException("type", "unsupported type " + c.getName()
                    + "; use records, enums, strings, numbers, booleans, lists and string-keyed maps");
        }
        return s;
    }

    /** Names of required properties missing from {@code value} (top level and nested objects), as dotted paths. */
    public static java.util.List<String> missing(JsonNode schema, JsonNode value) {
        java.util.List<String> out = new java.util.ArrayList<>();
        missing(schema, value, "", out);
        return out;
    }

    private static void missing(JsonNode schema, JsonNode value, String path, java.util.List<String> out) {
        if (!"object".equals(schema.path("type").asText()) || !value.isObject()) {
            if ("object".equals(schema.path("type").asText()) && !value.isObject()) {
                out.add(path.isEmpty() ? "(root is not an object)" : path);
            }
            return;
        }
        for (JsonNode r : schema.path("required")) {
            if (!value.hasNonNull(r.asText())) {
                out.add(path + r.asText());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (value.has(e.getKey())) {
                missing(e.getValue(), value.get(e.getKey()), path + e.getKey() + ".", out);
            }
        }
    }
}
