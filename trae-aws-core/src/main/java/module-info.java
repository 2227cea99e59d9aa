/**
 * The dev.trae.aws.core module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 */
module dev.trae.aws.core {
    requires com.github.benmanes.caffeine;
    requires io.github.resilience4j.bulkhead;
    requires transitive io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    requires transitive io.github.resilience4j.ratelimiter;
    requires io.github.resilience4j.retry;
    requires static me.tongfei.progressbar;
    requires java.net.http;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.awscore;
    requires transitive software.amazon.awssdk.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache;
    requires software.amazon.awssdk.http.nio.netty;
    requires transitive software.amazon.awssdk.regions;
    requires static software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.services.sts;

    exports dev.trae.aws.core;
    exports dev.trae.aws.core.cache;
    exports dev.trae.aws.core.job;
    exports dev.trae.aws.core.progress;
    exports dev.trae.aws.core.spi to
            dev.trae.security,
            dev.trae.aws.bedrock,
            dev.trae.aws.vision,
            dev.trae.aws.lex,
            dev.trae.aws.robotics,
            dev.trae.aws.training,
            dev.trae.oracle,
            dev.trae.ocr,
            dev.trae.testkit,
            dev.trae.spring.autoconfigure,
            dev.trae.mcp;
}
