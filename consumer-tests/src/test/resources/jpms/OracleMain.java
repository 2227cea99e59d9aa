package smoke;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.TraeCredentials;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.oracle.Compression;
import dev.trae.oracle.ExportFormat;
import dev.trae.oracle.ExportResult;
import dev.trae.oracle.JdbcSource;
import dev.trae.oracle.OracleExporter;

/**
 * The JPMS application of ConsumerProjectIntegrationTest for trae-oracle: {@code Main parquet|none DIR [PG-URL]}.
 * Exports an H2 table as CSV and (with "parquet") as zstd CSV and Parquet to DIR, or (with "none") shows how zstd and
 * Parquet exports are refused without zstd-jni and the Parquet jars; with PG-URL, a CSV export of a query from PostgreSQL.
 */
public class Main {
    public static void main(String[] args) throws Exception {
        boolean parquet = args[0].equals("parquet");
        Path dir = Path.of(args[1]).toAbsolutePath();
        String url = "jdbc:h2:mem:jpms;MODE=Oracle;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ORDERS (ID INT PRIMARY KEY, CUSTOMER VARCHAR(20), AMOUNT DECIMAL(10,2))");
            st.execute("INSERT INTO ORDERS VALUES (1, 'ada', 12.50), (2, NULL, 3.00), (3, 'linus', 7.25)");
        }
        String module = OracleExporter.class.getModule().getName();
        System.out.println("JPMS-OK " + (module == null ? "unnamed" : module) + " " + Main.class.getModule().isNamed());
        TraeConfig config = TraeConfig.builder().region("eu-central-1")
                .credentials(TraeCredentials.staticKeys("AKIDSMOKE", "smoke-secret")).build();
        try (OracleExporter exporter = OracleExporter.create(config)) {
            Path csvDir = dir.resolve("csv");
            ExportResult csv = exporter.export(r -> r.source(JdbcSource.url(url, "sa", "")).table("ORDERS").key("ID")
                    .format(ExportFormat.CSV).destination(csvDir.toUri().toString()));
            System.out.println("CSV " + csv.rows() + " rows " + csv.files() + " files " + csv.path() + " "
                    + files(csvDir, ".csv").stream().map(Main::lines).collect(Collectors.toList()));

            Path parquetDir = dir.resolve("parquet");
            Path zstdDir = dir.resolve("zstd");
            if (parquet) {
                ExportResult zstd = exporter.export(r -> r.source(JdbcSource.url(url, "sa", "")).table("ORDERS").key("ID")
                        .format(ExportFormat.CSV).compression(Compression.ZSTD).destination(zstdDir.toUri().toString()));
                byte[] zst = Files.readAllBytes(files(zstdDir, ".csv.zst").get(0));
                System.out.println("ZSTD " + zstd.rows() + " rows " + java.util.HexFormat.of().formatHex(zst, 0, 4));
                ExportResult pq = exporter.export(r -> r.source(JdbcSource.url(url, "sa", "")).table("ORDERS").key("ID")
                        .format(ExportFormat.PARQUET).destination(parquetDir.toUri().toString()));
                byte[] file = Files.readAllBytes(files(parquetDir, ".parquet").get(0));
                System.out.println("PARQUET " + pq.rows() + " rows " + pq.files() + " files "
                        + new String(file, 0, 4, StandardCharsets.US_ASCII) + " "
                        + new String(file, file.length - 4, 4, StandardCharsets.US_ASCII));
            } else {
                try {
                    exporter.export(r -> r.source(JdbcSource.url(url, "sa", "")).table("ORDERS").key("ID")
                            .format(ExportFormat.PARQUET).destination(parquetDir.toUri().toString()));
                    System.out.println("PARQUET WITHOUT PARQUET JARS?");
                } catch (TraeValidationException e) {
                    System.out.println("NO-PARQUET " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    System.out.println("nothing written: " + !Files.exists(parquetDir));
                }
                try {
                    exporter.export(r -> r.source(JdbcSource.url(url, "sa", "")).table("ORDERS").key("ID")
                            .format(ExportFormat.CSV).compression(Compression.ZSTD).destination(zstdDir.toUri().toString()));
                    System.out.println("ZSTD WITHOUT ZSTD-JNI?");
                } catch (TraeValidationException e) {
                    System.out.println("NO-ZSTD " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }

            if (args.length > 2) {
                Path pgDir = dir.resolve("pg");
                try {
                    ExportResult pg = exporter.export(r -> r.source(JdbcSource.url(args[2], "postgres", ""))
                            .query("SELECT g AS id, 'row ' || g AS name FROM generate_series(1, 5) AS g")
                            .format(ExportFormat.CSV).destination(pgDir.toUri().toString()));
                    System.out.println("PG " + pg.rows() + " rows " + pg.path() + " " + pg.notes());
                } catch (RuntimeException e) {
                    Throwable root = e;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    System.out.println("PG-FAILED " + root.getClass().getName() + ": " + root.getMessage());
                }
            }
        }
    }

    private static List<Path> files(Path dir, String suffix) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    private static String lines(Path file) {
        try {
            return String.join("|", Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
