package dev.trae.aws.bedrock.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

/** Jackson and the SDK's {@link Document} type, both ways. */
public final class Docs {
    /** The module's shared mapper (lenient on unknown properties). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Docs() {
    }

    public static Document toDocument(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Document.fromNull();
        }
        if (n.isObject()) {
            Map<String, Document> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), toDocument(e.getValue()));
            }
            return Document.fromMap(m);
        }
        if (n.isArray()) {
            List<Document> l = new ArrayList<>();
            n.forEach(x -> l.add(toDocument(x)));
            return Document.fromList(l);
        }
        if (n.isBoolean()) {
            return Document.fromBoolean(n.booleanValue());
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? Document.fromNumber(n.longValue()) : Document.fromNumber(n.bigIntegerValue());
        }
        if (n.isNumber()) {
            return Document.fromNumber(n.decimalValue());
        }
        return Document.fromString(n.asText());
    }

    public static JsonNode toJson(Document d) {
        if (d == null || d.isNull()) {
            return F.nullNode();
        }
        if (d.isMap()) {
            ObjectNode o = F.objectNode();
            d.asMap().forEach((k, v) -> o.set(k, toJson(v)));
            return o;
        }
        if (d.isList()) {
            ArrayNode a = F.arrayNode();
            d.asList().forEach(v -> a.add(toJson(v)));
            return a;
        }
        if (d.isBoolean()) {
            return F.booleanNode(d.asBoolean());
        }
        if (d.isNumber()) {
            SdkNumber num = d.asNumber();
            BigDecimal bd = num.bigDecimalValue();
            if (bd.scale() <= 0 || bd.stripTrailingZeros().scale() <= 0) {
                try {
                    return F.numberNode(bd.longValueExact());
                } catch (ArithmeticException e) {
                    return F.numberNode(bd.toBigInteger());
                }
            }
            return F.numberNode(bd);
        }
        return F.textNode(d.asString());
    }
}
