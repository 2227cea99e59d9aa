package dev.trae.testkit.aws.secretsmanager;

import dev.trae.testkit.aws.kms.KmsFake;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import dev.trae.testkit.wire.FakeService;
import dev.trae.testkit.wire.Json;

/**
 * Trae Local fake of AWS Secrets Manager (AWS JSON 1.1, target prefix {@code secretsmanager}):
 * {@code GetSecretValue} (by version id or stage), {@code PutSecretValue}, {@code DescribeSecret} and
 * {@code UpdateSecretVersionStage}, with the AWSCURRENT / AWSPENDING / AWSPREVIOUS stage rules of
 * rotation. Seed secrets with {@link #putSecret(String, String)}; {@link #rotate(String, String)} runs
 * the two steps of a rotation. Thread-safe.
 *
 * <pre>{@code
 * SecretsManagerFake sm = local.fake("secretsmanager", new SecretsManagerFake());
 * sm.putSecret("prod/db", "{\"username\":\"app\",\"password\":\"...\"}");
 * }</pre>
 */
public final class SecretsManagerFake implements FakeService {
    private static final String CURRENT = "AWSCURRENT";
    private static final String PENDING = "AWSPENDING";
    private static final String PREVIOUS = "AWSPREVIOUS";

    private static final class Version {
        final String id;
        final String string;
        final byte[] binary;
        final Set<String> stages = new LinkedHashSet<>();
        final long created = System.currentTimeMillis();

        Version(String id, String string, byte[] binary) {
            this.id = id;
            this.string = string;
            this.binary = binary;
        }
    }

    private static final class Secret {
        final String name;
        final String arn;
        final Map<String, Version> versions = new LinkedHashMap<>();

        Secret(String name) {
            this.name = name;
            this.arn = "arn:aws:secretsmanager:us-east-1:" + KmsFake.ACCOUNT + ":secret:" + name + "-"
                    + UUID.randomUUID().toString().substring(0, 6);
        }
    }

    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    // Request checks: member types from the Secrets Manager SDK model; required members and lengths from the reference
    // pages. Secrets Manager answers ValidationException (HTTP 400) for them.
    private static final String MODEL = "software.amazon.awssdk.services.secretsmanager.model.";
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
    private static final dev.trae.testkit.wire.RequestCheck GET = dev.trae.testkit.wire.SdkModelCheck.ifPresent(MODEL + "GetSecretValueRequest",
            c -> c.required("SecretId").length("SecretId", 1, 2048).length("VersionId", 32, 64).length("VersionStage", 1, 256));
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
    private static final dev.trae.testkit.wire.RequestCheck PUT = dev.trae.testkit.wire.SdkModelCheck.ifPresent(MODEL + "PutSecretValueRequest",
            c -> c.required("SecretId").length("SecretId", 1, 2048).length("ClientRequestToken", 32, 64)
                    .length("SecretString", 1, 65536).length("VersionStages", 1, 20));
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
    private static final dev.trae.testkit.wire.RequestCheck DESCRIBE = dev.trae.testkit.wire.SdkModelCheck.ifPresent(MODEL + "DescribeSecretRequest",
            c -> c.required("SecretId").length("SecretId", 1, 2048));
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html
    private static final dev.trae.testkit.wire.RequestCheck UPDATE_STAGE = dev.trae.testkit.wire.SdkModelCheck.ifPresent(
            MODEL + "UpdateSecretVersionStageRequest", c -> c.required("SecretId", "VersionStage").length("SecretId", 1, 2048)
                    .length("VersionStage", 1, 256).length("RemoveFromVersionId", 32, 64).length("MoveToVersionId", 32, 64));

    @Override
    public void install(FakeAwsServer server) {
        server.json("GetSecretValue", this::get);
        server.json("PutSecretValue", this::put);
        server.json("DescribeSecret", this::describe);
        server.json("UpdateSecretVersionStage", this::updateStage);
        server.validate("GetSecretValue", GET).validate("PutSecretValue", PUT).validate("DescribeSecret", DESCRIBE)
                .validate("UpdateSecretVersionStage", UPDATE_STAGE);
    }

    /** Creates the secret if needed and makes {@code value} its AWSCURRENT version. Returns the version id. */
    public String putSecret(String name, String value) {
        Secret s = secrets.computeIfAbsent(name, Secret::new);
        synchronized (s) {
            return addVersion(s, UUID.randomUUID().toString(), value, null, List.of(CURRENT));
        }
    }

    /** Stores {@code value} as AWSPENDING, then promotes it to AWSCURRENT (a completed rotation). Returns the version id. */
    public String rotate(String name, String value) {
        Secret s = secret(name);
        if (s == null) {
            throw new IllegalArgumentException("no secret " + name);
        }
        synchronized (s) {
            String id = addVersion(s, UUID.randomUUID().toString(), value, null, List.of(PENDING));
            moveStage(s, CURRENT, id);
            s.versions.get(id).stages.remove(PENDING);
            return id;
        }
    }

    /** The ARN of a secret (the fake adds a random suffix, as AWS does). */
    public String arn(String name) {
        Secret s = secret(name);
        return s == null ? null : s.arn;
    }

    private Secret secret(String idOrArn) {
        Secret s = secrets.get(idOrArn);
        if (s != null) {
            return s;
        }
        return secrets.values().stream().filter(x -> x.arn.equals(idOrArn)).findFirst().orElse(null);
    }

    private static String addVersion(Secret s, String id, String string, byte[] binary, List<String> stages) {
        Version v = s.versions.computeIfAbsent(id, k -> new Version(k, string, binary));
        for (String stage : stages) {
            moveStage(s, stage, v.id);
        }
        return v.id;
    }

    private static void moveStage(Secret s, String stage, String toVersion) {
        String from = null;
        for (Version v : s.versions.values()) {
            if (v.stages.remove(stage)) {
                from = v.id;
            }
        }
        s.versions.get(toVersion).stages.add(stage);
        if (CURRENT.equals(stage) && from != null && !from.equals(toVersion)) {
            for (Version v : s.versions.values()) {
                v.stages.remove(PREVIOUS);
            }
            s.versions.get(from).stages.add(PREVIOUS);
        }
    }

    private static FakeResponse notFound() {
        return FakeResponse.error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    private FakeResponse get(FakeRequest req) {
        JsonNode in = req.json();
        Secret s = secret(in.path("SecretId").asText(""));
        if (s == null) {
            return notFound();
        }
        synchronized (s) {
            Version found = null;
            if (in.hasNonNull("VersionId")) {
                found = s.versions.get(in.get("VersionId").asText());
            } else {
                String stage = in.path("VersionStage").asText(CURRENT);
                for (Version v : s.versions.values()) {
                    if (v.stages.contains(stage)) {
                        found = v;
                    }
                }
            }
            if (found == null) {
                return FakeResponse.error(400, "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for staging label or version.");
            }
            ObjectNode out = Json.object();
            out.put("ARN", s.arn).put("Name", s.name).put("VersionId", found.id).put("CreatedDate", found.created / 1000.0);
            if (found.string != null) {
                out.put("SecretString", found.string);
            } else {
                out.put("SecretBinary", Base64.getEncoder().encodeToString(found.binary));
            }
            ArrayNode st = out.putArray("VersionStages");
            found.stages.forEach(st::add);
            return FakeResponse.json(out);
        }
    }

    private FakeResponse put(FakeRequest req) {
        JsonNode in = req.json();
        Secret s = secret(in.path("SecretId").asText(""));
        if (s == null) {
            return notFound();
        }
        if (!in.hasNonNull("SecretString") && !in.hasNonNull("SecretBinary")) {
            return FakeResponse.error(400, "InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        }
        List<String> stages = new ArrayList<>();
        in.path("VersionStages").forEach(n -> stages.add(n.asText()));
        if (stages.isEmpty()) {
            stages.add(CURRENT);
        }
        String token = in.path("ClientRequestToken").asText(UUID.randomUUID().toString());
        synchronized (s) {
            String id = addVersion(s, token, in.hasNonNull("SecretString") ? in.get("SecretString").asText() : null,
                    in.hasNonNull("SecretBinary") ? Base64.getDecoder().decode(in.get("SecretBinary").asText()) : null, stages);
            ObjectNode out = Json.object();
            out.put("ARN", s.arn).put("Name", s.name).put("VersionId", id);
            ArrayNode st = out.putArray("VersionStages");
            s.versions.get(id).stages.forEach(st::add);
            return FakeResponse.json(out);
        }
    }

    private FakeResponse describe(FakeRequest req) {
        Secret s = secret(req.json().path("SecretId").asText(""));
        if (s == null) {
            return notFound();
        }
        synchronized (s) {
            ObjectNode out = Json.object();
            out.put("ARN", s.arn).put("Name", s.name).put("RotationEnabled", false);
            s.versions.values().stream().mapToLong(v -> v.created).max()
                    .ifPresent(t -> out.put("LastChangedDate", t / 1000.0));
            ObjectNode map = out.putObject("VersionIdsToStages");
            s.versions.values().stream().filter(v -> !v.stages.isEmpty())
                    .forEach(v -> v.stages.forEach(map.withArray(v.id)::add));
            return FakeResponse.json(out);
        }
    }

    private FakeResponse updateStage(FakeRequest req) {
        JsonNode in = req.json();
        Secret s = secret(in.path("SecretId").asText(""));
        if (s == null) {
            return notFound();
        }
        String stage = in.path("VersionStage").asText("");
        synchronized (s) {
            String move = in.path("MoveToVersionId").asText(null);
            String remove = in.path("RemoveFromVersionId").asText(null);
            if (remove != null) {
                Version v = s.versions.get(remove);
                if (v == null || !v.stages.contains(stage)) {
                    return FakeResponse.error(400, "InvalidParameterException", "The staging label is not attached to that version.");
                }
                if (move == null) {
                    v.stages.remove(stage);
                }
            }
            if (move != null) {
                if (!s.versions.containsKey(move)) {
                    return FakeResponse.error(400, "ResourceNotFoundException", "Version " + move + " not found.");
                }
                moveStage(s, stage, move);
            }
            return FakeResponse.json(Json.object().put("ARN", s.arn).put("Name", s.name));
        }
    }
}
