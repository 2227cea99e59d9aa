import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.oracle.OracleExporter;

public class Smoke {
    public static void main(String[] args) {
        TraeConfig config = TraeConfig.builder().region("eu-central-1").credentials(TraeCredentials.staticKeys("AKIDSMOKE", "smoke-secret")).build();
        try (OracleExporter exporter = OracleExporter.create(config)) {
            System.out.println("SMOKE-OK " + exporter.getClass().getSimpleName());
        }
    }
}
