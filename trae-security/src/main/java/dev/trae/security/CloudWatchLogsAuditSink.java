package dev.trae.security;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import dev.trae.aws.core.AuditEvent;
import dev.trae.aws.core.AuditSink;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.security.internal.AuditJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * Ships audit events to a CloudWatch Logs stream as JSON messages, in batches. Events are buffered
 * (at most {@code maxBuffered}; beyond that the oldest are dropped and counted in {@link #dropped()})
 * and sent when {@code batchSize} are waiting, on {@link #flush()} and on {@link #close()}. A failed
 * send keeps the batch for the next flush and never throws on the caller's path. The log group and
 * stream are created on first use if missing.
 *
 * <pre>{@code
 * try (CloudWatchLogsAuditSink cw = CloudWatchLogsAuditSink.create(config, "/trae/audit", "app-1")) {
 *     TraeConfig audited = config.toBuilder().auditSink(cw).build();
 * }
 * }</pre>
 */
public final class CloudWatchLogsAuditSink implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchLogsAuditSink.class);

    private final ServiceClient<CloudWatchLogsClient> client;
    private final String group;
    private final String stream;
    private final int batchSize;
    private final int maxBuffered;
    private final Deque<InputLogEvent> buffer = new ArrayDeque<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private boolean created;

    private CloudWatchLogsAuditSink(TraeConfig config, String group, String stream, int batchSize, int maxBuffered) {
        this.group = group;
        this.stream = stream;
        this.batchSize = batchSize;
        this.maxBuffered = maxBuffered;
        this.client = AwsClients.of(config).service(Services.LOGS, CloudWatchLogsClient::builder);
    }

    /** A sink with batches of 100 and a buffer of 10,000 events. */
    public static CloudWatchLogsAuditSink create(TraeConfig config, String logGroup, String logStream) {
        return create(config, logGroup, logStream, 100, 10_000);
    }

    public static CloudWatchLogsAuditSink create(TraeConfig config, String logGroup, String logStream, int batchSize, int maxBuffered) {
        Objects.requireNonNull(config, "config");
        if (logGroup == null || !logGroup.matches("[\\.\\-_/#A-Za-z0-9]{1,512}")) {
            throw new TraeValidationException("logGroup", "must be 1-512 characters of letters, digits and . - _ / #");
        }
        if (logStream == null || !logStream.matches("[^:*]{1,512}")) {
            throw new TraeValidationException("logStream", "must be 1-512 characters without ':' or '*'");
        }
        if (batchSize < 1 || batchSize > 10_000 || maxBuffered < batchSize) {
            throw new TraeValidationException("batchSize", "must be 1-10000 and not above maxBuffered");
        }
        return new CloudWatchLogsAuditSink(config, logGroup, logStream, batchSize, maxBuffered);
    }

    @Override
    public void record(AuditEvent event) {
        boolean full;
        synchronized (buffer) {
            if (buffer.size() >= maxBuffered) {
                buffer.pollFirst();
                dropped.incrementAndGet();
            }
            buffer.addLast(InputLogEvent.builder().timestamp(event.time().toEpochMilli())
                    .message(AuditJson.toJson(event).toString()).build());
            full = buffer.size() >= batchSize;
        }
        if (full) {
            flush();
        }
    }

    /** Sends everything buffered; returns whether the buffer is now empty. */
    public synchronized boolean flush() {
        while (true) {
            List<InputLogEvent> batch = new ArrayList<>();
            synchronized (buffer) {
                while (!buffer.isEmpty() && batch.size() < batchSize) {
                    batch.add(buffer.pollFirst());
                }
            }
            if (batch.isEmpty()) {
                return true;
            }
            batch.sort(Comparator.comparing(InputLogEvent::timestamp));
            try {
                ensureStream();
                client.call("PutLogEvents", c -> c.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(batch)));
                sent.addAndGet(batch.size());
            } catch (TraeException e) {
                synchronized (buffer) {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        buffer.addFirst(batch.get(i));
                    }
                }
                LOG.warn("could not ship {} audit event(s) to CloudWatch Logs {} ({}); will retry on the next flush",
                        batch.size(), group, e.getClass().getSimpleName());
                return false;
            }
        }
    }

    private void ensureStream() {
        if (created) {
            return;
        }
        try {
            client.call("CreateLogGroup", c -> c.createLogGroup(r -> r.logGroupName(group)));
        } catch (TraeServiceException e) {
            if (!e.errorCode().filter("ResourceAlreadyExistsException"::equals).isPresent()) {
                throw e;
            }
        }
        try {
            client.call("CreateLogStream", c -> c.createLogStream(r -> r.logGroupName(group).logStreamName(stream)));
        } catch (TraeServiceException e) {
            if (!e.errorCode().filter("ResourceAlreadyExistsException"::equals).isPresent()) {
                throw e;
            }
        }
        created = true;
    }

    /** The messages at the end of the stream, newest first (at most {@code limit}); used by the CloudWatch anchor. */
    List<String> recentMessages(int limit) {
        List<String> out = new ArrayList<>();
        try {
            client.call("GetLogEvents", c -> c.getLogEvents(r -> r.logGroupName(group).logStreamName(stream).startFromHead(false)
                    .limit(limit))).events().forEach(e -> out.add(0, e.message()));
        } catch (TraeServiceException e) {
            if (!e.errorCode().filter("ResourceNotFoundException"::equals).isPresent()) {
                throw e;
            }
        }
        return out;
    }

    /** Events delivered so far. */
    public long sent() {
        return sent.get();
    }

    /** Events dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events waiting. */
    public int pending() {
        synchronized (buffer) {
            return buffer.size();
        }
    }

    @Override
    public void close() {
        flush();
        client.close();
    }

    @Override
    public String toString() {
        return "CloudWatchLogsAuditSink[" + group + "/" + stream + "]";
    }
}
