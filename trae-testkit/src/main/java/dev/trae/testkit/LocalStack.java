package dev.trae.testkit;

import java.util.Optional;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;

/**
 * The optional LocalStack tier (through Testcontainers), for {@code *IntegrationTest}s. It needs a
 * Docker engine and, since 2026-03, a {@code LOCALSTACK_AUTH_TOKEN}; without either,
 * {@link #unavailableReason()} says why, so tests skip with that reason. Rekognition and Lex are
 * not emulated by LocalStack: use the Trae Local fakes for them. Requires the optional
 * {@code org.testcontainers:localstack} dependency.
 *
 * <pre>{@code
 * assumeTrue(LocalStack.unavailableReason().isEmpty(), () -> LocalStack.unavailableReason().get());
 * try (LocalStackContainer ls = LocalStack.start()) {
 *     TraeConfig config = LocalStack.config(ls);
 * }
 * }</pre>
 */
public final class LocalStack {
    /** The image used; pin it so runs are reproducible. */
    public static final String IMAGE = "localstack/localstack-pro:4.9";

    private LocalStack() {
    }

    /** Why the LocalStack tier cannot run here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            return Optional.of("no Docker engine is reachable, so the LocalStack tier (Testcontainers) is skipped");
        }
        if (token == null || token.isBlank()) {
            return Optional.of("LOCALSTACK_AUTH_TOKEN is not set; LocalStack images need it since 2026-03, so this tier is skipped");
        }
        return Optional.empty();
    }

    /** Starts LocalStack with the auth token from the environment. */
    public static LocalStackContainer start() {
        LocalStackContainer c = new LocalStackContainer(DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv("LOCALSTACK_AUTH_TOKEN", System.getenv("LOCALSTACK_AUTH_TOKEN"));
        c.start();
        return c;
    }

    /** A LOCAL-mode config pointing every service at the container. */
    public static TraeConfig config(LocalStackContainer c) {
        TraeConfig.Builder b = TraeConfig.builder().mode(TraeConfig.Mode.LOCAL).region(c.getRegion())
                .credentials(TraeCredentials.staticKeys(c.getAccessKey(), c.getSecretKey()));
        for (String service : new String[] {"s3", "kms", "secretsmanager", "sts", "logs", "batch", "ec2", "ssm", "sagemaker", "textract"}) {
            b.endpoint(service, c.getEndpoint());
        }
        return b.build();
    }
}
