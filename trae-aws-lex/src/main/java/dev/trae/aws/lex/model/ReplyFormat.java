package dev.trae.aws.lex.model;

/** The format of the reply body of an audio turn ({@code Response-Content-Type}). */
public enum ReplyFormat {
    /** 16 kHz 16-bit little-endian mono PCM. */
    PCM("audio/pcm"),
    MPEG("audio/mpeg"),
    OGG("audio/ogg"),
    /** The reply text, no audio. */
    TEXT("text/plain; charset=utf-8");

    private final String contentType;

    ReplyFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }
}
