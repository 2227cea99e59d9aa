package dev.trae.examples.assistant;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The example's own settings ({@code assistant.*}).
 *
 * @param local          whether the app runs on Trae Local (set by {@code main} and by {@code @TraeLocalTest} users)
 * @param modelId        the Bedrock model the chat uses
 * @param maxUploadBytes the largest upload accepted (Rekognition's image limit is 5 MB, Textract's 10 MB)
 * @param lex            the Lex bot to talk to; on Trae Local it is deployed at start-up when no id is set
 */
@ConfigurationProperties(prefix = "assistant")
public record AssistantProperties(boolean local, String modelId, long maxUploadBytes, Lex lex) {

    public AssistantProperties {
        modelId = modelId == null ? "amazon.nova-lite-v1:0" : modelId;
        maxUploadBytes = maxUploadBytes <= 0 ? 5L * 1024 * 1024 : maxUploadBytes;
        lex = lex == null ? new Lex(null, null, null) : lex;
    }

    /**
     * The Lex bot.
     *
     * @param botId   bot id; unset on Trae Local deploys the example bot
     * @param aliasId alias id (the test alias when unset)
     * @param locale  locale id, en_US when unset
     */
    public record Lex(String botId, String aliasId, String locale) {
        public Lex {
            locale = locale == null ? "en_US" : locale;
        }
    }
}
