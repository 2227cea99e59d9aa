package dev.trae.examples.assistant;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.trae.spring.test.TraeLocalStack;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The fuel-station assistant: a Spring Boot web application on the Trae starter. Upload a delivery note (OCR text,
 * fields, Textract table), chat with Bedrock (the answer streams over server-sent events), talk to the Lex bot, and
 * watch the running Bedrock cost.
 *
 * <p>On Trae Local by default: {@code main} starts the fakes and points every {@code trae.*} endpoint at them. Pass
 * {@code --trae.mode=aws} (plus {@code trae.region}, credentials and {@code assistant.lex.*}) to talk to AWS.
 *
 * <pre>
 * make demo STEP=web                     # Trae Local, prints the URL
 * java ... AssistantApplication --trae.mode=aws --trae.region=eu-central-1 --assistant.lex.bot-id=...
 * </pre>
 */
@SpringBootApplication
public class AssistantApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(AssistantApplication.class);
        TraeLocalStack stack = null;
        if (!awsMode(args)) {
            stack = TraeLocalStack.start(false);
            Map<String, Object> defaults = new LinkedHashMap<>(stack.properties());
            defaults.put("assistant.local", "true");
            app.setDefaultProperties(defaults);
        }
        TraeLocalStack local = stack;
        app.addListeners(event -> {
            if (event instanceof ApplicationReadyEvent ready) {
                String port = ready.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
                System.out.println("Fuel-station assistant running at http://localhost:" + port + "/"
                        + (local != null ? " (Trae Local: no AWS calls)" : " (AWS)"));
            } else if (event instanceof ContextClosedEvent && local != null) {
                local.close();
            }
        });
        app.run(args);
    }

    static boolean awsMode(String[] args) {
        String fromArgs = Arrays.stream(args).filter(a -> a.startsWith("--trae.mode=")).map(a -> a.substring(12)).findFirst().orElse(null);
        String mode = fromArgs != null ? fromArgs : System.getProperty("trae.mode", System.getenv("TRAE_MODE"));
        return mode != null && mode.equalsIgnoreCase("aws");
    }
}
