package dev.trae.oracle.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.oracle.Encryption;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An S3 prefix. Objects are streamed with multipart upload in bounded memory: at most
 * {@code maxPartsInFlight + 1} part buffers per open object, parts uploaded in parallel on a shared pool,
 * every call through the config's resilience decorators. A failed or cancelled object's upload is
 * aborted; a small object (one part) is a single PutObject.
 */
final class S3Sink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(S3Sink.class);
    private final Supplier<S3Client> client;
    private final Resilience resilience;
    private final ExecutorService pool;
    private final String bucket;
    private final String prefix;
    private final Encryption encryption;
    private final int partSize;
    private final int maxInFlight;
    /**
     * Part buffers of finished objects, handed to the next object: a part buffer is large (8 MiB by default,
     * a humongous object for G1 in a small heap), and allocating a new set for every file cost collector time.
     * Holds at most what the open objects held, since only their buffers come back.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> spare = new java.util.concurrent.ConcurrentLinkedQueue<>();

    S3Sink(Supplier<S3Client> client, Resilience resilience, ExecutorService pool, String bucket, String prefix, Encryption encryption,
           int partSize, int maxInFlight) {
        this.client = client;
        this.resilience = resilience;
        this.pool = pool;
        this.bucket = bucket;
        this.prefix = prefix;
        this.encryption = encryption;
        this.partSize = partSize;
        this.maxInFlight = maxInFlight;
    }

    /** The client, created on first use (the exporter creates it once, on whichever thread asks first). */
    private S3Client s3() {
        return client.get();
    }

    String key(String name) {
        return prefix + name;
    }

    private PutObjectRequest.Builder sse(PutObjectRequest.Builder b) {
        if (encryption.kind() == Encryption.Kind.SSE_KMS) {
            b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(encryption.kmsKeyId().orElseThrow());
        }
        return b;
    }

    private CreateMultipartUploadRequest.Builder sse(CreateMultipartUploadRequest.Builder b) {
        if (encryption.kind() == Encryption.Kind.SSE_KMS) {
            b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(encryption.kmsKeyId().orElseThrow());
        }
        return b;
    }

    @Override
    public SinkObject create(String name) {
        return new Multipart(key(name));
    }

    @Override
    public void putSmall(String name, byte[] content, String contentType) throws IOException {
        String key = key(name);
        call(() -> resilience.call("s3", "PutObject", () -> s3().putObject(
                sse(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)).build(),
                RequestBody.fromBytes(content))));
    }

    @Override
    public Optional<byte[]> getSmall(String name) throws IOException {
        String key = key(name);
        try {
            return Optional.of(resilience.call("s3", "GetObject",
                    () -> s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()));
        } catch (TraeServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        String key = key(name);
        call(() -> resilience.call("s3", "DeleteObject", () -> s3().deleteObject(b -> b.bucket(bucket).key(key))));
    }

    @Override
    public int cleanupOrphans(String namePrefix) throws IOException {
        String p = key(namePrefix);
        List<MultipartUpload> found = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            String km = keyMarker;
            String im = idMarker;
            ListMultipartUploadsResponse r = callGet(() -> resilience.call("s3", "ListMultipartUploads",
                    () -> s3().listMultipartUploads(b -> b.bucket(bucket).prefix(p).keyMarker(km).uploadIdMarker(im))));
            found.addAll(r.uploads());
            if (!Boolean.TRUE.equals(r.isTruncated())) {
                break;
            }
            keyMarker = r.nextKeyMarker();
            idMarker = r.nextUploadIdMarker();
        }
        for (MultipartUpload u : found) {
            abortUpload(u.key(), u.uploadId());
        }
        return found.size();
    }

    @Override
    public String uri(String name) {
        return "s3://" + bucket + "/" + key(name);
    }

    private static void call(Runnable r) throws IOException {
        try {
            r.run();
        } catch (TraeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static <T> T callGet(java.util.function.Supplier<T> r) throws IOException {
        try {
            return r.get();
        } catch (TraeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Aborts an upload. Not through the circuit breaker: after a burst of 5xx the breaker may be open, and
     * the abort must still be tried (it is idempotent), a few times with a short pause.
     */
    private void abortUpload(String key, String id) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                s3().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
                return;
            } catch (software.amazon.awssdk.services.s3.model.NoSuchUploadException e) {
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(100L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        LOG.warn("could not abort multipart upload of s3://{}/{}; a resumed export aborts it: {}", bucket, key,
                last == null ? "interrupted" : last.getMessage());
    }

    /** One object: buffers parts, uploads them in parallel, completes or aborts. */
    private final class Multipart extends SinkObject {
        private final String key;
        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(maxInFlight + 1);
        private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private int allocated;
        private byte[] buf;
        private int pos;
        private String uploadId;
        private boolean finished;

        Multipart(String key) {
            this.key = key;
        }

        private byte[] nextBuffer() throws IOException {
            byte[] b = free.poll();
            if (b != null) {
                return b;
            }
            if (allocated < maxInFlight + 1) {
                allocated++;
                b = spare.poll();
                return b != null ? b : new byte[partSize];
            }
            try {
                while (true) {
                    checkFailure();
                    b = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (b != null) {
                        return b;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a part upload");
            }
        }

        private void checkFailure() throws IOException {
            Throwable t = failure.get();
            if (t != null) {
                throw new IOException("upload of s3://" + bucket + "/" + key + " failed: " + t.getMessage(), t);
            }
        }

        @Override
        protected void store(byte[] b, int off, int len) throws IOException {
            checkFailure();
            while (len > 0) {
                if (buf == null) {
                    buf = nextBuffer();
                    pos = 0;
                }
                int n = Math.min(len, buf.length - pos);
                System.arraycopy(b, off, buf, pos, n);
                pos += n;
                off += n;
                len -= n;
                if (pos == buf.length) {
                    flushPart();
                }
            }
        }

        private void flushPart() throws IOException {
            if (uploadId == null) {
                uploadId = callGet(() -> resilience.call("s3", "CreateMultipartUpload", () -> s3().createMultipartUpload(
                        sse(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)).build()).uploadId()));
            }
            int partNumber = parts.size() + 1;
            byte[] data = buf;
            int length = pos;
            buf = null;
            pos = 0;
            String id = uploadId;
            CompletableFuture<CompletedPart> f = CompletableFuture.supplyAsync(() -> {
                try {
                    if (failure.get() != null) {
                        throw new IllegalStateException("upload already failed");
                    }
                    UploadPartResponse r = resilience.call("s3", "UploadPart", () -> s3().uploadPart(
                            b -> b.bucket(bucket).key(key).uploadId(id).partNumber(partNumber).contentLength((long) length),
                            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                                    "application/octet-stream")));
                    return CompletedPart.builder().partNumber(partNumber).eTag(r.eTag()).build();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    throw e;
                } finally {
                    free.offer(data);
                }
            }, pool);
            parts.add(f);
        }

        @Override
        protected void doCommit() throws IOException {
            checkFailure();
            if (uploadId == null) {
                byte[] data = buf == null ? new byte[0] : buf;
                int length = pos;
                call(() -> resilience.call("s3", "PutObject", () -> s3().putObject(
                        sse(PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) length)).build(),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                                "application/octet-stream"))));
                finished = true;
                if (buf != null) {
                    spare.offer(buf);
                }
                buf = null;
                return;
            }
            if (pos > 0) {
                flushPart();
            }
            List<CompletedPart> done = new ArrayList<>();
            try {
                for (CompletableFuture<CompletedPart> f : parts) {
                    done.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while completing s3://" + bucket + "/" + key);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw new IOException("upload of s3://" + bucket + "/" + key + " failed: " + c.getMessage(), c);
            }
            release();
            done.sort(Comparator.comparingInt(CompletedPart::partNumber));
            String id = uploadId;
            call(() -> resilience.call("s3", "CompleteMultipartUpload", () -> s3().completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(done)))));
            finished = true;
        }

        @Override
        void abort() {
            if (finished) {
                return;
            }
            failure.compareAndSet(null, new IllegalStateException("aborted"));
            for (CompletableFuture<CompletedPart> f : parts) {
                try {
                    f.join();
                } catch (RuntimeException ignored) {
                    // the part failed or was skipped; the upload is aborted below
                }
            }
            if (buf != null) {
                spare.offer(buf);
            }
            buf = null;
            release();
            if (uploadId != null) {
                abortUpload(key, uploadId);
            }
            finished = true;
        }

        /** Hands the buffers of finished part uploads to the next object (every part has ended). */
        private void release() {
            for (byte[] b = free.poll(); b != null; b = free.poll()) {
                spare.offer(b);
            }
        }
    }
}
