package dev.trae.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.trae.aws.bedrock.TraeBedrockClient;
import dev.trae.aws.bedrock.model.ConverseResult;
import dev.trae.aws.core.TraeConfig;
import dev.trae.ocr.OcrEngine;
import dev.trae.ocr.model.OcrDocument;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A Quarkus application with only {@code trae-quarkus}, {@code trae-aws-bedrock} and {@code trae-ocr}: no endpoint is
 * configured, so the Dev Services start Trae Local and the injected beans talk to it.
 */
@QuarkusTest
class TraeExtensionTest {

    @Inject
    TraeBedrockClient bedrock;

    @Inject
    OcrEngine ocr;

    @Inject
    TraeConfig config;

    @Inject
    BeanManager beans;

    @ConfigProperty(name = "quarkus.trae.endpoints.bedrock-runtime")
    String bedrockEndpoint;

    @Test
    void config_whenNoEndpointIsConfigured_pointsAtTraeLocal() {
        assertThat(config.mode()).isEqualTo(TraeConfig.Mode.LOCAL);
        assertThat(bedrockEndpoint).startsWith("http://127.0.0.1:");
        assertThat(config.endpoint("bedrock-runtime")).contains(URI.create(bedrockEndpoint));
        assertThat(config.endpoint("textract")).isPresent();
    }

    @Test
    void converse_throughInjectedClient_isAnsweredByTraeLocal() {
        ConverseResult result = bedrock.converse(r -> r.modelId("amazon.nova-lite-v1:0").user("Diesel price at station 7?"));

        // the Bedrock runtime fake's default responder; a real model would not echo the prompt
        assertThat(result.text()).isEqualTo("Answer to: Diesel price at station 7?");
        assertThat(result.usage().inputTokens()).isPositive();
        assertThat(result.usage().outputTokens()).isPositive();
    }

    @Test
    void recognize_throughInjectedEngine_readsRenderedText() {
        OcrDocument doc = ocr.recognize(page("DELIVERY NOTE 4711", "DIESEL 12000 LITRES"), "note.png");

        assertThat(doc.text()).contains("DELIVERY NOTE 4711").contains("DIESEL 12000 LITRES");
        assertThat(ocr.languages()).isEqualTo("eng");
    }

    @Test
    void beans_whenModulesAreAbsent_areNotRegistered() {
        Set<String> traeTypes = beans.getBeans(Object.class).stream()
                .flatMap(b -> b.getTypes().stream())
                .map(t -> t.getTypeName())
                .filter(n -> n.startsWith("dev.trae."))
                .collect(Collectors.toSet());

        assertThat(traeTypes).contains(TraeConfig.class.getName(), TraeBedrockClient.class.getName(), OcrEngine.class.getName())
                .noneMatch(n -> n.contains("VisionClient") || n.contains("LexClient") || n.contains("SimulationClient")
                        || n.contains("TrainingClient") || n.contains("OracleExporter") || n.contains("SecretsProvider"));
        Bean<?> configBean = beans.resolve(beans.getBeans(TraeConfig.class));
        assertThat(configBean).isNotNull();
    }

    private static BufferedImage page(String... lines) {
        BufferedImage img = new BufferedImage(1400, 120 + 90 * lines.length, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 56));
            for (int i = 0; i < lines.length; i++) {
                g.drawString(lines[i], 60, 110 + 90 * i);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
