package dev.trae.aws.robotics.ros;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The generated package's data sidecar, run for real with Python against the embedded S3: it fetches PREFIX, FILE
 * and ARCHIVE data sources, runs the command, and uploads the outputs under the job id, also when the command fails.
 */
@ExtendWith(TraeLocalExtension.class)
class DataSidecarTest {
    private final TraeLocal local;

    DataSidecarTest(TraeLocal local) {
        this.local = local;
    }

    private static boolean works(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void run_fetchesTheDataSourcesRunsTheCommandAndUploadsTheOutputs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(works("python3", "-c", "import boto3") || works("aws", "--version"),
                "the sidecar needs python3 with boto3, or the AWS CLI; neither is installed here");
        EmbeddedS3 s3 = local.s3().createBucket("sim-data");
        var c = s3.client();
        c.putObject(b -> b.bucket("sim-data").key("maps/world/a.yaml"), RequestBody.fromString("map: a"));
        c.putObject(b -> b.bucket("sim-data").key("maps/world/sub/b.pgm"), RequestBody.fromString("P2 b"));
        c.putObject(b -> b.bucket("sim-data").key("models/robot.urdf"), RequestBody.fromString("<robot/>"));
        c.putObject(b -> b.bucket("sim-data").key("bundles/scene.tar.gz"), RequestBody.fromBytes(tarGz("scene/world.sdf", "<sdf/>")));

        Path pkg = new RosPackageGenerator().write(RosPackageGeneratorTest.spec(RosVersion.ROS2_PYTHON, "sidecar"), dir.resolve("ws")).root();
        Path sidecar = pkg.resolve(RosPackageGenerator.SIDECAR);
        assertThat(sidecar).exists();
        Path maps = dir.resolve("in/maps");
        Path models = dir.resolve("in/models");
        Path bundle = dir.resolve("in/bundle");
        Path out = dir.resolve("out");
        String sources = "[{\"name\":\"maps\",\"s3Bucket\":\"sim-data\",\"s3Keys\":[\"maps/world/\"],\"type\":\"PREFIX\",\"destination\":\"" + maps + "\"},"
                + "{\"name\":\"urdf\",\"s3Bucket\":\"sim-data\",\"s3Keys\":[\"models/robot.urdf\"],\"type\":\"FILE\",\"destination\":\"" + models + "\"},"
                + "{\"name\":\"scene\",\"s3Bucket\":\"sim-data\",\"s3Keys\":[\"bundles/scene.tar.gz\"],\"type\":\"ARCHIVE\",\"destination\":\"" + bundle + "\"}]";
        // the "simulation": reads its inputs, writes an output, and fails (exit 3): outputs must still be uploaded
        String sim = "import os,sys\n"
                + "data = open('" + maps + "/sub/b.pgm').read() + '|' + open('" + models + "/robot.urdf').read() + '|' + open('" + bundle + "/scene/world.sdf').read()\n"
                + "os.makedirs('" + out + "/bags', exist_ok=True)\n"
                + "open('" + out + "/bags/result.txt', 'w').write(data)\n"
                + "sys.exit(3)\n";
        ProcessBuilder pb = new ProcessBuilder("python3", sidecar.toString(), "run", "--", "python3", "-c", sim).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("TRAE_DATA_SOURCES", sources);
        env.put("TRAE_OUTPUT_URI", "s3://sim-data/results");
        env.put("TRAE_OUTPUT_DIR", out.toString());
        env.put("AWS_BATCH_JOB_ID", "job-1234");
        env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        env.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        Process p = pb.start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        p.getInputStream().transferTo(log);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = log.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isEqualTo(3);
        assertThat(Files.readString(maps.resolve("a.yaml"))).isEqualTo("map: a");
        assertThat(output).contains("fetched maps", "uploaded 1 file(s) to s3://sim-data/results/job-1234/");
        assertThat(c.getObjectAsBytes(b -> b.bucket("sim-data").key("results/job-1234/bags/result.txt")).asUtf8String())
                .isEqualTo("P2 b|<robot/>|<sdf/>");
    }

    /** A .tar.gz with one file, written by hand (ustar header) so the test needs no archive library. */
    private static byte[] tarGz(String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", data.length));
        put(header, 136, String.format("%011o", 1_700_000_000L));
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(header);
            gz.write(data);
            gz.write(new byte[(512 - data.length % 512) % 512]);
            gz.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
