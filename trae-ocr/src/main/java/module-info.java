/**
 * The dev.trae.ocr module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 */
module dev.trae.ocr {
    requires com.fasterxml.jackson.databind;
    requires com.sun.jna;
    requires transitive dev.trae.aws.core;
    requires static info.picocli;
    requires java.desktop;
    requires java.xml;
    requires lept4j;
    requires org.apache.pdfbox;
    requires tess4j;
    requires software.amazon.awssdk.services.s3;

    exports dev.trae.ocr;
    exports dev.trae.ocr.model;
    opens dev.trae.ocr.cli to info.picocli;
}
