import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.training.TrainingClient;

public class Smoke {
    public static void main(String[] args) {
        TraeConfig config = TraeConfig.builder().region("us-east-1").credentials(TraeCredentials.staticKeys("AKIDSMOKE", "smoke-secret")).build();
        try (TrainingClient training = TrainingClient.create(config)) {
            System.out.println("SMOKE-OK " + training.getClass().getSimpleName());
        }
    }
}
