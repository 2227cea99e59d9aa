package dev.trae.testkit.aws.batch;

import static dev.trae.testkit.contract.Contract.assertModelled;
import static dev.trae.testkit.contract.Contract.assertSameShape;
import static dev.trae.testkit.contract.Contract.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trae.testkit.contract.Contract;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.FakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.BatchException;
import software.amazon.awssdk.services.batch.model.CancelJobResponse;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsResponse;
import software.amazon.awssdk.services.batch.model.DescribeJobsResponse;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionResponse;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.SubmitJobResponse;
import software.amazon.awssdk.services.batch.model.TerminateJobResponse;

/**
 * Contract of {@link BatchFake}: the documented examples of the AWS Batch reference pages (the examples the AWS service
 * model carries, trimmed) parse through the real {@link BatchClient} over REST-JSON, and the fake answers the same
 * members; invalid requests are refused before the fake acts.
 */
class BatchFakeContractTest {
    private FakeAwsServer docs;
    private FakeAwsServer server;
    private final BatchFake fake = new BatchFake();
    private final Contract.RawBodies raw = new Contract.RawBodies();
    private BatchClient documented;
    private BatchClient batch;

    @BeforeEach
    void start() {
        docs = FakeAwsServer.start("batch-docs");
        server = FakeAwsServer.start("batch");
        fake.install(server);
        documented = client(BatchClient.builder(), docs.endpoint());
        batch = client(BatchClient.builder(), server.endpoint(), raw);
    }

    @AfterEach
    void stop() {
        documented.close();
        batch.close();
        docs.close();
        server.close();
    }

    private static final ContainerProperties SLEEP = ContainerProperties.builder().image("busybox").command("sleep", "10")
            .resourceRequirements(ResourceRequirement.builder().type("MEMORY").value("128").build(),
                    ResourceRequirement.builder().type("VCPU").value("1").build()).build();

    // https://docs.aws.amazon.com/batch/latest/APIReference/API_RegisterJobDefinition.html, API_DescribeJobDefinitions.html (Examples)
    @Test
    void jobDefinitions_documentedExamples_parseAndFakeAnswersTheSameMembers() {
        docs.rest("RegisterJobDefinition", "POST", "/v1/registerjobdefinition", r -> FakeResponse.json("{\"jobDefinitionArn\":"
                + "\"arn:aws:batch:us-east-1:012345678910:job-definition/sleep10:1\",\"jobDefinitionName\":\"sleep10\",\"revision\":1}"));
        docs.rest("DescribeJobDefinitions", "POST", "/v1/describejobdefinitions", r -> FakeResponse.json("{\"jobDefinitions\":[{\"type\":"
                + "\"container\",\"containerProperties\":{\"command\":[\"sleep\",\"60\"],\"environment\":[],\"image\":\"busybox\",\"mountPoints\":[],"
                + "\"resourceRequirements\":[{\"type\":\"MEMORY\",\"value\":\"128\"},{\"type\":\"VCPU\",\"value\":\"1\"}],\"ulimits\":[],\"volumes\":[]},"
                + "\"jobDefinitionArn\":\"arn:aws:batch:us-east-1:012345678910:job-definition/sleep60:1\",\"jobDefinitionName\":\"sleep60\","
                + "\"revision\":1,\"status\":\"ACTIVE\"}]}"));
        RegisterJobDefinitionResponse doc = documented.registerJobDefinition(b -> b.jobDefinitionName("sleep10").type("container")
                .containerProperties(SLEEP));
        DescribeJobDefinitionsResponse docDefs = documented.describeJobDefinitions(b -> b.status("ACTIVE"));
        assertThat(doc.revision()).isEqualTo(1);
        assertThat(docDefs.jobDefinitions().get(0).containerProperties().resourceRequirements()).hasSize(2);

        RegisterJobDefinitionResponse mine = batch.registerJobDefinition(b -> b.jobDefinitionName("sleep10").type("container")
                .containerProperties(SLEEP));
        assertModelled(RegisterJobDefinitionResponse.class, raw.lastJson());
        DescribeJobDefinitionsResponse myDefs = batch.describeJobDefinitions(b -> b.status("ACTIVE"));
        assertModelled(DescribeJobDefinitionsResponse.class, raw.lastJson());
        assertSameShape(doc, mine);
        // the fake keeps the registered definition as sent; the example's empty lists are members AWS fills in
        assertSameShape(docDefs, myDefs);
    }

    // https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html, API_DescribeJobs.html, API_ListJobs.html,
    // API_CancelJob.html, API_TerminateJob.html (Examples)
    @Test
    void jobs_documentedExamples_parseAndFakeAnswersTheSameMembers() {
        docs.rest("SubmitJob", "POST", "/v1/submitjob", r -> FakeResponse.json(
                "{\"jobId\":\"876da822-4198-45f2-a252-6cea32512ea8\",\"jobName\":\"example\"}"));
        docs.rest("DescribeJobs", "POST", "/v1/describejobs", r -> FakeResponse.json("{\"jobs\":[{\"container\":{\"command\":[\"sleep\",\"60\"],"
                + "\"exitCode\":0,\"image\":\"busybox\",\"memory\":128,\"vcpus\":1},\"createdAt\":1480460782010,\"dependsOn\":[],"
                + "\"jobDefinition\":\"sleep60\",\"jobId\":\"24fa2d7a-64c4-49d2-8b47-f8da4fbde8e9\",\"jobName\":\"example\","
                + "\"jobQueue\":\"arn:aws:batch:us-east-1:012345678910:job-queue/HighPriority\",\"parameters\":{},\"startedAt\":1480460816500,"
                + "\"status\":\"SUCCEEDED\",\"stoppedAt\":1480460880699}]}"));
        docs.rest("ListJobs", "POST", "/v1/listjobs", r -> FakeResponse.json(
                "{\"jobSummaryList\":[{\"jobId\":\"e66ff5fd-a1ff-4640-b1a2-0b0a142f49bb\",\"jobName\":\"example\"}]}"));
        docs.rest("CancelJob", "POST", "/v1/canceljob", r -> FakeResponse.json("{}"));
        docs.rest("TerminateJob", "POST", "/v1/terminatejob", r -> FakeResponse.json("{}"));
        SubmitJobResponse doc = documented.submitJob(b -> b.jobName("example").jobQueue("HighPriority").jobDefinition("sleep60"));
        DescribeJobsResponse docJobs = documented.describeJobs(b -> b.jobs("24fa2d7a-64c4-49d2-8b47-f8da4fbde8e9"));
        ListJobsResponse docList = documented.listJobs(b -> b.jobQueue("HighPriority"));
        documented.cancelJob(b -> b.jobId("1d828f65-7a4d-42e8-996d-3b900ed59dc4").reason("Cancelling job."));
        documented.terminateJob(b -> b.jobId("61e743ed-35e4-48da-b2de-5c8333821c84").reason("Terminating job."));
        assertThat(docJobs.jobs().get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(docJobs.jobs().get(0).stoppedAt()).isEqualTo(1480460880699L);

        batch.registerJobDefinition(b -> b.jobDefinitionName("sleep60").type("container").containerProperties(SLEEP));
        SubmitJobResponse mine = batch.submitJob(b -> b.jobName("example").jobQueue("HighPriority").jobDefinition("sleep60"));
        assertModelled(SubmitJobResponse.class, raw.lastJson());
        assertSameShape(doc, mine);
        DescribeJobsResponse myJobs = batch.describeJobs(b -> b.jobs(mine.jobId()));
        assertModelled(DescribeJobsResponse.class, raw.lastJson());
        assertThat(myJobs.jobs()).singleElement().satisfies(j -> assertThat(j.jobName()).isEqualTo("example"));
        ListJobsResponse myList = batch.listJobs(b -> b.jobQueue("HighPriority"));
        assertModelled(ListJobsResponse.class, raw.lastJson());
        assertSameShape(docList, myList);
        CancelJobResponse cancelled = batch.cancelJob(b -> b.jobId(mine.jobId()).reason("Cancelling job."));
        assertModelled(CancelJobResponse.class, raw.lastJson());
        TerminateJobResponse terminated = batch.terminateJob(b -> b.jobId(mine.jobId()).reason("Terminating job."));
        assertModelled(TerminateJobResponse.class, raw.lastJson());
        assertThat(cancelled).isNotNull();
        assertThat(terminated).isNotNull();
    }

    // reason is required: https://docs.aws.amazon.com/batch/latest/APIReference/API_TerminateJob.html;
    // jobStatus enum: https://docs.aws.amazon.com/batch/latest/APIReference/API_ListJobs.html. Batch has no
    // ValidationException: every action's "Errors" section lists only ClientException (HTTP 400, "caused by a client
    // action ... specifying an identifier that's not valid") and ServerException (500), and so does the service model.
    @Test
    void invalidRequests_areRefused() {
        assertThatThrownBy(() -> batch.terminateJob(b -> b.jobId("j")))
                .isInstanceOfSatisfying(BatchException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ClientException");
                    assertThat(e.getMessage()).contains("Value null at 'reason'");
                });
        assertThatThrownBy(() -> batch.listJobs(b -> b.jobQueue("q").jobStatus("DONE")))
                .isInstanceOfSatisfying(BatchException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ClientException");
                    assertThat(e.getMessage()).contains("at 'jobStatus'");
                });
        assertThat(fake.submittedJobs()).isZero();
    }
}
