package dev.trae.ocr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.trae.ocr.testing.PageGenerator;
import picocli.CommandLine;

/** The command line: parallel files, results in input order, failures reported without stopping, exit status, progress. */
class OcrCliTest {
    @TempDir
    static Path dir;
    static Path big;
    static Path small;
    static Path second;

    @BeforeAll
    static void pages() throws Exception {
        String font = PageGenerator.availableFonts().get(0);
        // the first file takes longest, so that with two workers the later ones finish before it
        big = write("big.png", PageGenerator.render(List.of("First page of the batch", "Alpha bravo charlie delta",
                "Echo foxtrot golf hotel", "India juliett kilo lima"), font, 12, 300).image());
        small = write("small.png", PageGenerator.render(List.of("Second page"), font, 12, 300).image());
        second = write("third.png", PageGenerator.render(List.of("Third page"), font, 12, 300).image());
    }

    private static Path write(String name, java.awt.image.BufferedImage img) throws Exception {
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OcrCli cli = new OcrCli();
        cli.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        cli.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        cli.stderrTerminal = terminal;
        int code = new CommandLine(cli).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void manyFiles_whenOneIsMissingAndOneBroken_printsTheRestInInputOrderAndExitsOne() throws Exception {
        Path broken = dir.resolve("broken.png");
        Files.writeString(broken, "not an image");
        Path missing = dir.resolve("missing.png");
        List<String> args = new ArrayList<>(List.of("--lang", "eng", "--threads", "2"));
        args.addAll(List.of(big.toString(), missing.toString(), small.toString(), broken.toString(), second.toString()));

        Run r = run(false, args.toArray(String[]::new));

        assertThat(r.code()).isEqualTo(1);
        int a = r.out().indexOf("==> " + big + " <==");
        int b = r.out().indexOf("==> " + small + " <==");
        int c = r.out().indexOf("==> " + second + " <==");
        assertThat(a).isGreaterThanOrEqualTo(0);
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
        assertThat(r.out().substring(a, b)).contains("Alpha bravo charlie");
        assertThat(r.out().substring(b, c)).contains("Second page");
        assertThat(r.out().substring(c)).contains("Third page");
        assertThat(r.out()).doesNotContain(missing.toString()).doesNotContain(broken.toString());
        assertThat(r.err()).contains(missing + ": ").contains(broken + ": ");
        // one line per failed file, nothing else when standard error is not a terminal
        assertThat(r.err().lines().filter(l -> !l.isBlank())).hasSize(2);
    }

    @Test
    void manyFiles_whenAllSucceed_exitZeroAndJsonInInputOrder() {
        Run r = run(false, "--lang", "eng", "--threads", "2", "--format", "json", big.toString(), small.toString(), second.toString());

        assertThat(r.code()).isZero();
        int a = r.out().indexOf("\"big.png\"");
        int b = r.out().indexOf("\"small.png\"");
        int c = r.out().indexOf("\"third.png\"");
        assertThat(a).isGreaterThanOrEqualTo(0);
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
        assertThat(r.out().substring(c)).contains("Third page");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void progress_whenStandardErrorIsATerminal_goesToStandardErrorOnly() {
        Run r = run(true, "--lang", "eng", "--threads", "2", small.toString(), second.toString());

        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("OCR").contains("files");
        assertThat(r.out()).doesNotContain("files").contains("Second page").contains("Third page");
    }

    @Test
    void terminalDevice_isRecognisedFromTheLinkTarget() {
        assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Terminal.isTerminalDevice("pipe:[12345]")).isFalse();
        assertThat(Terminal.isTerminalDevice("/tmp/out.log")).isFalse();
    }

    @Test
    void submissionOrder_whenTheLastWindowHoldsLargerFiles_thenTheyStartLargestFirstAndTheRestInInputOrder() throws Exception {
        List<Path> files = new ArrayList<>();
        int[] sizes = {50, 10, 30, 5, 40, 20};
        for (int i = 0; i < sizes.length; i++) {
            Path f = dir.resolve("order-" + i + ".bin");
            Files.write(f, new byte[sizes[i]]);
            files.add(f);
        }
        files.add(dir.resolve("order-missing.bin"));
        // window 4: files 0-2 in input order, then the last four (5, 40 and 20 bytes and a missing file) largest
        // first, the missing file first of all (it fails at once)
        assertThat(OcrCli.submissionOrder(files, 4)).containsExactly(0, 1, 2, 6, 4, 5, 3);
        assertThat(OcrCli.submissionOrder(files, 100)).containsExactly(6, 0, 4, 2, 5, 1, 3);
        assertThat(OcrCli.submissionOrder(List.of(), 4)).isEmpty();
    }
}
