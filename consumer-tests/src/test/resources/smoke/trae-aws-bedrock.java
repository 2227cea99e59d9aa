import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;

public class Smoke {
    public static void main(String[] args) {
        TraeConfig config = TraeConfig.builder().region("us-east-1").credentials(TraeCredentials.staticKeys("AKIDSMOKE", "smoke-secret")).build();
        try (TraeBedrockClient bedrock = TraeBedrockClient.create(config)) {
            System.out.println("SMOKE-OK " + bedrock.getClass().getSimpleName());
        }
    }
}
