/**
 * The dev.trae.security module: its public API is the exported packages; {@code .internal} is not exported.
 * Generated from the module's imports and compile class path; edit freely, the build checks it.
 */
module dev.trae.security {
    requires aws.cryptographic.material.providers;
    requires aws.encryption.sdk.java;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires transitive dev.trae.aws.core;
    requires java.sql;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.awscore;
    requires transitive software.amazon.awssdk.core;
    requires software.amazon.awssdk.services.cloudtrail;
    requires software.amazon.awssdk.services.cloudwatchlogs;
    requires software.amazon.awssdk.services.kms;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.services.secretsmanager;
    requires software.amazon.awssdk.services.sts;

    exports dev.trae.security;
    exports dev.trae.security.model;
}
