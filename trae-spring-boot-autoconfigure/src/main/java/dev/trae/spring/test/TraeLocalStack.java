package dev.trae.spring.test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.trae.testkit.TraeLocal;
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
 * A {@link TraeLocal} with a fake for every service the Trae modules call, and the {@code trae.*} properties that
 * point a Spring application at it: {@code trae.mode=local}, the Trae Local test credentials, one
 * {@code trae.endpoints.<service>} per fake, short timeouts and fast retries. {@link TraeLocalTest} starts one per
 * test application context; an application can start one itself for a local run (the web example does).
 *
 * <pre>{@code
 * try (TraeLocalStack stack = TraeLocalStack.start(true)) {
 *     new SpringApplicationBuilder(App.class).properties(stack.properties()).run();
 * }
 * }</pre>
 */
public final class TraeLocalStack implements AutoCloseable {
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

    /** Starts the fakes, and the embedded S3 when {@code s3} (S3Proxy takes about a second to start). */
    public static TraeLocalStack start(boolean s3) {
        TraeLocal local = TraeLocal.start();
        try {
            return new TraeLocalStack(local, s3);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /** The underlying stack: servers, fault injection, captured requests. */
    public TraeLocal local() {
        return local;
    }

    /** The Bedrock runtime fake (converse, streams), to queue replies or slow streams down. */
    public BedrockRuntimeFake bedrockRuntime() {
        return bedrockRuntime;
    }

    /** The Rekognition fake, to program what an image contains. */
    public RekognitionFake rekognition() {
        return rekognition;
    }

    /** The Textract fake, to program what a document contains. */
    public TextractFake textract() {
        return textract;
    }

    /** The Lex fakes (models and runtime sharing one bot store). */
    public LexFakes lex() {
        return lex;
    }

    /** The {@code trae.*} properties that point the auto-configuration at this stack. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("trae.mode", "local");
        p.put("trae.region", "us-east-1");
        p.put("trae.credentials.type", "static");
        p.put("trae.credentials.access-key-id", EmbeddedS3.ACCESS_KEY);
        p.put("trae.credentials.secret-access-key", EmbeddedS3.SECRET_KEY);
        p.put("trae.http.connect-timeout", "2s");
        p.put("trae.http.read-timeout", "10s");
        p.put("trae.http.api-call-attempt-timeout", "10s");
        p.put("trae.http.api-call-timeout", "30s");
        p.put("trae.http.generative-read-timeout", "20s");
        p.put("trae.http.generative-api-call-timeout", "60s");
        p.put("trae.resilience.initial-backoff", "10ms");
        p.put("trae.resilience.max-backoff", "200ms");
        for (Map.Entry<String, URI> e : local.config().endpoints().entrySet()) {
            p.put("trae.endpoints." + e.getKey(), e.getValue().toString());
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
