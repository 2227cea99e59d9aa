package dev.trae.aws.bedrock.model;

import java.nio.charset.StandardCharsets;

/**
 * The native answer of InvokeModel: body bytes, content type and the token counts the service reports.
 *
 * @param modelId     the invoked model id
 * @param body        the response body (copied)
 * @param contentType its content type
 * @param usage       input and output tokens from the response headers (zero when not reported)
 */
public record InvokeResult(String modelId, byte[] body, String contentType, TokenUsage usage) {
    public InvokeResult {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyAsUtf8() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "InvokeResult[model=" + modelId + ", " + body.length + " bytes " + contentType + ", usage=" + usage + "]";
    }
}
