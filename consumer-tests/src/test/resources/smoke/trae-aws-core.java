import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeConfig;

public class Smoke {
    public static void main(String[] args) {
        TraeConfig config = TraeConfig.builder().region("eu-central-1").build();
        System.out.println("SMOKE-OK " + config.region() + " " + S3Location.parse("s3://fuel-exports/a").key());
    }
}
