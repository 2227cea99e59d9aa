package dev.trae.aws.lex.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.trae.aws.core.TraeCancelledException;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeServiceException;
import dev.trae.aws.core.spi.Idempotency;
import dev.trae.aws.core.spi.Poller;
import dev.trae.aws.core.spi.ServiceClient;
import software.amazon.awssdk.services.lexmodelsv2.LexModelsV2Client;
import software.amazon.awssdk.services.lexmodelsv2.model.CreateExportResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.CreateUploadUrlResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeExportResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.DescribeImportResponse;
import software.amazon.awssdk.services.lexmodelsv2.model.ExportStatus;
import software.amazon.awssdk.services.lexmodelsv2.model.ImportExportFileFormat;
import software.amazon.awssdk.services.lexmodelsv2.model.ImportStatus;
import software.amazon.awssdk.services.lexmodelsv2.model.MergeStrategy;
import software.amazon.awssdk.services.lexmodelsv2.model.StartImportResponse;

/**
 * The Lex V2 export and import calls behind {@code BotTransfers}; the caller has validated every input. Not API.
 *
 * <ul>
 *   <li>Export: {@code CreateExport} ({@code LexJson}), then {@code DescribeExport} through core's {@link Poller} until
 *       {@code Completed} (its {@code downloadUrl} is a pre-signed S3 URL, valid for 5 minutes) or {@code Failed}
 *       (its {@code failureReasons}); the archive is fetched with a plain HTTP GET.</li>
 *   <li>Import: {@code CreateUploadUrl}, a plain HTTP PUT of the archive to its pre-signed {@code uploadUrl},
 *       {@code StartImport}, then {@code DescribeImport} until {@code Completed} ({@code importedResourceId}) or
 *       {@code Failed}.</li>
 * </ul>
 * The Lex calls go through the guarded {@link ServiceClient}: the {@code Describe*} reads as
 * {@link Idempotency#IDEMPOTENT}; {@code CreateExport}, {@code CreateUploadUrl} and {@code StartImport} start work on
 * every call, so they are {@link Idempotency#NON_IDEMPOTENT} (retried only when the request provably never arrived).
 * The pre-signed URLs are not AWS API calls: they carry their own signature, so they are sent without AWS credentials.
 */
public final class LexTransfers {
    /** A failed export or import: the id and the reasons Lex gave. */
    public record Failure(String id, String status, List<String> reasons) {
    }

    /** Thrown when Lex reports {@code Failed}; the public facade turns it into its own exception. */
    public static final class FailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Failure failure;

        FailedException(Failure failure) {
            super(failure.id() + " " + failure.status() + ": " + failure.reasons());
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /** A completed import: its id and the bot Lex created or overwrote. */
    public record Imported(String importId, String botId, String botName) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final ServiceClient<LexModelsV2Client> models;
    private final Poller poller;
    private final long maxArchiveBytes;

    public LexTransfers(ServiceClient<LexModelsV2Client> models, Duration pollInterval, Duration timeout, long maxArchiveBytes) {
        this.models = models;
        this.poller = Poller.builder().initialDelay(pollInterval).maxDelay(pollInterval).multiplier(1.0).deadline(timeout).build();
        this.maxArchiveBytes = maxArchiveBytes;
    }

    /** Exports one version of a bot as a LexJson archive and returns its bytes. */
    public byte[] exportBot(String botId, String botVersion) {
        CreateExportResponse created = models.call("CreateExport", Idempotency.NON_IDEMPOTENT, c -> c.createExport(r -> r
                .fileFormat(ImportExportFileFormat.LEX_JSON)
                .resourceSpecification(s -> s.botExportSpecification(b -> b.botId(botId).botVersion(botVersion)))));
        String exportId = created.exportId();
        DescribeExportResponse done = await("export " + exportId + " of bot " + botId,
                () -> models.call("DescribeExport", Idempotency.IDEMPOTENT, c -> c.describeExport(r -> r.exportId(exportId))),
                d -> d.exportStatus() == ExportStatus.COMPLETED ? Poller.State.done()
                        : d.exportStatus() == ExportStatus.FAILED || d.exportStatus() == ExportStatus.DELETING
                        ? failed(exportId, d.exportStatusAsString(), d.failureReasons())
                        : Poller.State.waiting(d.exportStatusAsString()));
        if (done.downloadUrl() == null || done.downloadUrl().isEmpty()) {
            throw new TraeClientException("export " + exportId + " is Completed but DescribeExport gave no downloadUrl");
        }
        return get(done.downloadUrl(), "export " + exportId);
    }

    /** Uploads an archive and imports it as a bot; waits until Lex reports the import done. */
    public Imported importBot(byte[] archive, String botName, String roleArn, boolean childDirected, Duration idleSessionTtl,
                              MergeStrategy strategy) {
        CreateUploadUrlResponse url = models.call("CreateUploadUrl", Idempotency.NON_IDEMPOTENT, c -> c.createUploadUrl(r -> { }));
        String importId = url.importId();
        put(url.uploadUrl(), archive, "import " + importId);
        StartImportResponse started = models.call("StartImport", Idempotency.NON_IDEMPOTENT, c -> c.startImport(r -> r
                .importId(importId).mergeStrategy(strategy)
                .resourceSpecification(s -> s.botImportSpecification(b -> b.botName(botName).roleArn(roleArn)
                        .dataPrivacy(p -> p.childDirected(childDirected)).idleSessionTTLInSeconds((int) idleSessionTtl.toSeconds())))));
        DescribeImportResponse done = await("import " + started.importId() + " of bot " + botName,
                () -> models.call("DescribeImport", Idempotency.IDEMPOTENT, c -> c.describeImport(r -> r.importId(importId))),
                d -> d.importStatus() == ImportStatus.COMPLETED ? Poller.State.done()
                        : d.importStatus() == ImportStatus.FAILED || d.importStatus() == ImportStatus.DELETING
                        ? failed(importId, d.importStatusAsString(), d.failureReasons())
                        : Poller.State.waiting(d.importStatusAsString()));
        return new Imported(importId, done.importedResourceId(), done.importedResourceName());
    }

    private static Poller.State failed(String id, String status, List<String> reasons) {
        throw new FailedException(new Failure(id, status, List.copyOf(reasons)));
    }

    private <T> T await(String what, Supplier<T> fetch, Function<T, Poller.State> classify) {
        return poller.await(what, fetch, classify);
    }

    private byte[] get(String url, String what) {
        HttpRequest req = HttpRequest.newBuilder(uri(url, what)).timeout(Duration.ofMinutes(2)).GET().build();
        HttpResponse<InputStream> res = send(req, HttpResponse.BodyHandlers.ofInputStream(), what);
        try (InputStream in = res.body()) {
            if (res.statusCode() / 100 != 2) {
                throw status(what + ": downloading the archive", res.statusCode());
            }
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxArchiveBytes + 1));
            if (data.length > maxArchiveBytes) {
                throw new TraeClientException(what + ": the archive is larger than " + maxArchiveBytes + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new TraeClientException(what + ": reading the archive failed: " + e.getMessage(), e, true);
        }
    }

    private void put(String url, byte[] archive, String what) {
        HttpRequest req = HttpRequest.newBuilder(uri(url, what)).timeout(Duration.ofMinutes(2))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(archive)).build();
        HttpResponse<Void> res = send(req, HttpResponse.BodyHandlers.discarding(), what);
        if (res.statusCode() / 100 != 2) {
            throw status(what + ": uploading the archive", res.statusCode());
        }
    }

    private static <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return HTTP.send(req, handler);
        } catch (IOException e) {
            throw new TraeClientException(what + ": the pre-signed URL could not be reached: " + e.getMessage(), e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TraeCancelledException(what + ": interrupted", e);
        }
    }

    private static URI uri(String url, String what) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new TraeClientException(what + ": Lex answered an unusable pre-signed URL");
        }
        if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && isLoopback(u.getHost()))) {
            throw new TraeClientException(what + ": Lex answered a pre-signed URL that is neither https nor a local endpoint");
        }
        return u;
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }

    private static TraeServiceException status(String what, int status) {
        // the URL (its signature included) never goes into the message
        return new TraeServiceException(what + " failed with HTTP " + status + (status == 403 ? " (the pre-signed URL may have expired)" : ""),
                "s3", status, null, "HTTP" + status, status >= 500, status == 503, null);
    }
}
