import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.trae.security.EnvelopeKeyProvider;
import dev.trae.security.LocalKeyring;

public class Smoke {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("trae-smoke");
        try (EnvelopeKeyProvider kms = LocalKeyring.createOrLoad(dir.resolve("local.key"))) {
            byte[] box = kms.encrypt("pump 7".getBytes(StandardCharsets.UTF_8), Map.of("purpose", "smoke"));
            String back = new String(kms.decrypt(box, Map.of("purpose", "smoke")), StandardCharsets.UTF_8);
            System.out.println("SMOKE-OK " + back);
        }
    }
}
