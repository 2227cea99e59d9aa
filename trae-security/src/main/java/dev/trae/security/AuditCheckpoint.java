package dev.trae.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.security.internal.AuditJson;

/**
 * A checkpoint of an {@link AuditLog}, kept outside the log by an {@link AuditAnchor}: the log's id, the
 * sequence number of its last record, that record's MAC (the chain's head), the time, and a MAC over those
 * four under the log's chain key (so a checkpoint cannot be forged without the key either).
 *
 * @param log  the log id from the log's header
 * @param seq  the sequence number of the last record covered
 * @param head the MAC of record {@code seq}
 * @param time when the checkpoint was taken
 * @param mac  HMAC-SHA256 of the other four fields under the chain key
 */
public record AuditCheckpoint(String log, long seq, String head, Instant time, String mac) {
    public AuditCheckpoint {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(mac, "mac");
    }

    static AuditCheckpoint sign(byte[] key, String log, long seq, String head, Instant time) {
        return new AuditCheckpoint(log, seq, head, time, AuditKey.mac(key, signed(log, seq, head, time)));
    }

    boolean verifies(byte[] key) {
        return AuditKey.sameMac(mac, AuditKey.mac(key, signed(log, seq, head, time)));
    }

    private static String signed(String log, long seq, String head, Instant time) {
        return "checkpoint\n" + log + "\n" + seq + "\n" + head + "\n" + time;
    }

    /** The JSON form anchors store: {@code {"log","seq","head","time","mac"}}. */
    public String toJson() {
        ObjectNode o = AuditJson.MAPPER.createObjectNode();
        o.put("log", log).put("seq", seq).put("head", head).put("time", time.toString()).put("mac", mac);
        return o.toString();
    }

    /** Parses {@link #toJson()}; empty for anything else (an anchor store may hold other messages). */
    public static Optional<AuditCheckpoint> parse(String json) {
        try {
            JsonNode n = AuditJson.MAPPER.readTree(json);
            if (n == null || !n.path("log").isTextual() || !n.path("seq").isIntegralNumber() || !n.path("head").isTextual()
                    || !n.path("time").isTextual() || !n.path("mac").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new AuditCheckpoint(n.get("log").asText(), n.get("seq").asLong(), n.get("head").asText(),
                    Instant.parse(n.get("time").asText()), n.get("mac").asText()));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
