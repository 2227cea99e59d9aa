package dev.trae.spring.autoconfigure;

import java.util.Locale;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * When Spring Boot's actuator is on the class path: masks the Trae secrets ({@code trae.credentials.secret-access-key},
 * {@code session-token} and {@code bedrock-api-key}) in the {@code env} and {@code configprops} endpoints even when an
 * application shows values ({@code management.endpoint.env.show-values=always}); Boot masks every value by default.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class TraeActuatorAutoConfiguration {
    private static final Set<String> SECRET_NAMES = Set.of("secretaccesskey", "sessiontoken", "bedrockapikey");

    /**
     * Masks the Trae credential secrets, whatever the endpoints' {@code show-values} setting.
     *
     * @return the sanitizing function the actuator endpoints apply
     */
    @Bean
    public SanitizingFunction traeSecretsSanitizer() {
        return TraeActuatorAutoConfiguration::sanitize;
    }

    static SanitizableData sanitize(SanitizableData data) {
        return isTraeSecret(data.getKey()) ? data.withSanitizedValue() : data;
    }

    /** {@code trae.credentials.bedrock-api-key} in the environment, {@code bedrockApiKey} in configprops, any case. */
    static boolean isTraeSecret(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        int dot = k.lastIndexOf('.');
        String last = dot < 0 ? k : k.substring(dot + 1);
        return SECRET_NAMES.contains(last) && (dot < 0 || k.startsWith("trae.") || k.contains(".trae."));
    }
}
