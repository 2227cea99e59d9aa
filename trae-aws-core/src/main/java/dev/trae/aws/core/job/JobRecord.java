package dev.trae.aws.core.job;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a {@link JobStore} keeps of a job: id, kind, status, checkpoint, last message and time. Immutable. */
public final class JobRecord {
    private final String id;
    private final String kind;
    private final JobStatus status;
    private final Map<String, String> checkpoint;
    private final String message;
    private final Instant updated;

    public JobRecord(String id, String kind, JobStatus status, Map<String, String> checkpoint, String message, Instant updated) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = Objects.requireNonNull(status, "status");
        this.checkpoint = Collections.unmodifiableMap(new LinkedHashMap<>(checkpoint == null ? Map.of() : checkpoint));
        this.message = message == null ? "" : message;
        this.updated = updated == null ? Instant.now() : updated;
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public JobStatus status() {
        return status;
    }

    public Map<String, String> checkpoint() {
        return checkpoint;
    }

    public String message() {
        return message;
    }

    public Instant updated() {
        return updated;
    }

    public JobRecord with(JobStatus newStatus, Map<String, String> newCheckpoint, String newMessage) {
        return new JobRecord(id, kind, newStatus, newCheckpoint == null ? checkpoint : newCheckpoint,
                newMessage == null ? message : newMessage, Instant.now());
    }

    @Override
    public String toString() {
        return "JobRecord[" + id + " " + kind + " " + status + " checkpointKeys=" + checkpoint.keySet() + "]";
    }
}
