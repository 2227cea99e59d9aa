package dev.trae.mcp.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import dev.trae.aws.core.TraeConfig;
import dev.trae.mcp.McpSettings;
import dev.trae.oracle.JdbcSource;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.aws.bedrock.BedrockFake;
import dev.trae.testkit.aws.bedrockruntime.BedrockRuntimeFake;
import dev.trae.testkit.aws.rekognition.RekognitionFake;
import dev.trae.testkit.aws.rekognition.VisionScenes;
import dev.trae.testkit.aws.textract.TextractFake;

/**
 * {@code --local}: the server on Trae Local. Starts the embedded S3 and the fakes the tools need: Bedrock
 * (runtime and catalog), Rekognition and Textract programmed with the testkit's login screen and purchase order
 * (other images get the fakes' sample content), a seeded in-memory H2 connection {@code local-demo} with an
 * {@code INCIDENTS} table and the export destination {@code default} in the embedded S3.
 *
 * <p>{@code local.stream-chars} and {@code local.stream-delay-ms} pace the Bedrock fake's token stream (a
 * realistic pace makes progress and cancellation visible; by default it streams at once).
 */
final class LocalMode implements AutoCloseable {
    static final String CONNECTION = "local-demo";
    static final String BUCKET = "trae-mcp-local";
    private final TraeLocal local;
    private final String h2Url;

    private LocalMode(TraeLocal local, String h2Url) {
        this.local = local;
        this.h2Url = h2Url;
    }

    static LocalMode start(McpSettings settings) {
        TraeLocal local = TraeLocal.start();
        BedrockRuntimeFake runtime = new BedrockRuntimeFake();
        int chars = Integer.parseInt(settings.property("local.stream-chars").orElse("0"));
        long delay = Long.parseLong(settings.property("local.stream-delay-ms").orElse("0"));
        if (chars > 0) {
            runtime.streaming(chars, Duration.ofMillis(delay));
        }
        local.fake("bedrock-runtime", runtime);
        local.fake("bedrock", new BedrockFake());
        VisionScenes.ImageScene screen = VisionScenes.loginScreen();
        VisionScenes.DocumentScene form = VisionScenes.purchaseOrder(42);
        local.fake("rekognition", new RekognitionFake()).program(screen.png(), screen.content());
        local.fake("textract", new TextractFake()).program(form.png(), form.content());
        local.s3().createBucket(BUCKET);
        String url = "jdbc:h2:mem:trae_mcp_" + Long.toHexString(System.nanoTime()) + ";MODE=Oracle;DB_CLOSE_DELAY=-1";
        seed(url);
        return new LocalMode(local, url);
    }

    private static void seed(String url) {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE INCIDENTS (ID NUMBER(10) PRIMARY KEY, STATION VARCHAR2(40), SEVERITY NUMBER(1), NOTES VARCHAR2(200))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO INCIDENTS VALUES (?, ?, ?, ?)")) {
                String[] stations = {"Kyiv-12", "Lviv-3", "Odesa-7", "Kharkiv-1"};
                for (int i = 1; i <= 500; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, stations[i % stations.length]);
                    ps.setInt(3, 1 + i % 5);
                    ps.setString(4, i % 3 == 0 ? null : "pump " + (i % 8) + " checked");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the local demo database: " + e.getMessage(), e);
        }
    }

    TraeConfig.Builder configBuilder() {
        return local.configBuilder();
    }

    Optional<JdbcSource> connection(String name) {
        return CONNECTION.equals(name) ? Optional.of(JdbcSource.url(h2Url, "sa", "")) : Optional.empty();
    }

    Set<String> connectionNames() {
        return Set.of(CONNECTION);
    }

    Optional<String> destination(String name) {
        return "default".equals(name) ? Optional.of("s3://" + BUCKET + "/exports/") : Optional.empty();
    }

    @Override
    public void close() {
        local.close();
    }
}
