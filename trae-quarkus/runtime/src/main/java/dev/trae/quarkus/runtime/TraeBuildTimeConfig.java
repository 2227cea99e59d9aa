package dev.trae.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Build-time switches of the Trae extension: one {@code enabled} flag per module (a module's bean exists when the
 * module is on the class path and its flag is not false) and the Dev Services.
 */
@ConfigMapping(prefix = "quarkus.trae")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface TraeBuildTimeConfig {

    /**
     * The Bedrock client bean ({@code trae-aws-bedrock}).
     *
     * @return the switch
     */
    Module bedrock();

    /**
     * The vision client bean ({@code trae-aws-vision}).
     *
     * @return the switch
     */
    Module vision();

    /**
     * The Lex client bean ({@code trae-aws-lex}).
     *
     * @return the switch
     */
    Module lex();

    /**
     * The simulation client bean ({@code trae-aws-robotics}).
     *
     * @return the switch
     */
    Module robotics();

    /**
     * The training and UltraCluster client beans ({@code trae-aws-training}).
     *
     * @return the switch
     */
    Module training();

    /**
     * The exporter bean ({@code trae-oracle}).
     *
     * @return the switch
     */
    Module oracle();

    /**
     * The OCR engine bean ({@code trae-ocr}).
     *
     * @return the switch
     */
    Module ocr();

    /**
     * The secrets provider bean ({@code trae-security}).
     *
     * @return the switch
     */
    Module security();

    /**
     * Dev Services: Trae Local in dev and test mode.
     *
     * @return the Dev Services settings
     */
    DevServices devservices();

    /** A module's switch. */
    interface Module {
        /**
         * Whether the module's bean is created when the module is on the class path.
         *
         * @return the flag
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** Dev Services settings. */
    interface DevServices {
        /**
         * Whether Trae Local starts in dev and test mode when no {@code quarkus.trae.endpoints.*} is configured.
         *
         * @return the flag
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Whether Trae Local's embedded S3 (S3Proxy, about a second to start) starts too.
         *
         * @return the flag
         */
        @WithDefault("false")
        boolean s3();
    }
}
