package dev.trae.examples.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.spring.test.TraeLocalTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The HTTP API on Trae Local: a real upload, and every kind of bad input answered with a 4xx and a message the page
 * can show, never a stack trace.
 */
@TraeLocalTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "assistant.local=true", s3 = false)
class AssistantApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpResponse<String> upload(String filename, byte[] content) throws Exception {
        String boundary = "----trae" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/documents"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertClearError(HttpResponse<String> r, int status, String words) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).containsIgnoringCase(words);
        assertThat(r.body()).doesNotContain("Exception", "\tat ", "trace");
    }

    @Test
    void upload_whenDeliveryNote_returnsOcrTextFieldsAndTable() throws Exception {
        HttpResponse<String> r = upload("note.png", DeliveryNotes.png());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.path("ocrText").asText()).contains("DELIVERY NOTE", "4711");
        assertThat(doc.path("ocrFields").toString()).contains("Quantity").contains("12000");
        assertThat(doc.path("fields").size()).isPositive();
        assertThat(doc.path("tables").size()).isPositive();
    }

    @Test
    void upload_whenNotAnImage_is415WithAMessage() throws Exception {
        assertClearError(upload("notes.txt", "diesel 12000 l".getBytes(StandardCharsets.UTF_8)), 415, "not an image");
    }

    @Test
    void upload_whenEmpty_is400WithAMessage() throws Exception {
        assertClearError(upload("empty.png", new byte[0]), 400, "empty");
    }

    @Test
    void upload_whenOverTheLimit_is413WithAMessage() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024];
        byte[] png = DeliveryNotes.png();
        System.arraycopy(png, 0, big, 0, png.length);
        assertClearError(upload("huge.png", big), 413, "too large");
    }

    @Test
    void upload_whenAbsurdlyLarge_isStopped413ByTheContainerWithAMessage() throws Exception {
        assertClearError(upload("huge.png", new byte[22 * 1024 * 1024]), 413, "too large");
    }

    @Test
    void chat_whenEmptyMessage_is400WithAMessage() throws Exception {
        assertClearError(post("/api/chat", "{\"message\": \"   \"}"), 400, "empty");
        assertClearError(post("/api/chat", "{}"), 400, "empty");
        assertClearError(post("/api/chat", "not json"), 400, "could not be read");
    }

    @Test
    void chat_whenAsked_streamsTokensThenDone() throws Exception {
        HttpResponse<String> r = post("/api/chat", "{\"message\": \"When is the next diesel delivery?\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(r.body()).contains("event:token").contains("event:done");
        assertThat(r.body().indexOf("event:token")).isLessThan(r.body().indexOf("event:done"));
    }

    @Test
    void lex_whenAskedForOpeningHours_answersFromTheBot() throws Exception {
        HttpResponse<String> r = post("/api/lex", "{\"message\": \"when are you open\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("reply").asText()).contains("around the clock");
        assertClearError(post("/api/lex", "{\"message\": \"\"}"), 400, "empty");
    }

    @Test
    void cost_afterAChat_countsTheCall() throws Exception {
        post("/api/chat", "{\"message\": \"Price of diesel?\"}");
        JsonNode cost = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/cost")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(cost.path("calls").asInt()).isPositive();
        assertThat(cost.path("outputTokens").asLong()).isPositive();
    }
}
