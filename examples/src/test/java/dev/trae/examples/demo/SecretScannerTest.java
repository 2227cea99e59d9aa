package dev.trae.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The scanner behind {@link NoSecretsInDemoOutputTest} finds planted leaks in every encoding it promises. */
class SecretScannerTest {
    private static final String SECRET = "Planted-Leak-Pa55word-42";
    private static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0");

    private static SecretScanner scanner() {
        return new SecretScanner().add("password", SECRET).add("data key", KEY);
    }

    private static List<String> found(String log) {
        return scanner().scan("log", log).stream().map(f -> f.secret() + "/" + f.encoding()).toList();
    }

    @Test
    void scan_whenSecretLoggedRaw_findsIt() {
        assertThat(found("DEBUG c.e.Db - connecting with password=" + SECRET + " to db")).contains("password/raw");
    }

    @Test
    void scan_whenSecretBase64AtAnyAlignment_findsIt() {
        for (String prefix : List.of("", "a", "ab", "abc")) {
            String std = Base64.getEncoder().encodeToString((prefix + SECRET).getBytes(StandardCharsets.UTF_8));
            assertThat(found("Authorization: Basic " + std)).as("prefix '%s'", prefix).contains("password/base64");
        }
        for (int shift = 0; shift < 3; shift++) {
            byte[] body = new byte[shift + KEY.length + 5];
            System.arraycopy(KEY, 0, body, shift, KEY.length);
            assertThat(found("{\"Plaintext\":\"" + Base64.getEncoder().encodeToString(body) + "\"}")).contains("data key/base64");
            String url = Base64.getUrlEncoder().withoutPadding().encodeToString(body);
            assertThat(found("token=" + url)).anyMatch(s -> s.startsWith("data key/base64"));
        }
    }

    @Test
    void scan_whenSecretHex_findsItInEitherCase() {
        assertThat(found("key " + HexFormat.of().formatHex(KEY))).contains("data key/hex");
        assertThat(found("KEY " + HexFormat.of().withUpperCase().formatHex(KEY))).contains("data key/HEX");
        assertThat(found("pw " + HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)))).contains("password/hex");
    }

    @Test
    void scan_whenRawKeyBytesInABinaryFile_findsThem() {
        byte[] file = new byte[4096];
        System.arraycopy(KEY, 0, file, 1234, KEY.length);
        assertThat(scanner().scan("file.bin", file)).singleElement().satisfies(f -> {
            assertThat(f.encoding()).isEqualTo("raw");
            assertThat(f.offset()).isEqualTo(1234);
            assertThat(f.toString()).doesNotContain(SECRET).contains("data key");
        });
    }

    @Test
    void scan_whenCleanOutput_findsNothing() {
        assertThat(found("DEBUG software.amazon.awssdk.request - Sending Request: POST / headers=[Authorization, X-Amz-Date]"))
                .isEmpty();
        assertThatThrownBy(() -> new SecretScanner().add("short", "abc")).isInstanceOf(IllegalArgumentException.class);
    }
}
