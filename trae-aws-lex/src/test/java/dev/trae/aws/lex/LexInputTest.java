package dev.trae.aws.lex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeValidationException;
import dev.trae.aws.lex.internal.AudioInput;
import dev.trae.aws.lex.internal.LexWire;
import dev.trae.aws.lex.model.ReplyFormat;
import dev.trae.testkit.TraeLocal;
import dev.trae.testkit.TraeLocalExtension;
import dev.trae.testkit.aws.lex.LexFakes;
import dev.trae.testkit.aws.lex.LexTestAudio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input for every runtime entry point: refused before any request reaches the fake. */
@ExtendWith(TraeLocalExtension.class)
class LexInputTest {
    private static final BotRef BOT = BotRef.of("ABCDEFGHIJ", "KLMNOPQRST", "en_US");

    @BeforeEach
    void setUp(TraeLocal local) {
        LexFakes.install(local);
    }

    @Test
    void say_whenTextBad_refusesBeforeAnyCall(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(BOT);
            for (String bad : new String[] {null, "", "   ", "x".repeat(1025), "hi\u0000there", "bell\u0007"}) {
                assertThatThrownBy(() -> s.say(bad)).as(String.valueOf(bad)).isInstanceOf(TraeValidationException.class);
            }
            assertThatThrownBy(() -> s.say("hi", Map.of("x-amz-lex-hack", "1"))).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> s.say("hi", Map.of("k", "v".repeat(13_000)))).hasMessageContaining("12 KiB");
            Map<String, String> many = new HashMap<>();
            for (int i = 0; i < 101; i++) {
                many.put("k" + i, "v");
            }
            assertThatThrownBy(() -> s.say("hi", many)).hasMessageContaining("100");
            assertThatThrownBy(() -> s.attribute("", "v")).isInstanceOf(TraeValidationException.class);
            assertThatThrownBy(() -> s.sayForAudio("", ReplyFormat.PCM)).isInstanceOf(TraeValidationException.class);
            assertThat(local.server("lex-runtime").requests()).isEmpty();
        }
    }

    @Test
    void sayAudio_whenAudioBad_refusesBeforeAnyCall(TraeLocal local) {
        try (LexClient lex = LexClient.create(local.config())) {
            LexSession s = lex.session(BOT, o -> o.maxAudio(Duration.ofSeconds(2)));
            assertThatThrownBy(() -> s.sayAudio(null)).hasMessageContaining("empty");
            assertThatThrownBy(() -> s.sayAudio(new byte[0])).hasMessageContaining("empty");
            assertThatThrownBy(() -> s.sayAudio(new byte[3])).hasMessageContaining("even");
            assertThatThrownBy(() -> s.sayAudio(new byte[3 * AudioInput.BYTES_PER_SECOND])).hasMessageContaining("longer than");
            assertThatThrownBy(() -> s.sayAudio(wav(44_100, 1, 16, new byte[100]))).hasMessageContaining("16 kHz");
            assertThatThrownBy(() -> s.sayAudio(wav(16_000, 2, 16, new byte[100]))).hasMessageContaining("channel");
            assertThatThrownBy(() -> s.sayAudio(wav(16_000, 1, 8, new byte[100]))).hasMessageContaining("16-bit");
            byte[] truncated = wav(16_000, 1, 16, new byte[100]);
            ByteBuffer.wrap(truncated).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 1_000_000);
            assertThatThrownBy(() -> s.sayAudio(truncated)).hasMessageContaining("corrupt WAV");
            byte[] noData = "RIFF\0\0\0\0WAVEjunk\4\0\0\0abcd".getBytes(StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> s.sayAudio(noData)).hasMessageContaining("corrupt WAV");
            assertThatThrownBy(() -> s.sayAudio(LexTestAudio.speak("hi"), null, Map.of())).isInstanceOf(NullPointerException.class);
            assertThat(local.server("lex-runtime").requests()).isEmpty();
        }
    }

    @Test
    void wav_whenValid_isStrippedToPcm() {
        byte[] pcm = LexTestAudio.speak("hello");
        assertThat(AudioInput.pcm(AudioInput.wav(pcm), Long.MAX_VALUE)).isEqualTo(pcm);
        assertThat(LexTestAudio.transcript(pcm)).contains("hello");
        assertThat(LexTestAudio.transcript(new byte[1000])).isEmpty();
        assertThat(LexTestAudio.transcript(null)).isEmpty();
    }

    @Test
    void refsPoliciesAndUpdates_whenInvalid_refuse() {
        assertThatThrownBy(() -> BotRef.of("short", "KLMNOPQRST", "en_US")).hasMessageContaining("botId");
        assertThatThrownBy(() -> BotRef.of("../../etc/x", "KLMNOPQRST", "en_US")).hasMessageContaining("botId");
        assertThatThrownBy(() -> BotRef.of("ABCDEFGHIJ", null, "en_US")).hasMessageContaining("aliasId");
        assertThatThrownBy(() -> BotRef.of("ABCDEFGHIJ", "KLMNOPQRST", "EN-us")).hasMessageContaining("localeId");
        assertThatThrownBy(() -> SessionIdPolicy.fixed("a")).hasMessageContaining("sessionId");
        assertThatThrownBy(() -> SessionIdPolicy.fixed("has space")).hasMessageContaining("sessionId");
        assertThatThrownBy(() -> SessionIdPolicy.fixed("x".repeat(101))).hasMessageContaining("sessionId");
        assertThatThrownBy(() -> SessionIdPolicy.perUser("", "salt")).hasMessageContaining("userId");
        assertThat(SessionIdPolicy.perUser("u1", "s").sessionId()).isEqualTo(SessionIdPolicy.perUser("u1", "s").sessionId())
                .isNotEqualTo(SessionIdPolicy.perUser("u1", "other").sessionId()).hasSize(42);
        assertThat(SessionIdPolicy.random().sessionId()).isNotEqualTo(SessionIdPolicy.random().sessionId());
        assertThatThrownBy(() -> SessionUpdate.builder().elicitSlot("Liters").build()).hasMessageContaining("slotToElicit");
        assertThatThrownBy(() -> SessionUpdate.builder().slot("A", "b").build()).hasMessageContaining("need an intent");
        assertThatThrownBy(() -> SessionUpdate.builder().intent("bad name").build()).hasMessageContaining("intent");
        assertThatThrownBy(() -> SessionUpdate.builder().close().build()).hasMessageContaining("needs an intent");
        assertThatThrownBy(() -> SessionUpdate.builder().message("").build()).hasMessageContaining("messages");
        assertThatThrownBy(() -> SessionUpdate.builder().intent("I").slot("bad slot", "v").build()).hasMessageContaining("slot name");
        assertThatThrownBy(() -> LexSession.Options.builder().maxAudio(Duration.ZERO)).isInstanceOf(TraeValidationException.class);
        assertThatThrownBy(() -> LexSession.Options.builder().maxTranscriptEntries(0)).isInstanceOf(TraeValidationException.class);
    }

    @Test
    void decode_whenHeaderCorrupt_failsClearly() throws Exception {
        assertThat(LexWire.decode(null, "h")).isNull();
        assertThatThrownBy(() -> LexWire.decode("***not base64***", "x-amz-lex-messages")).isInstanceOf(TraeClientException.class)
                .hasMessageContaining("x-amz-lex-messages");
        String notJson = java.util.Base64.getEncoder().encodeToString(gzip("{broken".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> LexWire.decode(notJson, "h")).isInstanceOf(TraeClientException.class);
        // a gzip bomb is cut off instead of filling the heap
        String bomb = java.util.Base64.getEncoder().encodeToString(gzip(("\"" + "a".repeat(3 << 20) + "\"").getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> LexWire.decode(bomb, "h")).isInstanceOf(TraeClientException.class).hasMessageContaining("larger than");
        // plain base64 JSON (no gzip) is accepted too
        assertThat(LexWire.decode(java.util.Base64.getEncoder().encodeToString("[1]".getBytes(StandardCharsets.UTF_8)), "h").size()).isEqualTo(1);
    }

    @Test
    void redactor_hidesCardsEmailsPhonesSecretsAndSensitiveSlots() {
        TranscriptRedactor r = TranscriptRedactor.standard().withSensitiveSlots("Plate");
        String out = r.redact("card 4111-1111-1111-1111, not a card 1234 5678 9012 3456, mail a.b@c.example, phone +1 (555) 010-9999, "
                + "token=abc123 plate AA1234BB", Map.of("Plate", java.util.List.of("AA1234BB")));
        assertThat(out).doesNotContain("4111", "a.b@c.example", "010-9999", "abc123", "AA1234BB");
        assertThat(r.redact("pump 3, 40 liters, card 1234567890123456", Map.of())).isEqualTo("pump 3, 40 liters, card ****");
        assertThat(TranscriptRedactor.secretsOnly().redact("mail a@b.example", Map.of())).contains("a@b.example");
        assertThat(r.toString()).contains("Plate");
    }

    private static byte[] wav(int rate, int channels, int bits, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    private static byte[] gzip(byte[] in) throws Exception {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(in);
        }
        return bos.toByteArray();
    }
}
