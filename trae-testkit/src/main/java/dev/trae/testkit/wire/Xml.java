package dev.trae.testkit.wire;

import dev.trae.testkit.aws.ec2.Ec2Fake;
import java.nio.charset.StandardCharsets;

/** A minimal XML writer for the EC2 Query protocol answers of {@link Ec2Fake}. Not thread-safe. */
public final class Xml {
    private final StringBuilder sb = new StringBuilder();

    public Xml open(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    public Xml close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    /** An element with text content; skipped when the value is null. */
    public Xml el(String name, Object value) {
        if (value != null) {
            sb.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
        }
        return this;
    }

    public Xml raw(String s) {
        sb.append(s);
        return this;
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&apos;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    public byte[] bytes() {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
