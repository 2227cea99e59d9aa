package dev.trae.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.AuditEvent;

/** The JSON shape of an audit event (field order fixed, so a line's hash is reproducible). */
public final class AuditJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditJson() {
    }

    /**
     * Reads back what {@link #toJson} wrote (spooled events). Refuses anything else with an
     * {@link IllegalArgumentException} whose message quotes no input.
     */
    public static AuditEvent fromJson(com.fasterxml.jackson.databind.JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (String f : new String[] {"time", "principal", "service", "action", "resource", "result"}) {
            if (!n.path(f).isTextual()) {
                throw new IllegalArgumentException("field '" + f + "' missing or not a string");
            }
        }
        java.time.Instant time;
        try {
            time = java.time.Instant.parse(n.get("time").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field 'time' is not an ISO-8601 instant");
        }
        AuditEvent.Builder b = AuditEvent.of(n.get("service").asText(), n.get("action").asText(), n.get("resource").asText())
                .time(time).principal(n.get("principal").asText()).result(n.get("result").asText());
        if (n.has("requestId")) {
            if (!n.get("requestId").isTextual()) {
                throw new IllegalArgumentException("field 'requestId' is not a string");
            }
            b.requestId(n.get("requestId").asText());
        }
        if (n.has("details")) {
            if (!n.get("details").isObject()) {
                throw new IllegalArgumentException("field 'details' is not an object");
            }
            var it = n.get("details").fields();
            while (it.hasNext()) {
                var d = it.next();
                if (!d.getValue().isTextual()) {
                    throw new IllegalArgumentException("detail '" + d.getKey().length() + "-character key' is not a string");
                }
                b.detail(d.getKey(), d.getValue().asText());
            }
        }
        return b.build();
    }

    public static ObjectNode toJson(AuditEvent e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("time", e.time().toString());
        o.put("principal", e.principal());
        o.put("service", e.service());
        o.put("action", e.action());
        o.put("resource", e.resource());
        o.put("result", e.result());
        if (e.requestId() != null) {
            o.put("requestId", e.requestId());
        }
        if (!e.details().isEmpty()) {
            ObjectNode d = o.putObject("details");
            e.details().forEach(d::put);
        }
        return o;
    }
}
