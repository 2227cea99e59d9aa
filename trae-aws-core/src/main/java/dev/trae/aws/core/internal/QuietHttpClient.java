package dev.trae.aws.core.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * A synchronous AWS SDK HTTP client on the JDK's {@code java.net.http} client, for the services whose bodies carry
 * secrets: KMS (plaintext data keys), Secrets Manager (secret values) and STS (temporary credentials). The Apache
 * client the other services use prints every request and response body at DEBUG on {@code org.apache.http.wire}
 * (issue 17's leak test found KMS data keys there); the JDK client never logs bodies, and logs headers only when
 * {@code -Djdk.httpclient.HttpClient.log} asks for it. HTTP/1.1; request bodies are small and sent with a length.
 * Proxies come from the JVM's proxy system properties (not from {@code HTTPS_PROXY} environment variables).
 */
public final class QuietHttpClient implements SdkHttpClient {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration readTimeout;

    public QuietHttpClient(Duration connectTimeout, Duration readTimeout) {
        // proxies from the JVM's system properties (https.proxyHost, http.nonProxyHosts), as the Apache client does
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        java.net.ProxySelector proxies = java.net.ProxySelector.getDefault();
        if (proxies != null) {
            b.proxy(proxies);
        }
        this.client = b.build();
        this.readTimeout = readTimeout;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest r = request.httpRequest();
        return new ExecutableHttpRequest() {
            private volatile InputStream body;

            @Override
            public HttpExecuteResponse call() throws IOException {
                byte[] content = request.contentStreamProvider().isPresent()
                        ? request.contentStreamProvider().get().newStream().readAllBytes() : new byte[0];
                HttpRequest.Builder b = HttpRequest.newBuilder(r.getUri()).timeout(readTimeout)
                        .method(r.method().name(), content.length == 0 && (r.method().name().equals("GET")
                                || r.method().name().equals("HEAD") || r.method().name().equals("DELETE"))
                                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(content));
                r.forEachHeader((name, values) -> {
                    if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                        values.forEach(v -> b.header(name, v));
                    }
                });
                HttpResponse<InputStream> resp;
                try {
                    resp = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for " + r.getUri().getHost());
                }
                body = resp.body();
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                resp.headers().map().forEach((k, v) -> {
                    if (!k.startsWith(":")) {
                        headers.put(k, v);
                    }
                });
                SdkHttpFullResponse sdk = SdkHttpFullResponse.builder().statusCode(resp.statusCode()).headers(headers).build();
                InputStream in = body != null ? body : new ByteArrayInputStream(new byte[0]);
                return HttpExecuteResponse.builder().response(sdk)
                        .responseBody(AbortableInputStream.create(in, this::abort)).build();
            }

            @Override
            public void abort() {
                InputStream in = body;
                if (in != null) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // closing an aborted response
                    }
                }
            }
        };
    }

    @Override
    public String clientName() {
        return "JdkQuiet";
    }

    @Override
    public void close() {
        // the JDK 17 client has no close(); its daemon threads end when it is unreachable
    }
}
