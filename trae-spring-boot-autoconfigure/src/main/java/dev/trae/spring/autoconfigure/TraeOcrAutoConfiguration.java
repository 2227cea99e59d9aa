package dev.trae.spring.autoconfigure;

import dev.trae.ocr.OcrEngine;
import dev.trae.aws.core.TraeConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The OCR engine when `trae-ocr` is on the class path and {@code trae.ocr.enabled} is not false. Built from the shared
 * {@link TraeConfig}; an application bean of the same type replaces it; closed when the context closes.
 */
@AutoConfiguration(after = TraeAutoConfiguration.class)
@ConditionalOnClass(OcrEngine.class)
@ConditionalOnBean(TraeConfig.class)
@ConditionalOnBooleanProperty(name = "trae.ocr.enabled", matchIfMissing = true)
public class TraeOcrAutoConfiguration {

    /** The Tesseract engine pool, with the {@code trae.ocr.*} languages, tessdata and pool size. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public OcrEngine traeOcrEngine(TraeConfig config, TraeProperties properties) {
        TraeProperties.Ocr o = properties.getOcr();
        OcrEngine.Builder b = OcrEngine.builder().config(config);
        if (o.getLanguages() != null) {
            b.languages(o.getLanguages());
        }
        if (o.getTessdataPath() != null) {
            b.tessdataPath(o.getTessdataPath());
        }
        if (o.getPoolSize() != null) {
            b.poolSize(o.getPoolSize());
        }
        return b.build();
    }
}
