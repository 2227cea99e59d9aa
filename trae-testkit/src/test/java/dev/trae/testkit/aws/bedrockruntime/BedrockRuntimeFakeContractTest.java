package dev.trae.testkit.aws.bedrockruntime;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.assertSameShape;
import static dev.trae.testkit.contract.Contract.client;
import static dev.trae.testkit.contract.Contract.recordedJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailResponse;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * Contract of {@link BedrockRuntimeFake}. The Bedrock Runtime reference pages have no response examples (nor does the AWS
 * service model), so the reference is a real recorded Converse response in {@code ../shared/aws-responses} (read in
 * place; skipped where absent): it parses through the real {@link BedrockRuntimeClient} and the fake answers the same
 * members. ApplyGuardrail is checked against the response model. The streaming operations are covered by the Bedrock
 * module's replay tests of the recorded event streams. Invalid requests get ValidationException.
 */
class BedrockRuntimeFakeContractTest {
    private static final String MODEL = "us.amazon.nova-micro-v1:0";

    private FakeAwsServer recorded;
    private FakeAwsServer server;
    private final BedrockRuntimeFake fake = new BedrockRuntimeFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private BedrockRuntimeClient replay;
    private BedrockRuntimeClient runtime;

    @BeforeEach
    void start() {
        recorded = FakeAwsServer.start("bedrock-runtime-recorded");
        server = FakeAwsServer.start("bedrock-runtime");
        fake.install(server);
        replay = client(BedrockRuntimeClient.builder(), recorded.endpoint());
        runtime = client(BedrockRuntimeClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        replay.close();
        runtime.close();
        recorded.close();
        server.close();
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    // recording: bedrock-runtime/converse_text_nova-micro.pydantic-ai.yaml (see ../shared/aws-responses/SOURCES.md)
    // reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
    @Test
    void converse_realRecording_parsesAndFakeAnswersTheSameMembers() {
        String body = recordedJson("bedrock-runtime/converse_text_nova-micro.pydantic-ai.yaml");
        recorded.rest("Converse", "POST", "/model/{modelId}/converse", r -> FakeResponse.json(body));
        ConverseResponse real = replay.converse(b -> b.modelId(MODEL).messages(user("Hello!")));
        assertThat(real.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(real.usage().totalTokens()).isEqualTo(37);

        ConverseResponse mine = runtime.converse(b -> b.modelId(MODEL).messages(user("Hello!")));
        assertModelled(ConverseResponse.class, raw.lastJson());
        assertSameShape(real, mine);
    }

    @Test
    void applyGuardrail_fakeAnswer_isModelled() {
        ApplyGuardrailResponse r = runtime.applyGuardrail(b -> b.guardrailIdentifier("gr-1").guardrailVersion("1").source("INPUT")
                .content(GuardrailContentBlock.fromText(GuardrailTextBlock.builder().text("hello").build())));
        assertModelled(ApplyGuardrailResponse.class, raw.lastJson());
        assertThat(r.action()).isNotNull();
    }

    // message role enum user | assistant; additionalModelResponseFieldPaths at most 10 items: API_runtime_Converse.html
    @Test
    void converse_invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> runtime.converse(b -> b.modelId(MODEL).messages(Message.builder().role("system")
                .content(ContentBlock.fromText("hi")).build())))
                .isInstanceOfSatisfying(BedrockRuntimeException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Value 'system' at 'messages.1.role'");
                });
        assertThatThrownBy(() -> runtime.converse(b -> b.modelId(MODEL).messages(user("hi"))
                .additionalModelResponseFieldPaths(Collections.nCopies(11, "/stop_sequence"))))
                .isInstanceOfSatisfying(BedrockRuntimeException.class, e -> assertThat(e.getMessage())
                        .contains("at 'additionalModelResponseFieldPaths'"));
        // source is an enum INPUT | OUTPUT: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ApplyGuardrail.html
        assertThatThrownBy(() -> runtime.applyGuardrail(b -> b.guardrailIdentifier("gr-1").guardrailVersion("1").source("BOTH")
                .content(GuardrailContentBlock.fromText(GuardrailTextBlock.builder().text("x").build()))))
                .isInstanceOfSatisfying(BedrockRuntimeException.class, e -> assertThat(e.getMessage()).contains("at 'source'"));
    }
}
