/**
 * The dev.trae.aws.training module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 */
module dev.trae.aws.training {
    requires com.fasterxml.jackson.databind;
    requires transitive dev.trae.aws.core;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.core;
    requires software.amazon.awssdk.services.cloudwatchlogs;
    requires software.amazon.awssdk.services.ec2;
    requires software.amazon.awssdk.services.pricing;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.services.sagemaker;
    requires software.amazon.awssdk.services.ssm;

    exports dev.trae.aws.training;
    exports dev.trae.aws.training.model;
}
