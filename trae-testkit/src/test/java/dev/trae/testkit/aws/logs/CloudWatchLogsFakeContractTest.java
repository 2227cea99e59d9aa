package dev.trae.testkit.aws.logs;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;

/**
 * Contract of {@link CloudWatchLogsFake}. The AWS service model carries no response examples for these operations and
 * none was found for the reference pages with the tools at hand, so the contract is the response model: every answer
 * of the fake uses only modelled members with their types and parses through the real {@link CloudWatchLogsClient}.
 * Invalid requests get {@code InvalidParameterException} with AWS's validation message.
 */
class CloudWatchLogsFakeContractTest {
    private FakeAwsServer server;
    private final CloudWatchLogsFake fake = new CloudWatchLogsFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private CloudWatchLogsClient logs;

    @BeforeEach
    void start() {
        server = FakeAwsServer.start("logs");
        fake.install(server);
        logs = client(CloudWatchLogsClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        logs.close();
        server.close();
    }

    @Test
    void everyOperation_fakeAnswer_isModelledAndParses() {
        logs.createLogGroup(b -> b.logGroupName("/trae/sim"));
        assertModelled(CreateLogGroupResponse.class, raw.lastJson());
        logs.createLogStream(b -> b.logGroupName("/trae/sim").logStreamName("job-1/main"));
        assertModelled(CreateLogStreamResponse.class, raw.lastJson());
        logs.putLogEvents(b -> b.logGroupName("/trae/sim").logStreamName("job-1/main")
                .logEvents(InputLogEvent.builder().timestamp(1_700_000_000_000L).message("hello").build()));
        assertModelled(PutLogEventsResponse.class, raw.lastJson());
        GetLogEventsResponse got = logs.getLogEvents(b -> b.logGroupName("/trae/sim").logStreamName("job-1/main").startFromHead(true));
        assertModelled(GetLogEventsResponse.class, raw.lastJson());
        assertThat(got.events()).singleElement().satisfies(e -> assertThat(e.message()).isEqualTo("hello"));
        assertThat(got.nextForwardToken()).isNotNull();
        assertThat(got.nextBackwardToken()).isNotNull();
        FilterLogEventsResponse filtered = logs.filterLogEvents(b -> b.logGroupName("/trae/sim").filterPattern("hello"));
        assertModelled(FilterLogEventsResponse.class, raw.lastJson());
        assertThat(filtered.events()).singleElement().satisfies(e -> assertThat(e.logStreamName()).isEqualTo("job-1/main"));
        DescribeLogStreamsResponse streams = logs.describeLogStreams(b -> b.logGroupName("/trae/sim"));
        assertModelled(DescribeLogStreamsResponse.class, raw.lastJson());
        assertThat(streams.logStreams()).extracting(s -> s.logStreamName()).containsExactly("job-1/main");
    }

    // logStreamName pattern [^:*]* and logGroupName length 1..512:
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
    @Test
    void createLogStream_invalidNames_areInvalidParameterExceptions() {
        logs.createLogGroup(b -> b.logGroupName("g"));
        assertThatThrownBy(() -> logs.createLogStream(b -> b.logGroupName("g").logStreamName("task/arn:aws:ecs:x")))
                .isInstanceOfSatisfying(CloudWatchLogsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
                    assertThat(e.getMessage()).contains("at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*");
                });
        assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName("g".repeat(513))))
                .isInstanceOfSatisfying(CloudWatchLogsException.class, e -> assertThat(e.getMessage())
                        .contains("Member must have length less than or equal to 512"));
    }

    // logEvents required, 1..10000: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
    // limit 1..10000: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
    @Test
    void putAndGet_invalidRequests_areInvalidParameterExceptions() {
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName("g").logStreamName("s")))
                .isInstanceOfSatisfying(CloudWatchLogsException.class, e -> assertThat(e.getMessage())
                        .contains("Value null at 'logEvents' failed to satisfy constraint: Member must not be null"));
        assertThatThrownBy(() -> logs.getLogEvents(b -> b.logGroupName("g").logStreamName("s").limit(0)))
                .isInstanceOfSatisfying(CloudWatchLogsException.class, e -> assertThat(e.getMessage())
                        .contains("Member must have value greater than or equal to 1"));
    }
}
