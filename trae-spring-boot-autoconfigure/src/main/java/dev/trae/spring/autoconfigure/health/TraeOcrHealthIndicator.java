package dev.trae.spring.autoconfigure.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.trae.ocr.OcrEngine;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP when every language the OCR engine loaded still has its {@code .traineddata} file in the engine's tessdata
 * directory (a package upgrade or a cleaned volume can remove them while the application runs); DOWN naming the
 * missing languages otherwise. Reads the file system only; no recognition runs.
 */
public final class TraeOcrHealthIndicator extends AbstractHealthIndicator {
    private final OcrEngine engine;

    /** Checks {@code engine}'s language data. */
    public TraeOcrHealthIndicator(OcrEngine engine) {
        super("Trae OCR language data could not be checked");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Path dir = engine.tessdataPath();
        List<String> missing = new ArrayList<>();
        for (String lang : engine.languages().split("\\+")) {
            if (!Files.isRegularFile(dir.resolve(lang + ".traineddata"))) {
                missing.add(lang);
            }
        }
        builder.withDetail("tessdata", dir.toString()).withDetail("languages", engine.languages())
                .withDetail("poolSize", engine.poolSize());
        if (missing.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("missing", missing);
        }
    }
}
