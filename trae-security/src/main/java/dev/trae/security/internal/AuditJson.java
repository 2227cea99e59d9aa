package dev.trae.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.aws.core.AuditEvent;

/** The JSON shape of an audit event (field order fixed, so a line's hash is reproducible). */
public final class AuditJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditJson() {
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
