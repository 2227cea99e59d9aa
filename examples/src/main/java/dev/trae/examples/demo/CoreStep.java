package dev.trae.examples.demo;

import java.nio.charset.StandardCharsets;

import dev.trae.aws.core.spi.AwsClients;
import dev.trae.aws.core.spi.Resilience;
import dev.trae.aws.core.TraeConfig;
import dev.trae.aws.core.progress.ProgressListener;
import dev.trae.aws.core.progress.ProgressTracker;
import dev.trae.testkit.aws.s3.EmbeddedS3;
import dev.trae.testkit.wire.FakeAwsServer;
import dev.trae.testkit.wire.Fault;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Core plus Trae Local: build a TraeConfig, write and read an object in the embedded S3, then upload
 * through a fault proxy that throttles, showing the retries and progress.
 */
final class CoreStep implements DemoStep {

    @Override
    public String title() {
        return "core: config, embedded S3, retry under throttling";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        EmbeddedS3 s3 = ctx.local().s3();
        s3.createBucket("trae-demo");
        TraeConfig config = ctx.local().config();
        ctx.out().println("config: " + config);

        AwsClients clients = AwsClients.of(config);
        Resilience resilience = clients.resilience();
        try (S3Client client = clients.sync("s3", S3Client::builder, AwsClients.Profile.STANDARD,
                b -> EmbeddedS3.configure(b, config.endpoint("s3").orElseThrow()).credentialsProvider(
                        config.credentials().provider(config.region(), null)))) {
            String text = "Incident 4711: pump 3 nozzle leak, station Kyiv-12";
            resilience.call("s3", "PutObject", () -> client.putObject(b -> b.bucket("trae-demo").key("hello.txt"),
                    RequestBody.fromString(text, StandardCharsets.UTF_8)));
            String back = resilience.call("s3", "GetObject",
                    () -> client.getObjectAsBytes(b -> b.bucket("trae-demo").key("hello.txt")).asUtf8String());
            ctx.out().println("wrote and read s3://trae-demo/hello.txt: \"" + back + "\"");
            if (!back.equals(text)) {
                throw new IllegalStateException("read back differs from what was written");
            }
        }

        // The same uploads through a proxy that throttles: the retry policy absorbs it.
        FakeAwsServer proxy = s3.faultProxy();
        proxy.reset();
        proxy.faults().next("PUT", 3, Fault.throttle());
        TraeConfig throttled = ctx.local().configBuilder().endpoint("s3", proxy.endpoint()).build();
        AwsClients viaProxy = AwsClients.of(throttled);
        int objects = 8;
        ProgressTracker progress = new ProgressTracker("core-demo-upload", "objects", objects);
        progress.addListener(ProgressListener.lines(ctx.out(), 0));
        try (S3Client client = viaProxy.sync("s3", S3Client::builder, AwsClients.Profile.STANDARD,
                b -> EmbeddedS3.configure(b, proxy.endpoint()))) {
            for (int i = 0; i < objects; i++) {
                String key = "throttled/part-" + i + ".txt";
                int before = proxy.count("PUT");
                viaProxy.resilience().call("s3", "PutObject", () -> client.putObject(b -> b.bucket("trae-demo").key(key),
                        RequestBody.fromString("payload " + key, StandardCharsets.UTF_8)));
                int attempts = proxy.count("PUT") - before;
                if (attempts > 1) {
                    ctx.out().println("  " + key + ": " + (attempts - 1) + " throttled attempt(s), then stored");
                }
                progress.advance(1);
            }
        }
        int puts = proxy.count("PUT");
        ctx.out().printf("uploaded %d objects with %d PUT attempts: %d throttled and retried, none lost%n",
                objects, puts, puts - objects);
        if (puts != objects + 3) {
            throw new IllegalStateException("expected " + (objects + 3) + " attempts, saw " + puts);
        }
    }
}
