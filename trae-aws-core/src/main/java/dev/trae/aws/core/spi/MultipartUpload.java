package dev.trae.aws.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.aws.core.TraeValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Uploads one local file to S3: a single {@code PutObject} up to the part size, else a multipart upload whose parts
 * are sent in parallel, each part retried on its own through the guarded client (so no attempt has to carry a whole
 * multi-GB file within one attempt timeout), with progress after every part and {@code AbortMultipartUpload} when a
 * part finally fails or the upload is interrupted (so no incomplete upload keeps costing storage).
 * S3 limits: parts of 5 MiB to 5 GiB, at most 10,000 parts
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html); the part size grows when a file needs more.
 * Immutable and thread-safe; one instance serves any number of uploads.
 *
 * <pre>{@code
 * try (ServiceClient<S3Client> s3 = AwsClients.of(config).service(Services.S3, S3Client::builder)) {
 *     MultipartUpload up = MultipartUpload.builder(s3).partSize(16 << 20).parallelism(4)
 *             .progress((done, total) -> System.out.println(done + "/" + total)).build();
 *     up.upload(Path.of("train.jsonl"), "my-bucket", "data/train.jsonl");
 * }
 * }</pre>
 */
public final class MultipartUpload {
    /** The smallest part S3 accepts (except the last). */
    public static final long MIN_PART_SIZE = 5L << 20;
    /** The largest part S3 accepts. */
    public static final long MAX_PART_SIZE = 5L << 30;
    /** The most parts of one upload. */
    public static final int MAX_PARTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(MultipartUpload.class);

    /** Bytes sent so far of the file's total, called after every finished part (from upload threads). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long bytesDone, long bytesTotal);
    }

    /** What an upload did: the object, its size, and how many parts it took (1 for a single PutObject). */
    public record Result(String bucket, String key, long bytes, int parts) {
    }

    private final ServiceClient<S3Client> s3;
    private final long partSize;
    private final int parallelism;
    private final Progress progress;
    private final Optional<String> kmsKeyId;

    private MultipartUpload(Builder b) {
        this.s3 = b.s3;
        this.partSize = b.partSize;
        this.parallelism = b.parallelism;
        this.progress = b.progress;
        this.kmsKeyId = b.kmsKeyId;
    }

    public static Builder builder(ServiceClient<S3Client> s3) {
        return new Builder(s3);
    }

    /** Checks a part size (5 MiB to 5 GiB); {@code parameter} names the caller's setting in the error. */
    public static long checkPartSize(String parameter, long bytes) {
        if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
            throw new TraeValidationException(parameter, "must be between 5 MiB and 5 GiB, was " + bytes);
        }
        return bytes;
    }

    /** Checks a parallelism (1 to 64); {@code parameter} names the caller's setting in the error. */
    public static int checkParallelism(String parameter, int n) {
        if (n < 1 || n > 64) {
            throw new TraeValidationException(parameter, "must be between 1 and 64, was " + n);
        }
        return n;
    }

    /** The part size used for a file of {@code size} bytes: the configured one, grown to stay within 10,000 parts. */
    public long partSizeFor(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(partSize, needed);
    }

    /** Uploads {@code file} to {@code bucket}/{@code key}. Throws a {@link TraeException}; a failed multipart upload is aborted first. */
    public Result upload(Path file, String bucket, String key) {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
        if (size > MAX_PART_SIZE * MAX_PARTS) {
            throw new TraeValidationException("file", file + " is larger than the 50 TB S3 allows for one object");
        }
        if (size <= partSize) {
            PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key);
            kmsKeyId.ifPresent(id -> req.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id));
            PutObjectRequest r = req.build();
            s3.call("PutObject", Idempotency.IDEMPOTENT, c -> c.putObject(r, RequestBody.fromFile(file)));
            progress.update(size, size);
            return new Result(bucket, key, size, 1);
        }
        long part = partSizeFor(size);
        int count = (int) ((size + part - 1) / part);
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
        kmsKeyId.ifPresent(id -> create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id));
        CreateMultipartUploadRequest cr = create.build();
        String uploadId = s3.call("CreateMultipartUpload", c -> c.createMultipartUpload(cr)).uploadId();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, count), r -> {
            Thread t = new Thread(r, "trae-multipart-upload");
            t.setDaemon(true);
            return t;
        });
        List<Future<CompletedPart>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long offset = i * part;
                long length = Math.min(part, size - offset);
                futures.add(pool.submit(() -> {
                    // UploadPart of the same number replaces the part: a repeat is safe, so even an unparseable answer is retried
                    String etag = s3.call("UploadPart", Idempotency.IDEMPOTENT, c -> c.uploadPart(b -> b.bucket(bucket).key(key)
                            .uploadId(uploadId).partNumber(number).contentLength(length),
                            RequestBody.fromContentProvider(() -> slice(file, offset, length), length, "application/octet-stream"))).eTag();
                    progress.update(done.addAndGet(length), size);
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                }));
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (Future<CompletedPart> f : futures) {
                parts.add(f.get());
            }
            parts.sort(Comparator.comparing(CompletedPart::partNumber));
            s3.call("CompleteMultipartUpload", c -> c.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))));
            return new Result(bucket, key, size, count);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(bucket, key, uploadId, futures);
            throw new TraeCancelledException("upload of " + file + " to s3://" + bucket + "/" + key + " was interrupted; the multipart upload was aborted", e);
        } catch (ExecutionException | RuntimeException e) {
            abort(bucket, key, uploadId, futures);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TraeException) {
                throw (TraeException) cause;
            }
            throw new TraeClientException("upload of " + file + " to s3://" + bucket + "/" + key + " failed (" + cause
                    + "); the multipart upload was aborted", cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private void abort(String bucket, String key, String uploadId, List<Future<CompletedPart>> futures) {
        futures.forEach(f -> f.cancel(true));
        // Cleanup goes straight to the SDK client with its own retries: the failures that ended the upload may have
        // opened the shared circuit breaker, which must not stop the abort.
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                s3.raw().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
                LOG.info("aborted the multipart upload of s3://{}/{}", bucket, key);
                return;
            } catch (RuntimeException e) {
                TraeException te = ErrorTranslator.translate(e, s3.service().id(), "AbortMultipartUpload");
                if (attempt >= 5 || !(Resilience.isRetryable(te) || te instanceof dev.trae.aws.core.TraeMalformedResponseException)) {
                    LOG.error("could not abort the multipart upload {} of s3://{}/{}: {}; a lifecycle rule "
                            + "(AbortIncompleteMultipartUpload) removes it later", uploadId, bucket, key, te.getMessage());
                    return;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offset);
            InputStream in = Channels.newInputStream(ch);
            return new InputStream() {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = in.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = in.read(buf, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Builder of a {@link MultipartUpload}. */
    public static final class Builder {
        private final ServiceClient<S3Client> s3;
        private long partSize = 16L << 20;
        private int parallelism = 4;
        private Progress progress = Progress.NONE;
        private Optional<String> kmsKeyId = Optional.empty();

        private Builder(ServiceClient<S3Client> s3) {
            this.s3 = Objects.requireNonNull(s3, "s3");
        }

        /** Bytes per part (default 16 MiB; 5 MiB to 5 GiB); files up to this size go up in one PutObject. */
        public Builder partSize(long bytes) {
            this.partSize = checkPartSize("partSize", bytes);
            return this;
        }

        /** Parts in flight at once (default 4, 1 to 64). */
        public Builder parallelism(int n) {
            this.parallelism = checkParallelism("parallelism", n);
            return this;
        }

        public Builder progress(Progress p) {
            this.progress = Objects.requireNonNull(p, "progress");
            return this;
        }

        /** SSE-KMS with this key for the object (empty: the bucket's default encryption). */
        public Builder kmsKeyId(Optional<String> id) {
            this.kmsKeyId = Objects.requireNonNull(id, "kmsKeyId");
            return this;
        }

        public MultipartUpload build() {
            return new MultipartUpload(this);
        }
    }
}
