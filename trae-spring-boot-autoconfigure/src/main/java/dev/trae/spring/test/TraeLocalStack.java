package dev.trae.spring.test;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import dev.trae.testkit.aws.lex.LexFakes;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.textract.TextractFake;

/**
 * The testkit's {@link dev.trae.testkit.TraeLocalStack} (a {@link TraeLocal} with a fake for every service the Trae
 * modules call; the Quarkus Dev Services start the same one), and the {@code trae.*} properties that
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
    private final dev.trae.testkit.TraeLocalStack stack;

    private TraeLocalStack(dev.trae.testkit.TraeLocalStack stack) {
        this.stack = stack;
    }

    /** Starts the fakes, and the embedded S3 when {@code s3} (S3Proxy takes about a second to start). */
    public static TraeLocalStack start(boolean s3) {
        return new TraeLocalStack(dev.trae.testkit.TraeLocalStack.start(s3));
    }

    /** The underlying stack: servers, fault injection, captured requests. */
    public TraeLocal local() {
        return stack.local();
    }

    /** The Bedrock runtime fake (converse, streams), to queue replies or slow streams down. */
    public BedrockRuntimeFake bedrockRuntime() {
        return stack.bedrockRuntime();
    }

    /** The Rekognition fake, to program what an image contains. */
    public RekognitionFake rekognition() {
        return stack.rekognition();
    }

    /** The Textract fake, to program what a document contains. */
    public TextractFake textract() {
        return stack.textract();
    }

    /** The Lex fakes (models and runtime sharing one bot store). */
    public LexFakes lex() {
        return stack.lex();
    }

    /** The {@code trae.*} properties that point the auto-configuration at this stack. */
    public Map<String, Object> properties() {
        return new LinkedHashMap<>(stack.properties("trae."));
    }

    /** Clears captured requests and injected faults on every fake. */
    public void reset() {
        stack.reset();
    }

    @Override
    public void close() {
        stack.close();
    }

    @Override
    public String toString() {
        return stack.toString();
    }
}
