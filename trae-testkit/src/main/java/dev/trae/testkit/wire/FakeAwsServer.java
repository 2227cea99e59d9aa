package dev.trae.testkit.wire;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * A loopback HTTP/1.1 server that real AWS SDK v2 clients talk to through an endpoint override. It
 * routes AWS JSON 1.0/1.1 calls by {@code X-Amz-Target} and REST calls by method and path template,
 * captures every request (faulted attempts included), injects faults, serves AWS event streams frame by
 * frame, and can forward unmatched requests to an upstream (used to put faults in front of S3Proxy).
 * Thread-safe.
 *
 * <pre>{@code
 * try (FakeAwsServer server = FakeAwsServer.start("rekognition")) {
 *     server.json("DetectLabels", req -> FakeResponse.json(Map.of("Labels", List.of())));
 *     server.faults().next("DetectLabels", 2, Fault.throttle());
 *     // point TraeConfig's "rekognition" endpoint at server.endpoint()
 * }
 * }</pre>
 */
public final class FakeAwsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FakeAwsServer.class);
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "te", "keep-alive", "http2-settings", "trailer", "proxy-connection");

    private final String service;
    private final ServerSocket serverSocket;
    private final ExecutorService pool;
    private final Map<String, Handler> jsonOps = new ConcurrentHashMap<>();
    private final Map<String, RequestCheck> checks = new ConcurrentHashMap<>();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<FakeRequest> captured = Collections.synchronizedList(new ArrayList<>());
    private final FaultInjector faults = new FaultInjector();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile URI upstream;
    private volatile boolean closed;

    private FakeAwsServer(String service) throws IOException {
        this.service = service;
        this.serverSocket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trae-fake-" + service + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.execute(this::acceptLoop);
    }

    /** Starts a server for the named service on a free loopback port. */
    public static FakeAwsServer start(String service) {
        try {
            return new FakeAwsServer(Objects.requireNonNull(service, "service"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fake " + service + ": " + e.getMessage(), e);
        }
    }

    public String service() {
        return service;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort());
    }

    /** Registers an AWS JSON 1.0/1.1 operation (matched on the part of X-Amz-Target after the last '.'). */
    public FakeAwsServer json(String operation, Handler handler) {
        jsonOps.put(Objects.requireNonNull(operation), Objects.requireNonNull(handler));
        return this;
    }

    /**
     * Registers a REST operation: {@code method} and a path template with {@code {name}} segments and an
     * optional trailing greedy {@code {name+}}. Later registrations win over earlier ones.
     */
    public FakeAwsServer rest(String operation, String method, String pathTemplate, Handler handler) {
        routes.add(0, new Route(Objects.requireNonNull(operation), method.toUpperCase(Locale.ROOT), pathTemplate,
                Objects.requireNonNull(handler)));
        return this;
    }

    /**
     * Registers an AWS Query-protocol endpoint (EC2, IAM, STS): form-encoded {@code POST path} whose operation
     * is the body's {@code Action} parameter, so that {@link #faults()} and {@link #requests(String)} work per
     * action ({@code "RunInstances"}) as they do for JSON operations.
     */
    public FakeAwsServer query(String pathTemplate, Handler handler) {
        routes.add(0, new Route(QUERY_ACTION, "POST", pathTemplate, Objects.requireNonNull(handler)));
        return this;
    }

    /**
     * Checks every request routed to {@code operation} with {@code check} before its handler runs (faults apply
     * first); an invalid request gets the check's error response and never reaches the handler. Typically an
     * {@link SdkModelCheck}. A later registration for the same operation replaces the earlier one.
     */
    public FakeAwsServer validate(String operation, RequestCheck check) {
        checks.put(Objects.requireNonNull(operation), Objects.requireNonNull(check));
        return this;
    }

    /** Forwards requests no route matches to {@code upstream} (operation name = HTTP method). */
    public FakeAwsServer forwardTo(URI upstreamEndpoint) {
        this.upstream = Objects.requireNonNull(upstreamEndpoint);
        return this;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Every request received so far, in order, faulted attempts included. */
    public List<FakeRequest> requests() {
        synchronized (captured) {
            return List.copyOf(captured);
        }
    }

    /** The requests routed to one operation. */
    public List<FakeRequest> requests(String operation) {
        synchronized (captured) {
            return captured.stream().filter(r -> operation.equals(r.operation())).toList();
        }
    }

    /** How many requests reached an operation (every attempt counts). */
    public int count(String operation) {
        return requests(operation).size();
    }

    /** Clears captured requests and faults (registered operations stay). */
    public void reset() {
        captured.clear();
        faults.clear();
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        pool.shutdownNow();
    }

    // ------------------------------------------------------------------ server loop

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = serverSocket.accept();
                connections.add(s);
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                String[] parts = requestLine.split(" ");
                if (parts.length < 3) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    int i = line.indexOf(':');
                    if (i > 0) {
                        String name = line.substring(0, i).trim();
                        String value = line.substring(i + 1).trim();
                        headers.merge(name, value, (a, b) -> a + "," + b);
                    }
                }
                String expect = header(headers, "Expect");
                if (expect != null && expect.equalsIgnoreCase("100-continue")) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] body = readBody(in, headers);
                String target = parts[1];
                int q = target.indexOf('?');
                String rawPath = q < 0 ? target : target.substring(0, q);
                String rawQuery = q < 0 ? "" : target.substring(q + 1);
                boolean keepAlive = !"close".equalsIgnoreCase(header(headers, "Connection"));
                if (!handle(socket, out, parts[0].toUpperCase(Locale.ROOT), rawPath, rawQuery, headers, body)) {
                    return;
                }
                out.flush();
                if (!keepAlive) {
                    return;
                }
            }
        } catch (SocketException e) {
            LOG.trace("connection ended: {}", e.toString());
        } catch (IOException e) {
            LOG.debug("connection failed: {}", e.toString());
        } finally {
            connections.remove(socket);
        }
    }

    /** Returns false when the connection must be dropped. */
    private boolean handle(Socket socket, OutputStream out, String method, String rawPath, String rawQuery,
                           Map<String, String> headers, byte[] body) throws IOException {
        String decodedPath = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        FakeRequest base = new FakeRequest("", method, decodedPath, rawPath, rawQuery, headers, body, Map.of());
        Handler handler = null;
        FakeRequest req = null;
        String amzTarget = header(headers, "X-Amz-Target");
        if (amzTarget != null) {
            String op = amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
            handler = jsonOps.get(op);
            req = base.withRoute(op, Map.of());
        } else {
            for (Route r : routes) {
                Map<String, String> params = r.match(method, rawPath);
                if (params != null) {
                    handler = r.handler;
                    req = base.withRoute(r.operation.equals(QUERY_ACTION) ? queryAction(body) : r.operation, params);
                    break;
                }
            }
        }
        boolean forward = handler == null && amzTarget == null && upstream != null;
        if (req == null) {
            req = base.withRoute(forward ? method : "UNKNOWN " + method + " " + decodedPath, Map.of());
        }
        captured.add(req);
        Fault fault = null;
        for (Fault f : faults.take(req.operation())) {
            if (f.kind() == Fault.Kind.LATENCY) {
                sleep(f.latency());
            } else {
                fault = f;
            }
        }
        if (fault != null && fault.kind() == Fault.Kind.RESET) {
            socket.setSoLinger(true, 0);
            socket.close();
            return false;
        }
        if (fault != null && fault.kind() == Fault.Kind.STATUS) {
            write(out, method, FakeResponse.error(fault.status(), fault.errorType(),
                    "injected fault: " + fault.errorType() + " (Trae Local)"));
            return true;
        }
        if (forward) {
            forward(out, req);
            return true;
        }
        if (handler == null) {
            write(out, method, FakeResponse.error(404, "UnknownOperationException", "Trae Local fake '" + service
                    + "' has no operation for " + (amzTarget != null ? "X-Amz-Target " + amzTarget : method + " " + decodedPath)));
            return true;
        }
        FakeResponse resp;
        try {
            RequestCheck check = checks.get(req.operation());
            java.util.Optional<FakeResponse> invalid = check == null ? java.util.Optional.empty() : check.check(req);
            resp = invalid.isPresent() ? invalid.get() : handler.handle(req);
        } catch (Exception e) {
            LOG.warn("fake {} handler for {} failed", service, req.operation(), e);
            resp = FakeResponse.error(500, "InternalFailure", "fake handler failed: " + e);
        }
        if (fault != null && fault.kind() == Fault.Kind.LOST_RESPONSE) {
            socket.setSoLinger(true, 0);
            socket.close();
            return false;
        }
        if (fault != null && fault.kind() == Fault.Kind.AFTER_COMMIT_STATUS) {
            write(out, method, FakeResponse.error(fault.status(), fault.errorType(),
                    "injected fault after the action was applied: " + fault.errorType() + " (Trae Local)"));
            return true;
        }
        if (fault != null && fault.kind() == Fault.Kind.AFTER_COMMIT_MALFORMED && !resp.isStream()) {
            byte[] b = resp.body();
            FakeResponse cut = FakeResponse.bytes(resp.status(), resp.headers().getOrDefault("Content-Type",
                    "application/x-amz-json-1.1"), java.util.Arrays.copyOf(b, Math.max(1, b.length / 2)));
            write(out, method, cut);
            return true;
        }
        if (resp.isStream()) {
            writeStream(out, resp, fault != null && fault.kind() == Fault.Kind.MID_STREAM_ERROR ? fault : null);
        } else {
            write(out, method, resp);
        }
        return true;
    }

    /**
     * Forwards a request byte for byte (original Host and signed headers kept, so SigV4 still verifies)
     * over a fresh upstream connection, then relays the answer.
     */
    private void forward(OutputStream out, FakeRequest req) throws IOException {
        try (Socket up = new Socket(upstream.getHost(), upstream.getPort())) {
            up.setSoTimeout(60_000);
            OutputStream uo = up.getOutputStream();
            StringBuilder head = new StringBuilder(req.method()).append(' ').append(req.rawPath())
                    .append(req.rawQuery().isEmpty() ? "" : "?" + req.rawQuery()).append(" HTTP/1.1\r\n");
            boolean hasLength = false;
            for (Map.Entry<String, String> h : req.headers().entrySet()) {
                String n = h.getKey().toLowerCase(Locale.ROOT);
                if (n.equals("connection") || n.equals("expect") || n.equals("transfer-encoding") || n.equals("keep-alive")) {
                    continue;
                }
                hasLength |= n.equals("content-length");
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            byte[] body = req.body();
            if (!hasLength && (body.length > 0 || !req.method().equals("GET") && !req.method().equals("HEAD"))) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            uo.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            uo.write(body);
            uo.flush();
            InputStream ui = new BufferedInputStream(up.getInputStream());
            String status;
            do {
                status = readLine(ui);
                if (status == null) {
                    throw new IOException("upstream closed without a response");
                }
                if (status.contains(" 100 ")) {
                    // an interim "100 Continue": skip its (empty) header block and read the real status
                    for (String l = readLine(ui); l != null && !l.isEmpty(); l = readLine(ui)) {
                        continue;
                    }
                }
            } while (status.contains(" 100 "));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = readLine(ui); l != null && !l.isEmpty(); l = readLine(ui)) {
                int c = l.indexOf(':');
                if (c > 0) {
                    headers.merge(l.substring(0, c).trim(), l.substring(c + 1).trim(), (a, b) -> a + "," + b);
                }
            }
            boolean headOnly = req.method().equals("HEAD");
            int code = Integer.parseInt(status.split(" ")[1]);
            byte[] respBody;
            if (headOnly || code == 204 || code == 304) {
                respBody = new byte[0];
            } else if (header(headers, "Content-Length") != null || header(headers, "Transfer-Encoding") != null) {
                respBody = readBody(ui, headers);
            } else {
                respBody = ui.readAllBytes();
            }
            StringBuilder rh = new StringBuilder(status).append("\r\n");
            String contentLength = null;
            for (Map.Entry<String, String> h : headers.entrySet()) {
                String n = h.getKey().toLowerCase(Locale.ROOT);
                if (n.equals("content-length")) {
                    contentLength = h.getValue();
                    continue;
                }
                if (HOP_HEADERS.contains(n)) {
                    continue;
                }
                rh.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            rh.append("Content-Length: ").append(headOnly && contentLength != null ? contentLength : String.valueOf(respBody.length))
                    .append("\r\n\r\n");
            out.write(rh.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(respBody);
        }
    }

    private void write(OutputStream out, String method, FakeResponse resp) throws IOException {
        byte[] body = resp.bodyUnsafe();
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(resp.status()).append(' ').append(reason(resp.status())).append("\r\n");
        boolean hasRequestId = false;
        for (Map.Entry<String, String> h : resp.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            hasRequestId |= h.getKey().equalsIgnoreCase("x-amzn-RequestId");
        }
        if (!hasRequestId) {
            head.append("x-amzn-RequestId: ").append(UUID.randomUUID()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.write(body);
        }
    }

    private void writeStream(OutputStream out, FakeResponse resp, Fault midStream) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        resp.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("x-amzn-RequestId: ").append(UUID.randomUUID()).append("\r\n");
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<StreamEvent> events = resp.events();
        if (midStream != null) {
            List<StreamEvent> cut = new ArrayList<>(events.subList(0, Math.min(midStream.afterEvents(), events.size())));
            cut.add(StreamEvent.exception(midStream.errorType(), "injected mid-stream fault (Trae Local)"));
            events = cut;
        }
        for (StreamEvent e : events) {
            sleep(e.delay());
            byte[] frame = encode(e);
            out.write((Integer.toHexString(frame.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(frame);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Encodes one event-stream message (exposed for fakes that build raw frames). */
    public static byte[] encode(StreamEvent e) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        if (e.isException()) {
            h.put(":message-type", HeaderValue.fromString("exception"));
            h.put(":exception-type", HeaderValue.fromString(e.type()));
        } else {
            h.put(":message-type", HeaderValue.fromString("event"));
            h.put(":event-type", HeaderValue.fromString(e.type()));
        }
        h.put(":content-type", HeaderValue.fromString("application/json"));
        byte[] payload;
        try {
            payload = e.payload() == null ? "{}".getBytes(StandardCharsets.UTF_8) : Json.MAPPER.writeValueAsBytes(e.payload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
        java.nio.ByteBuffer buf = new Message(h, payload).toByteBuffer();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    private static void sleep(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        String te = header(headers, "Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new IOException("truncated chunked body");
                }
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    for (String t = readLine(in); t != null && !t.isEmpty(); t = readLine(in)) {
                        // trailers ignored
                    }
                    return bos.toByteArray();
                }
                bos.write(in.readNBytes(size));
                readLine(in);
            }
        }
        String cl = header(headers, "Content-Length");
        if (cl == null) {
            return new byte[0];
        }
        long len = Long.parseLong(cl.trim());
        if (len > Integer.MAX_VALUE - 16) {
            throw new IOException("body too large for a fake: " + len);
        }
        byte[] b = in.readNBytes((int) len);
        if (b.length != len) {
            throw new IOException("truncated body: " + b.length + " of " + len);
        }
        return b;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = bos.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            bos.write(c);
            if (bos.size() > 65536) {
                throw new IOException("header line too long");
            }
        }
        return bos.size() == 0 ? null : bos.toString(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 201: return "Created";
            case 202: return "Accepted";
            case 204: return "No Content";
            case 206: return "Partial Content";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 409: return "Conflict";
            case 412: return "Precondition Failed";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Status";
        }
    }

    /** The operation marker of a {@link #query} route: the real name is the form body's Action. */
    private static final String QUERY_ACTION = "\u0000QueryAction";

    private static String queryAction(byte[] body) {
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
            }
        }
        return "UnknownAction";
    }

    /** A REST route: method plus path template. */
    private static final class Route {
        final String operation;
        final String method;
        final String[] segments;
        final Handler handler;

        Route(String operation, String method, String template, Handler handler) {
            this.operation = operation;
            this.method = method;
            String t = template.startsWith("/") ? template.substring(1) : template;
            this.segments = t.isEmpty() ? new String[0] : t.split("/", -1);
            this.handler = handler;
        }

        Map<String, String> match(String m, String rawPath) {
            if (!method.equals(m)) {
                return null;
            }
            String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
            String[] actual = p.isEmpty() ? new String[0] : p.split("/", -1);
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                boolean var = s.startsWith("{") && s.endsWith("}");
                if (var && s.endsWith("+}")) {
                    if (i >= actual.length) {
                        return null;
                    }
                    String rest = String.join("/", java.util.Arrays.copyOfRange(actual, i, actual.length));
                    params.put(s.substring(1, s.length() - 2), decode(rest));
                    return params;
                }
                if (i >= actual.length) {
                    return null;
                }
                if (var) {
                    if (actual[i].isEmpty()) {
                        return null;
                    }
                    params.put(s.substring(1, s.length() - 1), decode(actual[i]));
                } else if (!s.equals(actual[i])) {
                    return null;
                }
            }
            return actual.length == segments.length ? params : null;
        }

        private static String decode(String s) {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}
