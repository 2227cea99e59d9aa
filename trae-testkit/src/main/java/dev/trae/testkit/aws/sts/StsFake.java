package dev.trae.testkit.aws.sts;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Xml;

/**
 * Trae Local fake of AWS STS {@code GetCallerIdentity} (AWS Query protocol: form-encoded {@code POST /} with
 * {@code Action=GetCallerIdentity&Version=2011-06-15}, XML answer). The caller is the access key id in the request's
 * SigV4 {@code Credential=}; {@link #identity(String, String, String)} says whose key it is. As in AWS, an unknown key
 * gets HTTP 403 {@code InvalidClientTokenId}
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html). Thread-safe.
 *
 * <pre>{@code
 * StsFake sts = local.fake("sts", new StsFake());
 * sts.identity("trae-local", "arn:aws:iam::111122223333:user/alice", "AIDAEXAMPLE");
 * }</pre>
 */
public final class StsFake implements FakeService {
    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private record Identity(String arn, String userId, String account) {
    }

    private final Map<String, Identity> byAccessKey = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public void install(FakeAwsServer server) {
        server.rest("StsQuery", "POST", "/", this::handle);
    }

    /** Declares the principal behind {@code accessKeyId}; the account is read from the ARN. */
    public StsFake identity(String accessKeyId, String arn, String userId) {
        String[] parts = arn.split(":", 6);
        byAccessKey.put(accessKeyId, new Identity(arn, userId, parts.length > 4 ? parts[4] : ""));
        return this;
    }

    /** GetCallerIdentity calls answered (successfully or not). */
    public int calls() {
        return calls.get();
    }

    private FakeResponse handle(FakeRequest req) {
        Map<String, String> form = form(req.bodyString());
        String action = form.getOrDefault("Action", "");
        if (!action.equals("GetCallerIdentity")) {
            return error(400, "Sender", "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        }
        calls.incrementAndGet();
        String key = req.header("Authorization").map(StsFake::accessKey).orElse("");
        Identity id = byAccessKey.get(key);
        if (id == null) {
            return error(403, "Sender", "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        Xml x = new Xml().raw("<GetCallerIdentityResponse xmlns=\"" + NS + "\">").open("GetCallerIdentityResult")
                .el("Arn", id.arn()).el("UserId", id.userId()).el("Account", id.account()).close("GetCallerIdentityResult")
                .open("ResponseMetadata").el("RequestId", UUID.randomUUID().toString()).close("ResponseMetadata")
                .raw("</GetCallerIdentityResponse>");
        return FakeResponse.bytes(200, "text/xml", x.bytes());
    }

    private static String accessKey(String authorization) {
        int i = authorization.indexOf("Credential=");
        if (i < 0) {
            return "";
        }
        int end = authorization.indexOf('/', i);
        return end < 0 ? "" : authorization.substring(i + "Credential=".length(), end);
    }

    private static FakeResponse error(int status, String type, String code, String message) {
        Xml x = new Xml().raw("<ErrorResponse xmlns=\"" + NS + "\">").open("Error").el("Type", type).el("Code", code)
                .el("Message", message).close("Error").el("RequestId", UUID.randomUUID().toString()).raw("</ErrorResponse>");
        return FakeResponse.bytes(status, "text/xml", x.bytes());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
