/**
 * The dev.trae.aws.lex module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 */
module dev.trae.aws.lex {
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires transitive dev.trae.aws.core;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.core;
    requires software.amazon.awssdk.services.lexmodelsv2;
    requires software.amazon.awssdk.services.lexruntimev2;

    exports dev.trae.aws.lex;
    exports dev.trae.aws.lex.model;
}
