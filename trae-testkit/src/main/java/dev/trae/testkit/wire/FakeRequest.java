package dev.trae.testkit.wire;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** One request received by a fake, as captured. Immutable. */
public final class FakeRequest {
    private final String operation;
    private final String method;
    private final String path;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Map<String, String> pathParams;
    private final Instant received;
    private volatile JsonNode json;

    FakeRequest(String operation, String method, String path, String rawPath, String rawQuery, Map<String, String> headers, byte[] body,
                Map<String, String> pathParams) {
        this.operation = operation;
        this.method = method;
        this.path = path;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        this.query = parseQuery(this.rawQuery);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = Collections.unmodifiableMap(h);
        this.body = body;
        this.pathParams = Collections.unmodifiableMap(new LinkedHashMap<>(pathParams));
        this.received = Instant.now();
    }

    FakeRequest withRoute(String op, Map<String, String> params) {
        return new FakeRequest(op, method, path, rawPath, rawQuery, headers, body, params);
    }

    private static Map<String, List<String>> parseQuery(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v);
        }
        return out;
    }

    /** The operation name the request was routed to (for proxied S3 requests, the HTTP method). */
    public String operation() {
        return operation;
    }

    public String method() {
        return method;
    }

    /** The decoded path, without the query. */
    public String path() {
        return path;
    }

    /** The path as sent, still URL-encoded. */
    public String rawPath() {
        return rawPath;
    }

    public String rawQuery() {
        return rawQuery;
    }

    /** A path template parameter such as {@code modelId} of {@code /model/{modelId}/converse}, URL-decoded. */
    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no path parameter " + name + " in " + path);
        }
        return v;
    }

    /** Every path template parameter (URL-decoded), for checks. */
    Map<String, String> pathParams() {
        return pathParams;
    }

    public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** Case-insensitive header lookup. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; a missing node for an empty body. Throws on invalid JSON. */
    public JsonNode json() {
        JsonNode j = json;
        if (j == null) {
            try {
                j = body.length == 0 ? MissingNode.getInstance() : Json.MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("request body is not JSON: " + e.getMessage(), e);
            }
            json = j;
        }
        return j;
    }

    /** The shared Jackson mapper of the testkit. */
    public ObjectMapper mapper() {
        return Json.MAPPER;
    }

    public Instant received() {
        return received;
    }

    /** The signing service name from the SigV4 Authorization header, if signed. */
    public Optional<String> signingService() {
        return header("Authorization").flatMap(a -> {
            int i = a.indexOf("Credential=");
            if (i < 0) {
                return Optional.empty();
            }
            String[] parts = a.substring(i + 11).split("[/,]");
            return parts.length > 3 ? Optional.of(parts[3].toLowerCase(Locale.ROOT)) : Optional.empty();
        });
    }

    @Override
    public String toString() {
        return "FakeRequest[" + operation + " " + method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery)
                + " " + body.length + " bytes]";
    }
}
