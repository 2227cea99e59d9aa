import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import dev.trae.ocr.OcrEngine;

public class Smoke {
    public static void main(String[] args) throws Exception {
        BufferedImage img = new BufferedImage(900, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 900, 160);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 56));
        g.drawString("DIESEL 12450 LITRES", 30, 100);
        g.dispose();
        Path file = Files.createTempFile("trae-smoke", ".png");
        ImageIO.write(img, "png", file.toFile());
        try (OcrEngine engine = OcrEngine.builder().languages("eng").build()) {
            System.out.println("SMOKE-OK " + engine.recognize(file).text().trim());
        }
    }
}
