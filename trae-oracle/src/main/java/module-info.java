/**
 * The dev.trae.oracle module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 *
 * <p>Parquet is not named here: parquet-common, parquet-column and parquet-hadoop all hold classes of package
 * {@code org.apache.parquet} (and share {@code org.apache.parquet.io} and {@code .conf}), so they cannot be modules.
 * They stay on the class path (the unnamed module): this module is compiled with
 * {@code --add-reads dev.trae.oracle=ALL-UNNAMED} and adds that read edge itself at run time before it touches an
 * optional class ({@code dev.trae.oracle.internal.ClassPath}). The optional pgjdbc and zstd-jni work from the class
 * path the same way, or from the module path through the {@code requires static} below.
 */
module dev.trae.oracle {
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires static com.github.luben.zstd_jni;
    requires transitive dev.trae.aws.core;
    requires transitive dev.trae.security;
    requires static info.picocli;
    requires transitive java.sql;
    requires static java.management;
    requires static jdk.management;
    requires static me.tongfei.progressbar;
    requires static org.postgresql.jdbc;
    requires org.slf4j;
    requires software.amazon.awssdk.services.s3;

    exports dev.trae.oracle;
    exports dev.trae.oracle.model;
    // the manifest (model), checkpoints, shard plans and partition records (internal) are read and written by Jackson
    opens dev.trae.oracle.model to com.fasterxml.jackson.databind;
    opens dev.trae.oracle.internal to com.fasterxml.jackson.databind;
    opens dev.trae.oracle.cli to info.picocli;
}
