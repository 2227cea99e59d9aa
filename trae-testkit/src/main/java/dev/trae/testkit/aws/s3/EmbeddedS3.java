package dev.trae.testkit.aws.s3;

import dev.trae.testkit.wire.FakeAwsServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3Proxy running in-process on a free loopback port, with an in-memory (transient) or filesystem
 * store. Its {@link #client()} is an {@link S3Client} with path-style access and
 * {@code WHEN_REQUIRED} checksums, the settings S3Proxy needs.
 *
 * <pre>{@code
 * try (EmbeddedS3 s3 = EmbeddedS3.start()) {
 *     s3.createBucket("exports");
 *     s3.client().putObject(b -> b.bucket("exports").key("a.csv"), RequestBody.fromString("x"));
 * }
 * }</pre>
 */
public final class EmbeddedS3 implements AutoCloseable {
    /** Access key the embedded S3 and Trae Local configs use. */
    public static final String ACCESS_KEY = "trae-local";
    /** Secret key the embedded S3 and Trae Local configs use (a test value, not a secret). */
    public static final String SECRET_KEY = "trae-local-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;
    private volatile S3Client client;
    private volatile FakeAwsServer faultProxy;

    private EmbeddedS3(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    /** An in-memory store. */
    public static EmbeddedS3 start() {
        return start(null);
    }

    /** A filesystem store under {@code dir} (kept after close), or in-memory when {@code dir} is null. */
    public static EmbeddedS3 start(Path dir) {
        try {
            Properties props = new Properties();
            String provider = "transient";
            if (dir != null) {
                Files.createDirectories(dir);
                props.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
                provider = "filesystem";
            }
            BlobStoreContext ctx = ContextBuilder.newBuilder(provider).credentials(ACCESS_KEY, SECRET_KEY)
                    .overrides(props).build(BlobStoreContext.class);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            S3Proxy proxy = S3Proxy.builder().blobStore(ctx.getBlobStore()).endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .ignoreUnknownHeaders(true).build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 10 s: " + proxy.getState());
                }
                Thread.sleep(5);
            }
            return new EmbeddedS3(proxy, ctx, endpoint);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded S3: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A shared S3 client for this store. */
    public S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = configure(S3Client.builder(), endpoint).build();
                    client = c;
                }
            }
        }
        return c;
    }

    /**
     * Applies what S3Proxy needs to an S3 client builder: endpoint, path-style, WHEN_REQUIRED checksums,
     * the local credentials and a region.
     */
    public static S3ClientBuilder configure(S3ClientBuilder b, URI endpoint) {
        return b.endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    /** Creates a bucket if it does not exist. */
    public EmbeddedS3 createBucket(String bucket) {
        if (!context.getBlobStore().containerExists(bucket)) {
            client().createBucket(b -> b.bucket(bucket));
        }
        return this;
    }

    /**
     * A fake server in front of this store: every request is forwarded to S3Proxy, and its
     * {@link FakeAwsServer#faults()} apply first (operation names are HTTP methods: PUT, GET, POST, DELETE, HEAD).
     */
    public FakeAwsServer faultProxy() {
        FakeAwsServer p = faultProxy;
        if (p == null) {
            synchronized (this) {
                p = faultProxy;
                if (p == null) {
                    p = FakeAwsServer.start("s3-proxy").forwardTo(endpoint);
                    faultProxy = p;
                }
            }
        }
        return p;
    }

    /** The fault-injecting proxy in front of the store, or {@code null} when none was started (for {@code TraeLocal.close()}). */
    public FakeAwsServer faultProxyIfStarted() {
        return faultProxy;
    }

    @Override
    public void close() {
        if (faultProxy != null) {
            faultProxy.close();
        }
        if (client != null) {
            client.close();
        }
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // stopping
        }
        context.close();
    }
}
