/**
 * The dev.trae.aws.bedrock module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 */
module dev.trae.aws.bedrock {
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires static com.fasterxml.jackson.dataformat.yaml;
    requires transitive dev.trae.aws.core;
    requires java.compiler;
    requires java.xml;
    requires org.reactivestreams;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.core;
    requires software.amazon.awssdk.services.bedrock;
    requires software.amazon.awssdk.services.bedrockagentruntime;
    requires software.amazon.awssdk.services.bedrockruntime;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.services.sts;

    exports dev.trae.aws.bedrock;
    exports dev.trae.aws.bedrock.model;
}
