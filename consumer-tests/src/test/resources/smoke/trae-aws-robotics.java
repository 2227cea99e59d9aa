import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.robotics.SimulationClient;

public class Smoke {
    public static void main(String[] args) {
        TraeConfig config = TraeConfig.builder().region("eu-central-1").credentials(TraeCredentials.staticKeys("AKIDSMOKE", "smoke-secret")).build();
        try (SimulationClient sims = SimulationClient.builder().config(config).jobQueue("robotics-queue").build()) {
            System.out.println("SMOKE-OK " + sims.getClass().getSimpleName());
        }
    }
}
