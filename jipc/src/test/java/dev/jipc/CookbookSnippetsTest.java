package dev.jipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/cookbook.md honest: every java block marked {@code <!-- snippet: NAME -->} must appear,
 * verbatim after removing common indentation, between {@code // snippet: NAME} and
 * {@code // end snippet} in some test source, where a test compiles and runs it.
 */
class CookbookSnippetsTest {
    private static final Path COOKBOOK = Path.of("../docs/cookbook.md");
    private static final Path TESTS = Path.of("src/test/java");
    private static final Pattern DOC = Pattern.compile("<!-- snippet: ([\\w.-]+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern SRC = Pattern.compile("// snippet: ([\\w.-]+)\\n(.*?)\\n[ \\t]*// end snippet", Pattern.DOTALL);

    static String dedent(String block) {
        List<String> lines = block.lines().toList();
        int common = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(common).stripTrailing());
        }
        return String.join("\n", out).strip();
    }

    static Map<String, String> inDocs() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher mt = DOC.matcher(Files.readString(COOKBOOK));
        while (mt.find()) {
            assertThat(m.put(mt.group(1), dedent(mt.group(2)))).as("snippet %s named twice in the cookbook", mt.group(1)).isNull();
        }
        return m;
    }

    static Map<String, List<String>> inTests() throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher mt = SRC.matcher(Files.readString(f));
                while (mt.find()) {
                    m.computeIfAbsent(mt.group(1), k -> new ArrayList<>()).add(dedent(mt.group(2)));
                }
            }
        }
        return m;
    }

    @Test
    void everyCookbookSnippetIsTestedVerbatim() throws IOException {
        Map<String, String> docs = inDocs();
        assertThat(docs).as("snippets in %s", COOKBOOK).isNotEmpty();
        Map<String, List<String>> tests = inTests();
        for (var e : docs.entrySet()) {
            assertThat(tests).as("no test holds snippet '%s'", e.getKey()).containsKey(e.getKey());
            assertThat(tests.get(e.getKey())).as("snippet '%s' differs between the cookbook and the tests", e.getKey())
                    .contains(e.getValue());
        }
    }

    @Test
    void dedentRemovesOnlyCommonIndentation() {
        assertThat(dedent("    a\n      b\n\n    c")).isEqualTo("a\n  b\n\nc");
    }
}
