package dev.trae.testkit.aws.cloudtrail;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * Contract of {@link CloudTrailFake}. The LookupEvents reference page
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html) has no response example that
 * we could find, and the AWS service model carries none, so the contract here is the response model itself: the fake's
 * answer uses only members of {@code LookupEventsResponse} with their types, and parses through the real client.
 */
class CloudTrailFakeContractTest {
    private FakeAwsServer server;
    private final CloudTrailFake fake = new CloudTrailFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private CloudTrailClient trail;

    @BeforeEach
    void start() {
        server = FakeAwsServer.start("cloudtrail");
        fake.install(server);
        trail = client(CloudTrailClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        trail.close();
        server.close();
    }

    @Test
    void lookupEvents_fakeAnswer_isModelledAndParses() {
        fake.addEvent("Decrypt", "kms.amazonaws.com", Instant.parse("2026-01-02T03:04:05Z"), "alice", "arn:aws:kms:us-east-1:1:key/k");
        LookupEventsResponse r = trail.lookupEvents(b -> b.lookupAttributes(LookupAttribute.builder()
                .attributeKey("ResourceName").attributeValue("arn:aws:kms:us-east-1:1:key/k").build()).maxResults(10));
        assertModelled(LookupEventsResponse.class, raw.lastJson());
        assertThat(r.events()).singleElement().satisfies(e -> {
            assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(e.resources()).singleElement().satisfies(res -> assertThat(res.resourceName()).endsWith(":key/k"));
            assertThat(e.cloudTrailEvent()).contains("\"eventName\":\"Decrypt\"");
        });
    }

    // MaxResults 1..50, InvalidMaxResultsException; AttributeKey enum, InvalidLookupAttributesException (page's Errors)
    @Test
    void lookupEvents_invalidRequests_getTheDocumentedErrors() {
        assertThatThrownBy(() -> trail.lookupEvents(b -> b.maxResults(51)))
                .isInstanceOfSatisfying(CloudTrailException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidMaxResultsException");
                });
        assertThatThrownBy(() -> trail.lookupEvents(b -> b.lookupAttributes(LookupAttribute.builder()
                .attributeKey("Color").attributeValue("blue").build())))
                .isInstanceOfSatisfying(CloudTrailException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidLookupAttributesException");
                    assertThat(e.getMessage()).contains("lookupAttributes.1.attributeKey");
                });
        assertThatThrownBy(() -> trail.lookupEvents(b -> b.eventCategory("Nope")))
                .isInstanceOfSatisfying(CloudTrailException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidEventCategoryException"));
    }
}
