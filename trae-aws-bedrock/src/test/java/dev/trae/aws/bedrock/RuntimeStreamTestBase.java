package dev.trae.aws.bedrock;

import java.time.Duration;

import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the stream test classes share: the runtime fake, cleared before each test and streaming replies in
 * chunks of a given size, and one client for the class ({@link SharedClient}: closed after the class, made
 * anew by the next class that asks).
 */
@ExtendWith(TraeLocalExtension.class)
abstract class RuntimeStreamTestBase {
    static final String NOVA = "amazon.nova-lite-v1:0";
    private static final SharedClient SHARED = new SharedClient();
    protected final TraeLocal local;
    private final int chunkChars;
    protected BedrockRuntimeFake fake;
    protected TraeBedrockClient shared;

    RuntimeStreamTestBase(TraeLocal local, int chunkChars) {
        this.local = local;
        this.chunkChars = chunkChars;
    }

    @BeforeEach
    void setUpRuntimeFake() {
        fake = local.fake("bedrock-runtime", new BedrockRuntimeFake());
        fake.clear();
        fake.streaming(chunkChars, Duration.ZERO);
        shared = SHARED.get(local);
    }

    @AfterAll
    static void closeClient() {
        SHARED.close();
    }
}
