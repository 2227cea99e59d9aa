package dev.trae.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.trae.testkit.aws.batch.BatchFake;
import dev.trae.testkit.aws.bedrock.BedrockFake;
import dev.trae.testkit.aws.bedrockagentruntime.BedrockAgentRuntimeFake;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import dev.trae.testkit.aws.cloudtrail.CloudTrailFake;
import dev.trae.testkit.aws.ec2.Ec2Fake;
import dev.trae.testkit.aws.kms.KmsFake;
import dev.trae.testkit.aws.lex.LexFakes;
import dev.trae.testkit.aws.logs.CloudWatchLogsFake;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.aws.sagemaker.SageMakerFake;
import dev.trae.testkit.aws.secretsmanager.SecretsManagerFake;
import dev.trae.testkit.aws.ssm.SsmFake;
import dev.trae.testkit.aws.textract.TextractFake;

/**
 * A {@link TraeLocal} with a fake for every service the Trae modules call (and the embedded S3 when asked), and the
 * configuration properties that point a framework's Trae integration at it. It is the one stack behind Spring's
 * {@code @TraeLocalTest} and the Quarkus Dev Services; both integrations name their properties alike, so
 * {@link #properties(String)} serves both with their own prefix ({@code trae.} and {@code quarkus.trae.}).
 *
 * <pre>{@code
 * try (TraeLocalStack stack = TraeLocalStack.start(false)) {
 *     Map<String, String> props = stack.properties("trae.");   // trae.mode=local, trae.endpoints.bedrock-runtime=...
 *     stack.bedrockRuntime().enqueue(FakeReply.text("hello"));  // program a fake
 * }
 * }</pre>
 */
public final class TraeLocalStack implements AutoCloseable {
    private static final List<String> FAKED = List.of("bedrock-runtime", "bedrock", "bedrock-agent-runtime",
            "rekognition", "textract", "lex-models", "lex-runtime", "logs", "sagemaker", "ec2", "ssm", "batch", "kms",
            "secretsmanager", "cloudtrail");

    private final TraeLocal local;
    private final BedrockRuntimeFake bedrockRuntime;
    private final RekognitionFake rekognition;
    private final TextractFake textract;
    private final LexFakes lex;

    private TraeLocalStack(TraeLocal local, boolean s3) {
        this.local = local;
        this.bedrockRuntime = local.fake("bedrock-runtime", new BedrockRuntimeFake());
        local.fake("bedrock", new BedrockFake());
        local.fake("bedrock-agent-runtime", new BedrockAgentRuntimeFake());
        this.rekognition = local.fake("rekognition", new RekognitionFake());
        this.textract = local.fake("textract", new TextractFake());
        this.lex = LexFakes.install(local);
        CloudWatchLogsFake logs = local.fake("logs", new CloudWatchLogsFake());
        local.fake("sagemaker", new SageMakerFake(logs));
        Ec2Fake ec2 = local.fake("ec2", new Ec2Fake());
        local.fake("ssm", new SsmFake(ec2));
        local.fake("batch", new BatchFake().logsTo(logs));
        local.fake("kms", new KmsFake());
        local.fake("secretsmanager", new SecretsManagerFake());
        local.fake("cloudtrail", new CloudTrailFake());
        if (s3) {
            local.s3();
        }
    }

    /**
     * Starts the fakes, and the embedded S3 when {@code s3} (S3Proxy takes about a second to start).
     *
     * @param s3 whether to start the embedded S3 as well
     * @return the running stack; close it when done
     */
    public static TraeLocalStack start(boolean s3) {
        TraeLocal local = TraeLocal.start();
        try {
            return new TraeLocalStack(local, s3);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /**
     * The service ids a stack started with {@code s3} has endpoints for, known before it starts (a Quarkus Dev Service
     * declares its configuration keys at build time).
     *
     * @param s3 whether the embedded S3 is part of the stack
     * @return the service ids, the keys of {@code endpoints.<service>} in {@link #properties(String)}
     */
    public static List<String> services(boolean s3) {
        List<String> ids = new ArrayList<>(FAKED);
        if (s3) {
            ids.add("s3");
        }
        return List.copyOf(ids);
    }

    /**
     * The properties of {@link #properties(String)} that do not depend on the ports the fakes got: mode, region,
     * credentials, timeouts and retries.
     *
     * @param prefix the integration's prefix with its trailing dot
     * @return the fixed properties
     */
    public static Map<String, String> fixedProperties(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        Map<String, String> p = new LinkedHashMap<>();
        p.put(prefix + "mode", "local");
        p.put(prefix + "region", "us-east-1");
        p.put(prefix + "credentials.type", "static");
        p.put(prefix + "credentials.access-key-id", EmbeddedS3.ACCESS_KEY);
        p.put(prefix + "credentials.secret-access-key", EmbeddedS3.SECRET_KEY);
        p.put(prefix + "http.connect-timeout", "2s");
        p.put(prefix + "http.read-timeout", "10s");
        p.put(prefix + "http.api-call-attempt-timeout", "10s");
        p.put(prefix + "http.api-call-timeout", "30s");
        p.put(prefix + "http.generative-read-timeout", "20s");
        p.put(prefix + "http.generative-api-call-timeout", "60s");
        p.put(prefix + "resilience.initial-backoff", "10ms");
        p.put(prefix + "resilience.max-backoff", "200ms");
        return p;
    }

    /**
     * The endpoint of one service of this stack.
     *
     * @param service a service id of {@link #services(boolean)}
     * @return its loopback endpoint
     * @throws IllegalArgumentException when the stack has no such service
     */
    public URI endpoint(String service) {
        URI uri = local.config().endpoints().get(service);
        if (uri == null) {
            throw new IllegalArgumentException("Trae Local has no endpoint for " + service);
        }
        return uri;
    }

    /**
     * The underlying stack: servers, fault injection, captured requests.
     *
     * @return the Trae Local stack
     */
    public TraeLocal local() {
        return local;
    }

    /**
     * The Bedrock runtime fake (converse, streams), to queue replies or slow streams down.
     *
     * @return the fake
     */
    public BedrockRuntimeFake bedrockRuntime() {
        return bedrockRuntime;
    }

    /**
     * The Rekognition fake, to program what an image contains.
     *
     * @return the fake
     */
    public RekognitionFake rekognition() {
        return rekognition;
    }

    /**
     * The Textract fake, to program what a document contains.
     *
     * @return the fake
     */
    public TextractFake textract() {
        return textract;
    }

    /**
     * The Lex fakes (models and runtime sharing one bot store).
     *
     * @return the fakes
     */
    public LexFakes lex() {
        return lex;
    }

    /**
     * The properties that point a framework integration at this stack, each key behind {@code prefix}:
     * {@code mode=local}, the region, static Trae Local credentials, short timeouts, fast retries and one
     * {@code endpoints.<service>} per fake (and S3 when started).
     *
     * @param prefix the integration's prefix with its trailing dot, such as {@code "trae."} or {@code "quarkus.trae."}
     * @return the properties, in a stable order
     */
    public Map<String, String> properties(String prefix) {
        Map<String, String> p = fixedProperties(prefix);
        for (Map.Entry<String, URI> e : local.config().endpoints().entrySet()) {
            p.put(prefix + "endpoints." + e.getKey(), e.getValue().toString());
        }
        return p;
    }

    /** Clears captured requests and injected faults on every fake. */
    public void reset() {
        local.resetAll();
    }

    @Override
    public void close() {
        local.close();
    }

    @Override
    public String toString() {
        return "TraeLocalStack" + Objects.toString(local.config().endpoints().keySet());
    }
}
