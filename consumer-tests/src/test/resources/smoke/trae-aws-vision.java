import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.vision.VisionClient;

public class Smoke {
    public static void main(String[] args) {
        TraeConfig config = TraeConfig.builder().region("eu-central-1").credentials(TraeCredentials.staticKeys("AKIDSMOKE", "smoke-secret")).build();
        try (VisionClient vision = VisionClient.create(config)) {
            System.out.println("SMOKE-OK " + vision.getClass().getSimpleName());
        }
    }
}
