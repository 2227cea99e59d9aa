package dev.trae.testkit.aws.ec2;

import static dev.trae.testkit.contract.Contract.assertSameShape;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeRequest;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

/**
 * Contract of {@link Ec2Fake} (EC2 query protocol, XML answers). CreateSecurityGroup, DescribeInstanceStatus and
 * TerminateInstances: the documented examples of their reference pages (the examples the AWS service model carries,
 * written in EC2's XML wire form) parse through the real {@link Ec2Client}, and the fake answers the same members.
 * The other EC2 operations the fake serves have no response example in the service model; their XML is exercised by the
 * training module's tests. Invalid requests get MissingParameter / InvalidParameterValue (errors-overview.html).
 */
class Ec2FakeContractTest {
    private static final String NS = Ec2Fake.NAMESPACE;

    private FakeAwsServer docs;
    private FakeAwsServer server;
    private final Ec2Fake fake = new Ec2Fake().pendingDescribes(0).initializingChecks(0);
    private Ec2Client documented;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        docs = FakeAwsServer.start("ec2-docs");
        server = FakeAwsServer.start("ec2");
        fake.install(server);
        documented = client(Ec2Client.builder(), docs.endpoint());
        ec2 = client(Ec2Client.builder(), server.endpoint());
    }

    @AfterEach
    void stop() {
        documented.close();
        ec2.close();
        docs.close();
        server.close();
    }

    private static FakeResponse xml(FakeRequest r, String action, String inner) {
        return FakeResponse.bytes(200, "text/xml;charset=UTF-8", ("<" + action + "Response xmlns=\"" + NS + "\"><requestId>"
                + "59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>" + inner + "</" + action + "Response>").getBytes(StandardCharsets.UTF_8));
    }

    private String runOne() {
        return ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("trn1.2xlarge").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
    }

    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (Examples)
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceStatus.html (Examples)
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html (Examples)
    @Test
    void documentedExamples_parseAndFakeAnswersTheSameMembers() {
        docs.query("/", r -> {
            String body = r.bodyString();
            if (body.contains("Action=CreateSecurityGroup")) {
                return xml(r, "CreateSecurityGroup", "<return>true</return><groupId>sg-903004f8</groupId>");
            }
            if (body.contains("Action=DescribeInstanceStatus")) {
                return xml(r, "DescribeInstanceStatus", "<instanceStatusSet><item><instanceId>i-1234567890abcdef0</instanceId>"
                        + "<availabilityZone>us-east-1d</availabilityZone><instanceState><code>16</code><name>running</name></instanceState>"
                        + "<systemStatus><status>ok</status><details><item><name>reachability</name><status>passed</status></item></details>"
                        + "</systemStatus><instanceStatus><status>ok</status><details><item><name>reachability</name><status>passed</status>"
                        + "</item></details></instanceStatus></item></instanceStatusSet>");
            }
            return xml(r, "TerminateInstances", "<instancesSet><item><instanceId>i-1234567890abcdef0</instanceId><currentState><code>32</code>"
                    + "<name>shutting-down</name></currentState><previousState><code>16</code><name>running</name></previousState></item>"
                    + "</instancesSet>");
        });
        CreateSecurityGroupResponse docSg = documented.createSecurityGroup(b -> b.groupName("my-security-group").description("My security group"));
        DescribeInstanceStatusResponse docStatus = documented.describeInstanceStatus(b -> b.instanceIds("i-1234567890abcdef0"));
        TerminateInstancesResponse docTerm = documented.terminateInstances(b -> b.instanceIds("i-1234567890abcdef0"));
        assertThat(docSg.groupId()).isEqualTo("sg-903004f8");
        assertThat(docStatus.instanceStatuses().get(0).instanceStatus().status()).isEqualTo(SummaryStatus.OK);
        assertThat(docTerm.terminatingInstances().get(0).currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);

        CreateSecurityGroupResponse sg = ec2.createSecurityGroup(b -> b.groupName("my-security-group").description("My security group"));
        assertSameShape(docSg, sg);
        String id = runOne();
        ec2.describeInstances(b -> b.instanceIds(id));
        DescribeInstanceStatusResponse status = ec2.describeInstanceStatus(b -> b.instanceIds(id));
        assertSameShape(docStatus, status);
        TerminateInstancesResponse term = ec2.terminateInstances(b -> b.instanceIds(id));
        assertSameShape(docTerm, term);
        assertThat(term.terminatingInstances().get(0).previousState().name()).isEqualTo(InstanceStateName.RUNNING);
    }

    // MinCount and MaxCount are required: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html;
    // InstanceType is an enum of the SDK model; GroupName up to 255: API_CreateSecurityGroup.html
    @Test
    void invalidRequests_getEc2ErrorCodes() {
        assertThatThrownBy(() -> ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("trn1.2xlarge")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
                });
        assertThatThrownBy(() -> ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").instanceType("m99.colossal").minCount(1).maxCount(1)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> ec2.createSecurityGroup(b -> b.groupName("g".repeat(256)).description("d")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThat(fake.instances()).isEmpty();
    }
}
