package dev.jipc.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one string into an argument list by a small, fixed set of rules, for command lines typed
 * by a person ({@code jipc pipeline 'grep -v "^#"' 'sort -u'}, the {@code "cmd |"} arguments of
 * {@link ArgumentInput}). It is not a shell and never runs one.
 *
 * <h2>The rules, all of them</h2>
 * <ul>
 *   <li>Unquoted whitespace (space, tab, newline) separates arguments; runs of it count as one.</li>
 *   <li>{@code '...'} groups everything inside literally; no escapes inside.</li>
 *   <li>{@code "..."} groups; inside, a backslash escapes only {@code "} and {@code \}, and is kept
 *       literally before any other character.</li>
 *   <li>Outside quotes, a backslash makes the next character literal (a space, a quote,
 *       a backslash).</li>
 *   <li>Quoted and unquoted parts next to each other form one argument: {@code a'b c'd} is
 *       {@code "ab cd"}; {@code ''} is an empty argument.</li>
 *   <li>Nothing else is special: no globbing ({@code *.txt} stays {@code *.txt}), no variables
 *       ({@code $HOME} stays {@code $HOME}), no {@code ~}, no command substitution, and
 *       {@code | > < ; &} are ordinary characters.</li>
 *   <li>An unterminated quote or a backslash at the very end is an error, not a guess.</li>
 * </ul>
 */
public final class CommandString {
    private CommandString() {}

    /**
     * The arguments in {@code line}.
     *
     * @throws IllegalArgumentException for an unterminated quote or a trailing backslash
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' quote at column " + (i + 1) + ": " + line);
                }
                cur.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new IllegalArgumentException("unterminated \" quote at column " + (i + 1) + ": " + line);
                    }
                    char d = line.charAt(j);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\' && j + 1 < n && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        cur.append(line.charAt(j + 1));
                        j += 2;
                    } else {
                        cur.append(d);
                        j++;
                    }
                }
                inWord = true;
                i = j + 1;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("backslash at the end of: " + line);
                }
                cur.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return List.copyOf(out);
    }

    /**
     * The command {@code line} describes, by {@link #split(String)}.
     *
     * @throws IllegalArgumentException if it holds no arguments, or as {@code split} does
     */
    public static Command parse(String line) {
        List<String> argv = split(line);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command in \"" + line + "\"");
        }
        return Command.of(argv);
    }
}
