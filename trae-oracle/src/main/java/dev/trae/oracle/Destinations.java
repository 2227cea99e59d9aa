package dev.trae.oracle;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.trae.aws.core.S3Location;
import dev.trae.aws.core.TraeValidationException;

/** Parsing and validation of export destinations. */
final class Destinations {
    private Destinations() {
    }

    static URI parse(String destination) {
        if (destination == null || destination.isBlank() || destination.length() > 2048) {
            throw new TraeValidationException("destination", "is required: s3://bucket/prefix/ or file:///dir/");
        }
        URI u;
        try {
            u = new URI(destination);
        } catch (URISyntaxException e) {
            throw new TraeValidationException("destination", "is not a valid URI: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("s3")) {
            // core's one S3Location rules (the S3 User Guide's bucket naming rules, keys of at most 1,024 bytes)
            String rest = destination.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = S3Location.validateBucket("destination", slash < 0 ? rest : rest.substring(0, slash));
            if (!bucket.equals(u.getHost())) {
                throw new TraeValidationException("destination", "S3 bucket name is invalid in " + destination);
            }
            String path = u.getPath() == null ? "" : u.getPath();
            S3Location.validateKey("destination", path);
            checkPath(path, destination);
            return u;
        }
        if (scheme.equals("file")) {
            if (u.getPath() == null || !u.getPath().startsWith("/")) {
                throw new TraeValidationException("destination", "file URI must be absolute: file:///dir/");
            }
            checkPath(u.getPath(), destination);
            return u;
        }
        throw new TraeValidationException("destination", "must start with s3:// or file://, was " + destination);
    }

    private static void checkPath(String path, String destination) {
        for (String seg : path.split("/")) {
            if (seg.equals("..") || seg.equals(".")) {
                throw new TraeValidationException("destination", "must not contain '.' or '..' segments: " + destination);
            }
        }
        for (char c : path.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new TraeValidationException("destination", "contains a control character or backslash");
            }
        }
    }
}
