package dev.trae.testkit.aws.sts;

import static dev.trae.testkit.contract.Contract.assertSameShape;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Contract of {@link StsFake}: the documented GetCallerIdentity example
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html, Examples) in the Query protocol's
 * XML parses through the real {@link StsClient}, and the fake answers the same members. GetCallerIdentity has no
 * request members, so there is nothing for a model check to refuse; an unknown key is InvalidClientTokenId (403) and an
 * unknown action InvalidAction, as documented in https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html.
 */
class StsFakeContractTest {
    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private FakeAwsServer docs;
    private FakeAwsServer server;
    private final StsFake fake = new StsFake();
    private StsClient documented;
    private StsClient sts;

    @BeforeEach
    void start() {
        docs = FakeAwsServer.start("sts-docs");
        server = FakeAwsServer.start("sts");
        fake.install(server);
        documented = client(StsClient.builder(), docs.endpoint());
        sts = client(StsClient.builder(), server.endpoint());
    }

    @AfterEach
    void stop() {
        documented.close();
        sts.close();
        docs.close();
        server.close();
    }

    @Test
    void getCallerIdentity_documentedExample_parsesAndFakeAnswersTheSameMembers() {
        docs.rest("GetCallerIdentity", "POST", "/", r -> FakeResponse.bytes(200, "text/xml", ("<GetCallerIdentityResponse xmlns=\"" + NS + "\">"
                + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/Alice</Arn><UserId>AKIAI44QH8DHBEXAMPLE</UserId>"
                + "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef"
                + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>").getBytes(StandardCharsets.UTF_8)));
        GetCallerIdentityResponse doc = documented.getCallerIdentity();
        assertThat(doc.account()).isEqualTo("123456789012");
        assertThat(doc.arn()).isEqualTo("arn:aws:iam::123456789012:user/Alice");

        fake.identity("AKIDTRAELOCAL", "arn:aws:iam::123456789012:user/Alice", "AKIAI44QH8DHBEXAMPLE");
        GetCallerIdentityResponse mine = sts.getCallerIdentity();
        assertThat(mine.equalsBySdkFields(doc)).as("same values as the example").isTrue();
        assertSameShape(doc, mine);
    }

    @Test
    void getCallerIdentity_unknownAccessKey_isInvalidClientTokenId() {
        assertThatThrownBy(() -> sts.getCallerIdentity()).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        });
    }
}
