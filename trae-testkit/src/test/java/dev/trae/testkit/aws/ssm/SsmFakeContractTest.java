package dev.trae.testkit.aws.ssm;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Contract of {@link SsmFake}. The AWS service model carries no response examples for GetParameter, SendCommand,
 * GetCommandInvocation or ListCommandInvocations, and none was found for their reference pages with the tools at hand;
 * the contract is the response model: every answer of the fake uses only modelled members with their types and enum
 * values and parses through the real {@link SsmClient}. Invalid requests get ValidationException.
 */
class SsmFakeContractTest {
    private static final String INSTANCE = "i-0123456789abcdef0";

    private FakeAwsServer server;
    private final SsmFake fake = new SsmFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private SsmClient ssm;

    @BeforeEach
    void start() {
        server = FakeAwsServer.start("ssm");
        fake.install(server);
        ssm = client(SsmClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        ssm.close();
        server.close();
    }

    @Test
    void everyOperation_fakeAnswer_isModelledAndParses() {
        fake.parameter("/trae/ami", "ami-0123");
        GetParameterResponse p = ssm.getParameter(b -> b.name("/trae/ami"));
        assertModelled(GetParameterResponse.class, raw.lastJson());
        assertThat(p.parameter().value()).isEqualTo("ami-0123");
        SendCommandResponse sent = ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(INSTANCE)
                .parameters(java.util.Map.of("commands", java.util.List.of("echo hi"))));
        assertModelled(SendCommandResponse.class, raw.lastJson());
        String id = sent.command().commandId();
        assertThat(id).hasSize(36);
        ListCommandInvocationsResponse list = ssm.listCommandInvocations(b -> b.commandId(id).details(true));
        assertModelled(ListCommandInvocationsResponse.class, raw.lastJson());
        assertThat(list.commandInvocations()).singleElement().satisfies(c -> assertThat(c.commandId()).isEqualTo(id));
        // right after SendCommand an invocation may not exist yet (InvocationDoesNotExist), as in SSM: poll
        GetCommandInvocationResponse inv = null;
        for (int i = 0; i < 50 && inv == null; i++) {
            try {
                inv = ssm.getCommandInvocation(b -> b.commandId(id).instanceId(INSTANCE));
            } catch (software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException e) {
                sleep();
            }
        }
        assertThat(inv).isNotNull();
        assertModelled(GetCommandInvocationResponse.class, raw.lastJson());
        assertThat(inv.instanceId()).isEqualTo(INSTANCE);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Name required: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
    // InstanceIds at most 50: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html
    @Test
    void invalidRequests_areValidationExceptions() {
        assertThatThrownBy(() -> ssm.getParameter(b -> b.withDecryption(true)))
                .isInstanceOfSatisfying(SsmException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("Value null at 'name'");
                });
        assertThatThrownBy(() -> ssm.sendCommand(b -> b.documentName("AWS-RunShellScript")
                .instanceIds(Collections.nCopies(51, INSTANCE))))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.getMessage())
                        .contains("at 'instanceIds' failed to satisfy constraint: Member must have length less than or equal to 50"));
        // ListCommandInvocations: CommandId fixed length 36, MaxResults 1..50
        // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ListCommandInvocations.html
        assertThatThrownBy(() -> ssm.listCommandInvocations(b -> b.commandId("short")))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.getMessage()).contains("at 'commandId'"));
        assertThatThrownBy(() -> ssm.listCommandInvocations(b -> b.maxResults(51)))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.getMessage())
                        .contains("Member must have value less than or equal to 50"));
    }
}
