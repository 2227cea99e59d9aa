package dev.trae.examples.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.trae.spring.test.TraeLocalStack;
import dev.trae.spring.test.TraeLocalTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The page in a real browser: Debian's headless Chromium driven by Selenium against the app on Trae Local. It
 * uploads a delivery note and sees the fields, sends a chat message and sees tokens arrive before the answer is
 * complete, talks to the Lex bot, sees clear messages for bad input, and saves a screenshot under
 * {@code demo-output/}. Skips, saying why, only where no Chromium is installed ({@code make deps} installs
 * {@code chromium chromium-driver}).
 */
@TraeLocalTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "assistant.local=true", s3 = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssistantBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;

    @Autowired
    TraeLocalStack local;

    private WebDriver browser;

    @BeforeAll
    void startBrowser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "no Chromium here: /usr/bin/chromium and /usr/bin/chromedriver come from the Debian packages chromium and "
                        + "chromium-driver, which make deps installs");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1100");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(50));
    }

    private WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    @Test
    void page_uploadChatLexAndBadInput_inARealBrowser(@TempDir Path dir) throws Exception {
        browser.get("http://localhost:" + port + "/");
        assertThat(browser.getTitle()).isEqualTo("Fuel-station assistant");

        // bad input first: a text file is refused with a message on the page
        Path text = Files.writeString(dir.resolve("notes.txt"), "diesel 12000 l");
        byId("file").sendKeys(text.toString());
        byId("upload").click();
        waiting().until(d -> byId("upload-error").isDisplayed());
        assertThat(byId("upload-error").getText()).contains("not an image");

        // a delivery note: fields, the Textract table and the OCR text appear
        Path note = Files.write(dir.resolve("delivery-note.png"), DeliveryNotes.png());
        byId("file").clear();
        byId("file").sendKeys(note.toString());
        byId("upload").click();
        waiting().until(d -> byId("upload-result").isDisplayed());
        assertThat(byId("upload-error").isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#fields tr"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#ocr-fields tr")).stream().map(WebElement::getText))
                .anySatisfy(row -> assertThat(row).contains("Quantity").contains("12000"));
        assertThat(browser.findElements(By.cssSelector(".textract-table tr"))).hasSizeGreaterThan(1);
        assertThat(byId("ocr-text").getText()).contains("DELIVERY NOTE");

        // an empty chat message gets a message, not a request to Bedrock
        int conversesBefore = local.local().server("bedrock-runtime").count("ConverseStream");
        byId("chat-send").click();
        waiting().until(d -> byId("chat-error").isDisplayed());
        assertThat(byId("chat-error").getText()).contains("empty");
        assertThat(local.local().server("bedrock-runtime").count("ConverseStream")).isEqualTo(conversesBefore);

        // a chat message: tokens are on the page while the stream is still running
        local.bedrockRuntime().streaming(4, Duration.ofMillis(120));
        try {
            byId("chat-input").sendKeys("When is the next diesel delivery due?");
            byId("chat-send").click();
            List<String> seen = new ArrayList<>();
            waiting().until(d -> {
                String status = byId("chat-status").getText();
                String answer = byId("chat-answer").getText();
                if (!answer.isEmpty()) {
                    seen.add(status + "|" + answer.length());
                }
                return status.startsWith("done");
            });
            int finalLength = byId("chat-answer").getText().length();
            assertThat(seen).as("answer lengths seen while streaming")
                    .anySatisfy(s -> {
                        assertThat(s).startsWith("streaming|");
                        assertThat(Integer.parseInt(s.substring(s.indexOf('|') + 1))).isLessThan(finalLength);
                    });
            assertThat(byId("chat-error").isDisplayed()).isFalse();
        } finally {
            local.bedrockRuntime().streaming(12, Duration.ZERO);
        }

        // the Lex box
        byId("lex-input").sendKeys("when are you open");
        byId("lex-send").click();
        waiting().until(d -> byId("lex-log").getText().contains("Bot:"));
        assertThat(byId("lex-log").getText()).contains("around the clock");

        // the running cost counts the chat
        waiting().until(d -> !byId("cost").getText().contains("(0 calls"));

        Path out = demoOutput().resolve("spring-boot-assistant.png");
        Files.createDirectories(out.getParent());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(out)).isGreaterThan(10_000);
    }

    /** {@code demo-output/} at the project root (the module sits at examples/spring-boot-assistant). */
    static Path demoOutput() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bom/pom.xml"))) {
                return p.resolve("demo-output");
            }
        }
        return dir.resolve("demo-output");
    }
}
