import dev.trae.aws.core.TraeConfig;
import dev.trae.testkit.TraeLocal;
import software.amazon.awssdk.services.s3.S3Client;

public class Smoke {
    public static void main(String[] args) {
        try (TraeLocal local = TraeLocal.start()) {
            S3Client s3 = local.s3().client();
            s3.createBucket(b -> b.bucket("smoke"));
            System.out.println("SMOKE-OK " + s3.listBuckets().buckets().get(0).name());
        }
    }
}
