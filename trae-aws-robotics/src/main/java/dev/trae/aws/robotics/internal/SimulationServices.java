package dev.trae.aws.robotics.internal;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.ServiceClient;
import dev.trae.aws.core.spi.Services;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The three guarded AWS clients of the simulation client (AWS Batch, CloudWatch Logs, S3), each from core's
 * {@link Services} registry, so every call goes through the config's resilience, translation and observation.
 * Not API.
 *
 * @param batch AWS Batch
 * @param logs  CloudWatch Logs (the containers' log streams)
 * @param s3    S3 (the output files)
 */
public record SimulationServices(ServiceClient<BatchClient> batch, ServiceClient<CloudWatchLogsClient> logs,
                                 ServiceClient<S3Client> s3) implements AutoCloseable {

    /** The clients of {@code config}. */
    public static SimulationServices of(TraeConfig config) {
        AwsClients clients = AwsClients.of(config);
        return new SimulationServices(clients.service(Services.BATCH, BatchClient::builder),
                clients.service(Services.LOGS, CloudWatchLogsClient::builder),
                clients.service(Services.S3, S3Client::builder));
    }

    @Override
    public void close() {
        batch.close();
        logs.close();
        s3.close();
    }
}
