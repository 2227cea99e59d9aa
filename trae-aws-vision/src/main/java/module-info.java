/**
 * The dev.trae.aws.vision module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 */
module dev.trae.aws.vision {
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires transitive dev.trae.aws.core;
    requires java.desktop;
    requires org.apache.pdfbox;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.core;
    requires software.amazon.awssdk.services.rekognition;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.services.textract;

    exports dev.trae.aws.vision;
    exports dev.trae.aws.vision.model;
}
