package dev.trae.security.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

import com.amazonaws.encryptionsdk.exception.BadCiphertextException;
import com.amazonaws.encryptionsdk.exception.CannotUnwrapDataKeyException;
import com.amazonaws.encryptionsdk.exception.ParseException;
import dev.trae.aws.core.spi.ErrorTranslator;
import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeException;
import dev.trae.security.DecryptionException;
import dev.trae.security.TamperedCiphertextException;
import dev.trae.security.WrongKeyException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.cryptography.materialproviders.model.CollectionOfErrors;
import software.amazon.cryptography.materialproviders.model.OpaqueError;

/** Maps AWS Encryption SDK and material-provider failures to Trae's typed errors. */
public final class CryptoErrors {
    private CryptoErrors() {
    }

    /** Finds a KMS service error or SDK client error anywhere in the chain (including MPL error collections). */
    static Throwable findAwsError(Throwable t) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        todo.add(t);
        while (!todo.isEmpty()) {
            Throwable e = todo.poll();
            if (e == null || seen.put(e, Boolean.TRUE) != null) {
                continue;
            }
            if (e instanceof AwsServiceException || e instanceof SdkClientException) {
                return e;
            }
            if (e instanceof CollectionOfErrors c && c.list() != null) {
                c.list().stream().filter(Objects::nonNull).forEach(todo::add);
            }
            if (e instanceof OpaqueError o && o.obj() instanceof Throwable ot) {
                todo.add(ot);
            }
            if (e.getCause() != null) {
                todo.add(e.getCause());
            }
        }
        return null;
    }

    /** Translates a failure of a decrypt call on key {@code keyId}. */
    public static TraeException decryptFailure(Throwable t, String keyId) {
        if (t instanceof TraeException te) {
            return te;
        }
        Throwable aws = findAwsError(t);
        if (aws instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode();
            if ("InvalidCiphertextException".equals(code)) {
                return new TamperedCiphertextException("KMS refused the envelope's encrypted data key as invalid: the "
                        + "ciphertext was altered or made under another key or encryption context", a);
            }
            if ("IncorrectKeyException".equals(code) || "NotFoundException".equals(code)) {
                return new WrongKeyException("the envelope's data key was not encrypted under " + keyId
                        + " (" + code + "): decrypt with the key the data was encrypted with", a);
            }
        }
        if (aws != null) {
            return ErrorTranslator.translate(aws, "kms", "Decrypt");
        }
        if (t instanceof BadCiphertextException || t instanceof ParseException) {
            return new TamperedCiphertextException("the envelope failed authentication or is malformed (" + simpleReason(t)
                    + "): it was altered, truncated or is not a Trae/AWS Encryption SDK envelope", null);
        }
        if (t instanceof CannotUnwrapDataKeyException || t.getClass().getName().startsWith("software.amazon.cryptography.")) {
            return new WrongKeyException("no configured wrapping key (" + keyId + ") could unwrap the envelope's data key: "
                    + "wrong key, or the key section of the envelope was altered", null);
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof com.amazonaws.encryptionsdk.exception.AwsCryptoException) {
            return new TamperedCiphertextException("the envelope is malformed (" + simpleReason(t) + ")", null);
        }
        return new DecryptionException("decryption failed: " + t.getClass().getSimpleName(), null);
    }

    /** Translates a failure of an encrypt call. */
    public static TraeException encryptFailure(Throwable t, String keyId) {
        if (t instanceof TraeException te) {
            return te;
        }
        Throwable aws = findAwsError(t);
        if (aws != null) {
            return ErrorTranslator.translate(aws, "kms", "GenerateDataKey");
        }
        return new TraeClientException("encryption under " + keyId + " failed: " + t.getClass().getSimpleName()
                + (t.getMessage() != null ? " " + dev.trae.aws.core.Redaction.scrub(t.getMessage()) : ""), null);
    }

    private static String simpleReason(Throwable t) {
        String m = t.getMessage();
        // ESDK messages describe the structure problem, never key or plaintext material; keep them short
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        return m.length() > 120 ? m.substring(0, 120) : m;
    }
}
