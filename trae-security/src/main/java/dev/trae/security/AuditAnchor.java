package dev.trae.security;

import java.util.Optional;

/**
 * A place outside the audit log where its checkpoints are kept, so that records cut from the end of the log
 * (or the whole file replaced or deleted) are detected: {@link AuditLog#verify(java.nio.file.Path, AuditKey, AuditAnchor)}
 * checks the log against the {@linkplain #latest() latest} checkpoint. Use one anchor location per log file.
 * Implementations: {@link AuditAnchors#s3}, {@link AuditAnchors#cloudWatchLogs}, {@link AuditAnchors#inMemory()}.
 */
public interface AuditAnchor {

    /** Stores a checkpoint. Throws a {@code TraeException} when it could not be stored. */
    void publish(AuditCheckpoint checkpoint);

    /** The most recent checkpoint stored here, if any. */
    Optional<AuditCheckpoint> latest();
}
