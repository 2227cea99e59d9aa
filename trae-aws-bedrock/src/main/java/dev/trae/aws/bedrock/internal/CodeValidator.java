package dev.trae.aws.bedrock.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.tools.Diagnostic.Kind;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trae.aws.bedrock.model.CodeFile;
import dev.trae.aws.bedrock.model.Diagnostic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Validates generated code in-process: Java is compiled with {@code javax.tools} (nothing is written to
 * disk), JSON is parsed strictly, YAML when jackson-dataformat-yaml is on the class path, XML with a
 * hardened parser (no DTDs, no external entities). Other languages are not validated.
 */
public final class CodeValidator {
    private static final Logger LOG = LoggerFactory.getLogger(CodeValidator.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CodeValidator() {
    }

    /** Whether this language is validated. */
    public static boolean validates(String language) {
        switch (language.toLowerCase(Locale.ROOT)) {
            case "java":
                return ToolProvider.getSystemJavaCompiler() != null;
            case "json":
            case "xml":
                return true;
            case "yaml":
                return Yaml.available();
            default:
                return false;
        }
    }

    /** Validates the files (Java files are compiled together with the Java files of {@code context}). */
    public static List<Diagnostic> validate(List<CodeFile> files, List<CodeFile> context) {
        List<Diagnostic> out = new ArrayList<>();
        List<CodeFile> java = new ArrayList<>();
        for (CodeFile f : files) {
            switch (f.language()) {
                case "java":
                    java.add(f);
                    break;
                case "json":
                    json(f, out);
                    break;
                case "yaml":
                    if (Yaml.available()) {
                        Yaml.check(f, out);
                    }
                    break;
                case "xml":
                    xml(f, out);
                    break;
                default:
                    break;
            }
        }
        if (!java.isEmpty()) {
            List<CodeFile> all = new ArrayList<>(java);
            context.stream().filter(c -> c.language().equals("java") && java.stream().noneMatch(j -> j.path().equals(c.path())))
                    .forEach(all::add);
            java(all, out);
        }
        return out;
    }

    private static void json(CodeFile f, List<Diagnostic> out) {
        try {
            JSON.readTree(f.content());
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            out.add(new Diagnostic(f.path(), loc == null ? 0 : loc.getLineNr(), "invalid JSON: " + e.getOriginalMessage()));
        }
    }

    private static void xml(CodeFile f, List<Diagnostic> out) {
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            dbf.setFeature("http://xml.org/sax/features/external-general-entities", false);
            dbf.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            dbf.setXIncludeAware(false);
            dbf.setExpandEntityReferences(false);
            var db = dbf.newDocumentBuilder();
            db.setErrorHandler(null);
            db.parse(new InputSource(new StringReader(f.content())));
        } catch (SAXParseException e) {
            out.add(new Diagnostic(f.path(), Math.max(0, e.getLineNumber()), "invalid XML: " + e.getMessage()));
        } catch (Exception e) {
            out.add(new Diagnostic(f.path(), 0, "invalid XML: " + e.getMessage()));
        }
    }

    private static void java(List<CodeFile> files, List<Diagnostic> out) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            LOG.warn("no Java compiler in this runtime (a JRE?): generated Java is not validated");
            return;
        }
        List<JavaFileObject> units = new ArrayList<>();
        for (CodeFile f : files) {
            units.add(new Source(f));
        }
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StandardJavaFileManager std = compiler.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8);
        try (ForwardingJavaFileManager<StandardJavaFileManager> fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream();
                    }
                };
            }
        }) {
            List<String> options = List.of("-proc:none", "-Xlint:none", "-implicit:none", "--release", "17");
            compiler.getTask(null, fm, diags, options, null, units).call();
        } catch (java.io.IOException e) {
            out.add(new Diagnostic("(compiler)", 0, "compiler I/O failed: " + e.getMessage()));
        }
        for (javax.tools.Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() == Kind.ERROR) {
                String path = d.getSource() instanceof Source ? ((Source) d.getSource()).path : "(unknown)";
                out.add(new Diagnostic(path, Math.max(0, d.getLineNumber()), d.getMessage(Locale.ROOT)));
            }
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        final String path;
        final String code;

        Source(CodeFile f) {
            super(URI.create("string:///" + f.path().replaceAll("[^\\w./-]", "_")), JavaFileObject.Kind.SOURCE);
            this.path = f.path();
            this.code = f.content();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    /** YAML through jackson-dataformat-yaml, loaded only when present. */
    static final class Yaml {
        private static final boolean AVAILABLE = present();

        private static boolean present() {
            try {
                Class.forName("com.fasterxml.jackson.dataformat.yaml.YAMLFactory", false, CodeValidator.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        static boolean available() {
            return AVAILABLE;
        }

        static void check(CodeFile f, List<Diagnostic> out) {
            try {
                ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
                try (var it = yaml.readerFor(Object.class).readValues(f.content())) {
                    while (it.hasNext()) {
                        it.next();
                    }
                }
            } catch (JsonProcessingException e) {
                JsonLocation loc = e.getLocation();
                out.add(new Diagnostic(f.path(), loc == null ? 0 : loc.getLineNr(), "invalid YAML: " + e.getOriginalMessage()));
            } catch (RuntimeException | java.io.IOException e) {
                out.add(new Diagnostic(f.path(), 0, "invalid YAML: " + e.getMessage()));
            }
        }
    }
}
