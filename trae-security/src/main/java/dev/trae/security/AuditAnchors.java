package dev.trae.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link AuditAnchor}s: an S3 prefix (one object per checkpoint, optionally under S3 Object Lock retention),
 * a CloudWatch Logs stream (through {@link CloudWatchLogsAuditSink}), and an in-memory anchor for tests.
 *
 * <pre>{@code
 * AuditAnchor anchor = AuditAnchors.s3(config, "audit-anchors", "prod/app-1/")
 *         .withObjectLock(ObjectLockMode.COMPLIANCE, Duration.ofDays(400));
 * AuditAnchor cw = AuditAnchors.cloudWatchLogs(CloudWatchLogsAuditSink.create(config, "/trae/audit-anchors", "app-1"));
 * }</pre>
 */
public final class AuditAnchors {
    private AuditAnchors() {
    }

    /** Keeps checkpoints in memory (tests, or a process that reports its head elsewhere itself). */
    public static AuditAnchor inMemory() {
        return new AuditAnchor() {
            private final List<AuditCheckpoint> all = new ArrayList<>();

            @Override
            public synchronized void publish(AuditCheckpoint checkpoint) {
                all.add(Objects.requireNonNull(checkpoint));
            }

            @Override
            public synchronized Optional<AuditCheckpoint> latest() {
                return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
            }

            @Override
            public String toString() {
                return "AuditAnchor[memory]";
            }
        };
    }

    /** An S3 anchor on the config's guarded S3 client: objects {@code <prefix><20-digit seq>.json}. */
    public static S3Anchor s3(TraeConfig config, String bucket, String prefix) {
        return s3(AwsClients.of(config).service(Services.S3, S3Client::builder), bucket, prefix);
    }

    /** An S3 anchor on a guarded client (see {@link AwsClients#guard}). */
    static S3Anchor s3(ServiceClient<S3Client> s3, String bucket, String prefix) {
        Objects.requireNonNull(s3, "s3");
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new TraeValidationException("bucket", "must be an S3 bucket name");
        }
        if (prefix == null || prefix.length() > 900) {
            throw new TraeValidationException("prefix", "must be a key prefix of at most 900 characters");
        }
        return new S3Anchor(s3, bucket, prefix, null, null);
    }

    /**
     * Checkpoints as events of a {@link CloudWatchLogsAuditSink} (flushed at once), read back with
     * {@code GetLogEvents} from the end of the stream. Give the anchor a stream of its own.
     */
    public static AuditAnchor cloudWatchLogs(CloudWatchLogsAuditSink sink) {
        Objects.requireNonNull(sink, "sink");
        return new AuditAnchor() {
            @Override
            public void publish(AuditCheckpoint c) {
                sink.record(AuditEvent.of("trae-audit", "Checkpoint", c.log()).principal("trae-audit").time(c.time())
                        .detail("checkpoint", c.toJson()).build());
                if (!sink.flush()) {
                    throw new TraeClientException("the audit checkpoint could not be written to " + sink + "; it stays buffered there",
                            null, true);
                }
            }

            @Override
            public Optional<AuditCheckpoint> latest() {
                for (String message : sink.recentMessages(100)) {
                    Optional<AuditCheckpoint> c = checkpointIn(message);
                    if (c.isPresent()) {
                        return c;
                    }
                }
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "AuditAnchor[" + sink + "]";
            }
        };
    }

    private static Optional<AuditCheckpoint> checkpointIn(String message) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = dev.trae.security.internal.AuditJson.MAPPER.readTree(message);
            if (n != null && "Checkpoint".equals(n.path("action").asText()) && n.path("details").path("checkpoint").isTextual()) {
                return AuditCheckpoint.parse(n.path("details").path("checkpoint").asText());
            }
        } catch (java.io.IOException e) {
            // not ours
        }
        return Optional.empty();
    }

    /** An S3 anchor; {@link #withObjectLock} puts every checkpoint object under retention. */
    public static final class S3Anchor implements AuditAnchor {
        private final ServiceClient<S3Client> s3;
        private final String bucket;
        private final String prefix;
        private final ObjectLockMode lockMode;
        private final Duration retention;

        private S3Anchor(ServiceClient<S3Client> s3, String bucket, String prefix, ObjectLockMode lockMode, Duration retention) {
            this.s3 = s3;
            this.bucket = bucket;
            this.prefix = prefix;
            this.lockMode = lockMode;
            this.retention = retention;
        }

        /**
         * Puts each checkpoint object under S3 Object Lock retention (the bucket must have Object Lock enabled);
         * in {@code COMPLIANCE} mode nobody, the root user included, can delete or overwrite it before the date.
         */
        public S3Anchor withObjectLock(ObjectLockMode mode, Duration retention) {
            Objects.requireNonNull(mode, "mode");
            if (retention == null || retention.isNegative() || retention.isZero()) {
                throw new TraeValidationException("retention", "must be positive");
            }
            return new S3Anchor(s3, bucket, prefix, mode, retention);
        }

        @Override
        public void publish(AuditCheckpoint c) {
            PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key(c.seq()))
                    .contentType("application/json");
            if (lockMode != null) {
                put.objectLockMode(lockMode).objectLockRetainUntilDate(Instant.now().plus(retention));
            }
            PutObjectRequest request = put.build();
            s3.call("PutObject", cl -> cl.putObject(request, RequestBody.fromString(c.toJson())));
        }

        @Override
        public Optional<AuditCheckpoint> latest() {
            String last = null;
            String token = null;
            do {
                String t = token;
                ListObjectsV2Response page = s3.call("ListObjectsV2", cl -> cl.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)
                        .continuationToken(t)));
                for (S3Object o : page.contents()) {
                    if (o.key().endsWith(".json") && (last == null || o.key().compareTo(last) > 0)) {
                        last = o.key();
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
            if (last == null) {
                return Optional.empty();
            }
            String key = last;
            String body = s3.call("GetObject", cl -> cl.getObjectAsBytes(r -> r.bucket(bucket).key(key))).asUtf8String();
            return Optional.of(AuditCheckpoint.parse(body).orElseThrow(() -> new TraeClientException("the latest object under s3://"
                    + bucket + "/" + prefix + " (" + key + ") is not an audit checkpoint: the anchor store was written by something else")));
        }

        private String key(long seq) {
            return prefix + String.format("%020d", seq) + ".json";
        }

        @Override
        public String toString() {
            return "AuditAnchor[s3://" + bucket + "/" + prefix + "]";
        }
    }
}
