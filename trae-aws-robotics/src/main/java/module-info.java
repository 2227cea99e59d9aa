/**
 * The dev.trae.aws.robotics module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 */
module dev.trae.aws.robotics {
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires transitive dev.trae.aws.core;
    requires org.slf4j;
    requires software.amazon.awssdk.services.batch;
    requires software.amazon.awssdk.services.cloudwatchlogs;
    requires software.amazon.awssdk.services.s3;

    exports dev.trae.aws.robotics;
    exports dev.trae.aws.robotics.model;
    exports dev.trae.aws.robotics.ros;
}
