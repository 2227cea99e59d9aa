package dev.trae.aws.lex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.core.spi.Messages;

/**
 * How a {@link LexSession} gets its Lex session id (2 to 100 characters of {@code [0-9a-zA-Z._:-]}).
 *
 * <ul>
 *   <li>{@link #random()}: a new random id per session (the default);</li>
 *   <li>{@link #fixed(String)}: an id the application manages, e.g. to resume a conversation;</li>
 *   <li>{@link #perUser(String, String)}: a stable id derived from a user id and an application salt with
 *       SHA-256, so the same user continues their conversation and no user id (personal data) reaches Lex.</li>
 * </ul>
 */
@FunctionalInterface
public interface SessionIdPolicy {

    /** The id for a new session. */
    String sessionId();

    static SessionIdPolicy random() {
        return () -> "s-" + UUID.randomUUID();
    }

    static SessionIdPolicy fixed(String sessionId) {
        String id = validate(sessionId);
        return () -> id;
    }

    static SessionIdPolicy perUser(String userId, String salt) {
        if (userId == null || userId.isEmpty() || userId.length() > 1024) {
            throw new TraeValidationException("userId", "must be 1 to 1024 characters");
        }
        Objects.requireNonNull(salt, "salt");
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            String id = "u-" + HexFormat.of().formatHex(md.digest(userId.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
            return () -> id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a session id against Lex's rules and returns it. */
    static String validate(String sessionId) {
        if (sessionId == null || !sessionId.matches("[0-9a-zA-Z._:-]{2,100}")) {
            throw new TraeValidationException("sessionId", "must be 2 to 100 characters of [0-9a-zA-Z._:-], was "
                    + Messages.shorten(sessionId));
        }
        return sessionId;
    }
}
