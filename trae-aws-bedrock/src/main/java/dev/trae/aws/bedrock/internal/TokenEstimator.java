package dev.trae.aws.bedrock.internal;

import dev.trae.aws.bedrock.model.ContentBlock;
import dev.trae.aws.bedrock.model.ConverseRequest;
import dev.trae.aws.bedrock.model.Message;

/**
 * A conservative offline token estimate (one token per three characters of text, about 1,600 per image,
 * one per three bytes of documents). Real tokenizers differ; this is only used to refuse prompts that
 * cannot fit before sending them.
 */
public final class TokenEstimator {
    private TokenEstimator() {
    }

    public static long text(String s) {
        return s == null || s.isEmpty() ? 0 : (s.length() + 2) / 3;
    }

    public static long request(ConverseRequest r) {
        long n = 0;
        for (ContentBlock b : r.system()) {
            n += block(b);
        }
        for (Message m : r.messages()) {
            for (ContentBlock b : m.content()) {
                n += block(b);
            }
        }
        return n;
    }

    private static long block(ContentBlock b) {
        switch (b.kind()) {
            case TEXT:
                return text(b.text().orElse(""));
            case IMAGE:
                return 1_600;
            case DOCUMENT:
                return b.byteLength() / 3L;
            case TOOL_USE:
                return text(b.toolCall().orElseThrow().input().toString());
            case TOOL_RESULT:
                return text(b.toolResult().orElseThrow().content().toString());
            default:
                return 0;
        }
    }
}
