package dev.trae.examples.assistant;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** A rendered delivery note (PNG) for the tests: labelled fields Tesseract can read and a small line-item table. */
final class DeliveryNotes {
    private DeliveryNotes() {
    }

    static byte[] png() {
        BufferedImage img = new BufferedImage(1000, 760, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
        g.drawString("DELIVERY NOTE", 60, 80);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 30));
        String[] lines = {"Note No: 4711", "Date: 01.12.2026", "Supplier: Nordic Fuel", "Product: Diesel", "Quantity: 12000 l"};
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 60, 150 + i * 50);
        }
        g.setStroke(new BasicStroke(2));
        String[][] rows = {{"Item", "Litres", "Price"}, {"Diesel", "12000", "1.52"}, {"AdBlue", "400", "0.61"}};
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < 3; c++) {
                int x = 60 + c * 260;
                int y = 440 + r * 70;
                g.drawRect(x, y, 260, 70);
                g.drawString(rows[r][c], x + 16, y + 46);
            }
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
