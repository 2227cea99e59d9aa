package dev.trae.aws.vision;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders real HTML pages with headless Chromium (Debian's {@code chromium}) and reads the truth about them
 * from their DOM: every word's box (a Range per word, plus the text inputs draw: value, placeholder, the
 * selected option), and every button, input, checkbox and heading with its box. All pages go through one
 * Chromium run: each page in its own {@code 1000 x 700} iframe of one tall page, so the screenshot is cut
 * into one image per page and the boxes are page coordinates.
 */
final class ChromiumPages {
    static final int WIDTH = 1000;
    static final int HEIGHT = 700;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One rendered page: its screenshot and what its DOM says is on it. */
    record Page(String name, byte[] png, JsonNode truth) {
    }

    private ChromiumPages() {
    }

    /** The Chromium binary, or empty when none is installed. */
    static Optional<Path> chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    /** Renders the pages; throws with Chromium's output when it fails. */
    static List<Page> render(Path chromium, List<Path> pages, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>"
                + "body{margin:0}iframe{display:block;border:0;width:" + WIDTH + "px;height:" + HEIGHT + "px}</style></head><body>");
        for (Path p : pages) {
            html.append("<iframe scrolling=\"no\" data-name=\"").append(p.getFileName()).append("\" src=\"")
                    .append(p.toUri()).append("\"></iframe>");
        }
        html.append("<script>").append(TRUTH_SCRIPT).append("</script></body></html>");
        Path outer = work.resolve("pages.html");
        Files.writeString(outer, html, StandardCharsets.UTF_8);
        Path png = work.resolve("pages.png");
        Files.deleteIfExists(png);
        List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--allow-file-access-from-files",
                "--user-data-dir=" + work.resolve("profile"), "--virtual-time-budget=5000",
                "--window-size=" + WIDTH + "," + HEIGHT * pages.size(), "--screenshot=" + png, "--dump-dom", outer.toUri().toString());
        Path dom = work.resolve("dom.html");
        Path log = work.resolve("chromium.log");
        Process proc = new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        if (!proc.waitFor(120, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s");
        }
        String out = Files.readString(dom, StandardCharsets.UTF_8);
        int from = out.lastIndexOf("TRAE-TRUTH-BEGIN");
        int to = out.lastIndexOf("TRAE-TRUTH-END");
        if (proc.exitValue() != 0 || from < 0 || to < 0 || !Files.exists(png)) {
            String tail = Files.readString(log, StandardCharsets.UTF_8);
            throw new IOException("chromium failed (exit " + proc.exitValue() + "): " + tail.substring(Math.max(0, tail.length() - 1500)));
        }
        JsonNode truth = MAPPER.readTree(out.substring(from + "TRAE-TRUTH-BEGIN".length(), to)
                .replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        BufferedImage all = ImageIO.read(png.toFile());
        List<Page> result = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            BufferedImage crop = all.getSubimage(0, i * HEIGHT, WIDTH, HEIGHT);
            BufferedImage copy = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            copy.getGraphics().drawImage(crop, 0, 0, null);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(copy, "png", b);
            result.add(new Page(pages.get(i).getFileName().toString(), b.toByteArray(), truth.get(i)));
        }
        return result;
    }

    /**
     * Runs in the outer page after every iframe loaded. Per page: {@code lines} (text, box, words with boxes)
     * grouped by the element that holds the text and their vertical position, and {@code elements} (kind,
     * box, text) for buttons, text-like inputs (input, textarea, select), checkboxes and h1-h3 headings.
     */
    private static final String TRUTH_SCRIPT = """
            window.addEventListener('load', function () {
              var pages = [];
              var canvas = document.createElement('canvas').getContext('2d');
              document.querySelectorAll('iframe').forEach(function (f) {
                var doc = f.contentDocument, win = f.contentWindow, words = [];
                function box(r) { return {x: r.left, y: r.top, w: r.width, h: r.height}; }
                var walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT), n, key = 0, keys = new Map();
                while ((n = walker.nextNode())) {
                  var p = n.parentElement;
                  if (!p || ['SCRIPT', 'STYLE', 'OPTION', 'TITLE'].indexOf(p.tagName) >= 0) continue;
                  if (!keys.has(p)) keys.set(p, key++);
                  var re = /\\S+/g, m;
                  while ((m = re.exec(n.data))) {
                    var r = doc.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
                    var b = r.getBoundingClientRect();
                    if (b.width >= 1 && b.height >= 1) words.push({t: m[0], b: box(b), k: keys.get(p)});
                  }
                }
                doc.querySelectorAll('input,textarea,select').forEach(function (el) {
                  var t = el.tagName === 'SELECT' ? el.options[el.selectedIndex].text : (el.value || el.placeholder || '');
                  if (!t || ['checkbox', 'radio', 'password', 'submit', 'button'].indexOf(el.type) >= 0) return;
                  var cs = win.getComputedStyle(el), r = el.getBoundingClientRect();
                  canvas.font = cs.font;
                  var fs = parseFloat(cs.fontSize), x = r.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
                  var y = el.tagName === 'TEXTAREA' ? r.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop)
                                                    : r.top + (r.height - fs * 1.2) / 2;
                  var k = key++, re = /\\S+/g, m;
                  while ((m = re.exec(t))) {
                    var x0 = x + canvas.measureText(t.substring(0, m.index)).width;
                    words.push({t: m[0], b: {x: x0, y: y, w: canvas.measureText(m[0]).width, h: fs * 1.2}, k: k});
                  }
                });
                var lines = [];
                words.forEach(function (w) {
                  var last = lines.length ? lines[lines.length - 1] : null;
                  if (last && last.k === w.k && Math.abs(last.words[last.words.length - 1].b.y - w.b.y) < w.b.h / 2) {
                    last.words.push(w);
                  } else {
                    lines.push({k: w.k, words: [w]});
                  }
                });
                lines = lines.map(function (l) {
                  var x0 = Math.min.apply(null, l.words.map(function (w) { return w.b.x; }));
                  var y0 = Math.min.apply(null, l.words.map(function (w) { return w.b.y; }));
                  var x1 = Math.max.apply(null, l.words.map(function (w) { return w.b.x + w.b.w; }));
                  var y1 = Math.max.apply(null, l.words.map(function (w) { return w.b.y + w.b.h; }));
                  return {text: l.words.map(function (w) { return w.t; }).join(' '), b: {x: x0, y: y0, w: x1 - x0, h: y1 - y0},
                          words: l.words.map(function (w) { return {t: w.t, b: w.b}; })};
                });
                var elements = [];
                doc.querySelectorAll('button,input,textarea,select,h1,h2,h3').forEach(function (el) {
                  var kind = null, t = el.type;
                  if (el.tagName === 'BUTTON' || ['submit', 'button', 'reset'].indexOf(t) >= 0 && el.tagName === 'INPUT') kind = 'BUTTON';
                  else if (el.tagName === 'INPUT' && (t === 'checkbox' || t === 'radio')) kind = 'CHECKBOX';
                  else if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') kind = 'INPUT';
                  else kind = 'HEADING';
                  var r = el.getBoundingClientRect();
                  if (kind === 'HEADING') {
                    var rr = doc.createRange(); rr.selectNodeContents(el); r = rr.getBoundingClientRect();
                  }
                  elements.push({kind: kind, b: box(r), text: (el.innerText || el.value || '').trim()});
                });
                pages.push({name: f.dataset.name, lines: lines, elements: elements});
              });
              var pre = document.createElement('pre');
              pre.style.display = 'none';
              pre.textContent = 'TRAE-TRUTH-BEGIN' + JSON.stringify(pages) + 'TRAE-TRUTH-END';
              document.body.appendChild(pre);
            });
            """;
}
