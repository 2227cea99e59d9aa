package dev.trae.ocr.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.PointerByReference;

import dev.trae.aws.core.TraeClientException;
import dev.trae.aws.core.TraeTimeoutException;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI;
import net.sourceforge.tess4j.util.LoadLibs;

/**
 * One native Tesseract instance (TessBaseAPI through tess4j's JNA binding) with its models loaded. Not
 * thread-safe: the pool hands it to one thread at a time.
 */
public final class NativeTesseract implements AutoCloseable {
    private static volatile boolean loaded;
    private static volatile TessAPI lib;
    /** The serial OpenMP stand-ins, when loaded (held so that they stay loaded). */
    private static NativeLibrary serialOpenMp;
    /** Linux's RTLD_NOW | RTLD_GLOBAL. */
    private static final int RTLD_NOW_GLOBAL = 0x002 | 0x100;
    private static final String SERIAL_OPENMP = "/dev/trae/ocr/native/linux-x86-64/libtrae-serial-omp.so";

    private final TessBaseAPI api;
    private final Path tessdata;
    private TessBaseAPI osd;
    private boolean osdUnavailable;
    /** Reused for every page: native memory for the pixels handed to Tesseract (which copies them). */
    private ByteBuffer pixels;

    /** A recognised word with its line and block membership, in the coordinates of the image given. */
    public static final class RawWord {
        public final String text;
        public final int left;
        public final int top;
        public final int right;
        public final int bottom;
        public final float confidence;
        public final int block;
        public final int line;

        RawWord(String text, int[] box, float confidence, int block, int line) {
            this.text = text;
            this.left = box[0];
            this.top = box[1];
            this.right = box[2];
            this.bottom = box[3];
            this.confidence = confidence;
            this.block = block;
            this.line = line;
        }
    }

    /**
     * Loads libtesseract once. OpenMP inside Tesseract is limited to one thread per instance (the pool runs
     * one instance per core; nested OpenMP threads only contend), unless the user set OMP_THREAD_LIMIT. The
     * OpenMP runtime reads the variable once, when it is loaded with libtesseract, so it is set only for that
     * moment: processes the application starts later do not inherit it.
     *
     * <p>When OpenMP would run one thread anyway (OMP_THREAD_LIMIT unset or 1) on Linux x86-64, serial stand-ins
     * for the four OpenMP entry points libtesseract calls are loaded first (see {@code src/main/native/serial-omp}):
     * libgomp ends every one-thread region with a futex system call, and the LSTM opens one per time step and
     * layer, tens of thousands per page. {@code -Dtrae.ocr.serialOpenMp=false} keeps libgomp's.
     */
    public static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        loadSerialOpenMp();
        CLib c = null;
        if (System.getenv("OMP_THREAD_LIMIT") == null) {
            try {
                c = Native.load("c", CLib.class);
                if (c.setenv("OMP_THREAD_LIMIT", "1", 0) != 0) {
                    c = null;
                }
            } catch (Throwable ignored) {
                c = null; // not fatal: only a performance setting
            }
        }
        try {
            lib = LoadLibs.getTessAPIInstance();
            String v = lib.TessVersion();
            if (v == null) {
                throw new UnsatisfiedLinkError("TessVersion returned nothing");
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new TraeClientException("the Tesseract native library (libtesseract) could not be loaded: " + e.getMessage()
                    + ". Install it: apt-get install tesseract-ocr libtesseract-dev", e);
        } finally {
            if (c != null) {
                c.unsetenv("OMP_THREAD_LIMIT");
            }
        }
        loaded = true;
    }

    private static void loadSerialOpenMp() {
        String limit = System.getenv("OMP_THREAD_LIMIT");
        if (!Boolean.parseBoolean(System.getProperty("trae.ocr.serialOpenMp", "true"))
                || (limit != null && !limit.strip().equals("1"))
                || !"linux-x86-64".equals(Platform.RESOURCE_PREFIX)) {
            return;
        }
        Path file = null;
        try (InputStream in = NativeTesseract.class.getResourceAsStream(SERIAL_OPENMP)) {
            if (in == null) {
                return;
            }
            file = Files.createTempFile("trae-serial-omp", ".so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            serialOpenMp = NativeLibrary.getInstance(file.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW_GLOBAL));
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            serialOpenMp = null; // not fatal (a temporary directory mounted noexec, an old glibc): libgomp runs the regions
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file); // the mapping stays
                } catch (IOException ignored) {
                    // left in the temporary directory
                }
            }
        }
    }

    /**
     * How many OpenMP regions the serial stand-ins ran in this process, or -1 when they are not loaded (libgomp
     * runs them). Tests use it to check that libtesseract's calls arrive there.
     */
    public static long serialOpenMpRegions() {
        ensureLoaded();
        NativeLibrary l = serialOpenMp;
        if (l == null) {
            return -1;
        }
        Function f = l.getFunction("trae_serial_omp_regions");
        return f.invokeLong(new Object[0]);
    }

    /** The native library version, such as 5.3.0. */
    public static String version() {
        ensureLoaded();
        return api().TessVersion();
    }

    private static TessAPI api() {
        return lib;
    }

    interface CLib extends Library {
        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    /**
     * Starts an instance: {@code initVariables} are init-only parameters (such as user_words_file),
     * {@code variables} ordinary ones (such as tessedit_char_whitelist).
     */
    public NativeTesseract(Path tessdata, String languages, int engineMode, Map<String, String> initVariables,
                           Map<String, String> variables) {
        ensureLoaded();
        this.tessdata = tessdata;
        api = api().TessBaseAPICreate();
        int rc;
        if (initVariables.isEmpty()) {
            rc = api().TessBaseAPIInit2(api, tessdata.toString(), languages, engineMode);
        } else {
            String[] keys = initVariables.keySet().toArray(new String[0]);
            String[] values = initVariables.values().toArray(new String[0]);
            PointerByReference k = new PointerByReference();
            k.setPointer(new StringArray(keys, "UTF-8"));
            PointerByReference v = new PointerByReference();
            v.setPointer(new StringArray(values, "UTF-8"));
            rc = api().TessBaseAPIInit4(api, tessdata.toString(), languages, engineMode, null, 0, k, v,
                    new com.ochafik.lang.jnaerator.runtime.NativeSize(keys.length), ITessAPI.FALSE);
        }
        if (rc != 0) {
            api().TessBaseAPIDelete(api);
            throw new TraeClientException("Tesseract could not load languages " + languages + " from " + tessdata
                    + " (code " + rc + "); check the traineddata files");
        }
        for (Map.Entry<String, String> e : variables.entrySet()) {
            if (api().TessBaseAPISetVariable(api, e.getKey(), e.getValue()) == 0) {
                throw new TraeClientException("Tesseract does not know the variable " + e.getKey());
            }
        }
    }

    /**
     * Recognises an 8-bit gray image. Returns the words in reading order with block and line indexes.
     *
     * @param deadlineMillis give up after this long (0 for no limit)
     */
    public List<RawWord> recognize(byte[] gray, int w, int h, int dpi, int pageSegMode, int deadlineMillis) {
        ByteBuffer buf = direct(gray);
        api().TessBaseAPISetPageSegMode(api, pageSegMode);
        api().TessBaseAPISetImage(api, buf, w, h, 1, w);
        api().TessBaseAPISetSourceResolution(api, dpi);
        ITessAPI.ETEXT_DESC monitor = null;
        try {
            if (deadlineMillis > 0) {
                monitor = api().TessMonitorCreate();
                api().TessMonitorSetDeadlineMSecs(monitor, deadlineMillis);
            }
            int rc = api().TessBaseAPIRecognize(api, monitor);
            if (rc != 0) {
                if (deadlineMillis > 0) {
                    throw new TraeTimeoutException("Tesseract did not finish the page within " + deadlineMillis
                            + " ms; raise OcrEngine.builder().pageTimeout(...) or reduce the image size",
                            java.time.Duration.ofMillis(deadlineMillis), null, false);
                }
                throw new TraeClientException("Tesseract failed to recognise the page (code " + rc + ")");
            }
            return collect();
        } finally {
            if (monitor != null) {
                api().TessMonitorDelete(monitor);
            }
            api().TessBaseAPIClear(api);
        }
    }

    private ByteBuffer direct(byte[] gray) {
        if (pixels == null || pixels.capacity() < gray.length) {
            pixels = ByteBuffer.allocateDirect(gray.length);
        }
        pixels.clear();
        pixels.put(gray).flip();
        return pixels;
    }

    private List<RawWord> collect() {
        List<RawWord> words = new ArrayList<>();
        TessResultIterator ri = api().TessBaseAPIGetIterator(api);
        if (ri == null) {
            return words;
        }
        try {
            TessPageIterator pi = api().TessResultIteratorGetPageIterator(ri);
            api().TessPageIteratorBegin(pi);
            int block = -1;
            int line = -1;
            IntBuffer l = IntBuffer.allocate(1);
            IntBuffer t = IntBuffer.allocate(1);
            IntBuffer r = IntBuffer.allocate(1);
            IntBuffer b = IntBuffer.allocate(1);
            do {
                if (api().TessPageIteratorIsAtBeginningOf(pi, ITessAPI.TessPageIteratorLevel.RIL_BLOCK) != 0) {
                    block++;
                }
                if (api().TessPageIteratorIsAtBeginningOf(pi, ITessAPI.TessPageIteratorLevel.RIL_TEXTLINE) != 0) {
                    line++;
                }
                Pointer p = api().TessResultIteratorGetUTF8Text(ri, ITessAPI.TessPageIteratorLevel.RIL_WORD);
                if (p == null) {
                    continue;
                }
                String text;
                try {
                    text = p.getString(0, "UTF-8");
                } finally {
                    api().TessDeleteText(p);
                }
                if (text.isBlank()) {
                    continue;
                }
                float conf = api().TessResultIteratorConfidence(ri, ITessAPI.TessPageIteratorLevel.RIL_WORD);
                l.clear();
                t.clear();
                r.clear();
                b.clear();
                api().TessPageIteratorBoundingBox(pi, ITessAPI.TessPageIteratorLevel.RIL_WORD, l, t, r, b);
                words.add(new RawWord(text.strip(), new int[] {l.get(0), t.get(0), r.get(0), b.get(0)}, conf,
                        Math.max(0, block), Math.max(0, line)));
            } while (api().TessPageIteratorNext(pi, ITessAPI.TessPageIteratorLevel.RIL_WORD) != 0);
        } finally {
            api().TessResultIteratorDelete(ri);
        }
        return words;
    }

    /**
     * Orientation by Tesseract's OSD model: degrees the page is turned clockwise (0, 90, 180, 270) and the
     * confidence, or null when OSD is unavailable or finds too little text.
     */
    public float[] detectOrientation(byte[] gray, int w, int h, int dpi) {
        if (osdUnavailable) {
            return null;
        }
        if (osd == null) {
            if (Tessdata.osd(tessdata).isEmpty()) {
                osdUnavailable = true;
                return null;
            }
            osd = api().TessBaseAPICreate();
            if (api().TessBaseAPIInit2(osd, tessdata.toString(), "osd", ITessAPI.TessOcrEngineMode.OEM_TESSERACT_ONLY) != 0) {
                api().TessBaseAPIDelete(osd);
                osd = null;
                osdUnavailable = true;
                return null;
            }
            api().TessBaseAPISetPageSegMode(osd, ITessAPI.TessPageSegMode.PSM_OSD_ONLY);
        }
        ByteBuffer buf = direct(gray);
        api().TessBaseAPISetImage(osd, buf, w, h, 1, w);
        api().TessBaseAPISetSourceResolution(osd, dpi);
        try {
            IntBuffer deg = IntBuffer.allocate(1);
            FloatBuffer conf = FloatBuffer.allocate(1);
            FloatBuffer scriptConf = FloatBuffer.allocate(1);
            PointerByReference script = new PointerByReference();
            int ok = api().TessBaseAPIDetectOrientationScript(osd, deg, conf, script, scriptConf);
            if (ok == 0) {
                return null;
            }
            return new float[] {deg.get(0), conf.get(0)};
        } finally {
            api().TessBaseAPIClear(osd);
        }
    }

    @Override
    public void close() {
        api().TessBaseAPIEnd(api);
        api().TessBaseAPIDelete(api);
        if (osd != null) {
            api().TessBaseAPIEnd(osd);
            api().TessBaseAPIDelete(osd);
            osd = null;
        }
    }
}
