package dev.trae.quarkus.runtime;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.trae.aws.core.TraeConfig;
import dev.trae.ocr.OcrEngine;
import io.quarkus.arc.DefaultBean;

/**
 * The Tesseract engine pool, with the {@code quarkus.trae.ocr.*} languages, tessdata and pool size. Registered by the deployment module only when its Trae module is on the class path and
 * {@code quarkus.trae.ocr.enabled} is not false. Built from the shared {@link TraeConfig}; an application bean of the
 * same type replaces it; closed on shutdown.
 */
@Singleton
public class TraeOcrProducer {

    /**
     * The Tesseract engine pool, with the {@code quarkus.trae.ocr.*} languages, tessdata and pool size.
     *
     * @param config the shared config
     * @param settings the {@code quarkus.trae.*} settings
     * @return the bean
     */
    @Produces
    @Singleton
    @DefaultBean
    public OcrEngine traeOcrEngine(TraeConfig config, TraeRuntimeConfig settings) {
        TraeRuntimeConfig.Ocr o = settings.ocr();
        OcrEngine.Builder b = OcrEngine.builder().config(config);
        o.languages().ifPresent(b::languages);
        o.tessdataPath().ifPresent(b::tessdataPath);
        o.poolSize().ifPresent(b::poolSize);
        return b.build();
    }

    /**
     * Closes the bean on shutdown.
     *
     * @param bean the bean
     */
    public void close(@Disposes OcrEngine bean) {
        bean.close();
    }
}
