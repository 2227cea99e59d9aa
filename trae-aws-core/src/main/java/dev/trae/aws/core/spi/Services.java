package dev.trae.aws.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * The registry of AWS services the modules use. Each entry owns its id (the key of endpoint overrides, rate
 * limits and circuit breakers) and its client settings, so no module decides them on its own.
 *
 * <pre>{@code
 * ServiceClient<S3Client> s3 = AwsClients.of(config).service(Services.S3, S3Client::builder);
 * s3.call("PutObject", c -> c.putObject(request, RequestBody.fromBytes(bytes)));
 * }</pre>
 */
public final class Services {
    public static final Service S3 = Service.of("s3", AwsClients.Profile.STANDARD, Service.Settings.S3);
    public static final Service STS = Service.of("sts");
    public static final Service KMS = Service.of("kms");
    public static final Service SECRETS_MANAGER = Service.of("secretsmanager");
    public static final Service CLOUDTRAIL = Service.of("cloudtrail");
    public static final Service LOGS = Service.of("logs");
    public static final Service BEDROCK = Service.of("bedrock");
    public static final Service BEDROCK_RUNTIME = Service.of("bedrock-runtime", AwsClients.Profile.GENERATIVE, Service.Settings.NONE);
    public static final Service BEDROCK_AGENT = Service.of("bedrock-agent");
    public static final Service BEDROCK_AGENT_RUNTIME = Service.of("bedrock-agent-runtime", AwsClients.Profile.GENERATIVE, Service.Settings.NONE);
    public static final Service REKOGNITION = Service.of("rekognition");
    public static final Service TEXTRACT = Service.of("textract");
    public static final Service LEX_RUNTIME = Service.of("lex-runtime");
    public static final Service LEX_MODELS = Service.of("lex-models");
    public static final Service SAGEMAKER = Service.of("sagemaker");
    public static final Service EC2 = Service.of("ec2");
    public static final Service SSM = Service.of("ssm");
    public static final Service BATCH = Service.of("batch");
    /** The AWS Price List Query API (GetProducts); served from a few regions only, so its clients set their own region. */
    public static final Service PRICING = Service.of("pricing");

    private static final List<Service> ALL = List.of(S3, STS, KMS, SECRETS_MANAGER, CLOUDTRAIL, LOGS, BEDROCK,
            BEDROCK_RUNTIME, BEDROCK_AGENT, BEDROCK_AGENT_RUNTIME, REKOGNITION, TEXTRACT, LEX_RUNTIME, LEX_MODELS,
            SAGEMAKER, EC2, SSM, BATCH, PRICING);

    private Services() {
    }

    /** Every registered service. */
    public static List<Service> all() {
        return ALL;
    }

    /** The registered service with this id. */
    public static Optional<Service> byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
